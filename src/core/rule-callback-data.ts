import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The buttons of a rule suggestion in the supervisors' group (Terima, Abaikan). Signed like the
 * ticket buttons (`callback-data.ts`): an HMAC over the chat, the action and the rule id, so a
 * button copied into another group, or edited, is refused. Its own shape, so it is never
 * mistaken for a ticket button: `L<a|d>|<rule id>|<mac>` (`a` accept, `d` dismiss).
 */
export type RuleAction = "accept" | "dismiss";

const CODES: Record<RuleAction, string> = { accept: "a", dismiss: "d" };
const RULE_ID = /^r-[0-9a-f]{6}$/;
const MAC_CHARS = 12;

function mac(secret: string, chatId: number, action: RuleAction, ruleId: string): string {
  return createHmac("sha256", secret)
    .update(`L|${chatId}|${action}|${ruleId}`)
    .digest("base64url")
    .slice(0, MAC_CHARS);
}

export function encodeRuleCallback(
  action: RuleAction,
  ruleId: string,
  chatId: number,
  secret: string,
): string {
  if (!RULE_ID.test(ruleId)) throw new Error(`not a rule id: ${ruleId}`);
  return `L${CODES[action]}|${ruleId}|${mac(secret, chatId, action, ruleId)}`;
}

/** Whether `data` has the shape of a rule button (checked before the ticket buttons are). */
export function isRuleCallback(data: string): boolean {
  return /^L[ad]\|/.test(data);
}

/** The action and rule of a button pressed in `chatId`; undefined when malformed or not signed for it. */
export function decodeRuleCallback(
  data: string,
  chatId: number,
  secret: string,
): { action: RuleAction; ruleId: string } | undefined {
  const m = /^L([ad])\|(r-[0-9a-f]{6})\|([A-Za-z0-9_-]{12})$/.exec(data);
  if (!m) return undefined;
  const action: RuleAction = m[1] === "a" ? "accept" : "dismiss";
  const ruleId = m[2] as string;
  const expected = Buffer.from(mac(secret, chatId, action, ruleId));
  const given = Buffer.from(m[3] as string);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { action, ruleId }
    : undefined;
}
