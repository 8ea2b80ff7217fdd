import { escapeHtml } from "../core/render-card.js";
import { decodeRuleCallback } from "../core/rule-callback-data.js";
import type { PipelineSettings } from "../core/settings.js";
import type { ChatGateway } from "../ports/chat-gateway.js";
import { isPresent, type Membership } from "../staff/membership.js";
import type { AcceptedRule } from "./candidate-rule.js";
import type { LearnedRuleStore } from "./learned-rules.js";
import { describeRule } from "./weekly-suggestions.js";

export interface RulePressDeps {
  rules: LearnedRuleStore;
  chat: Pick<ChatGateway, "answerCallback" | "editMessage">;
  membership: Membership;
  settings: Pick<PipelineSettings, "agencies" | "supervisorsChatId">;
  secret: string;
  now(): number;
}

export interface RulePress {
  callbackQueryId: string;
  chatId: number;
  messageId: number;
  user: { id: number; name: string };
  data: string;
}

/**
 * A supervisor pressed Terima or Abaikan under a rule suggestion. Only in the supervisors' group,
 * only by someone who is in it now. Terima adds the rule to the accepted rules in Redis (who
 * accepted: the supervisor's name), which every process that triages reloads; config/ on this
 * machine is not written (`npm run rules -- sync` writes the files). Abaikan records the dismissal
 * so the suggestion is not offered again. A second press finds it done and says so.
 */
export async function handleRulePress(d: RulePressDeps, p: RulePress): Promise<string> {
  const answer = async (text: string) => {
    await d.chat.answerCallback(p.callbackQueryId, text);
    return text;
  };
  const supervisors = d.settings.supervisorsChatId;
  const decoded = supervisors === p.chatId ? decodeRuleCallback(p.data, p.chatId, d.secret) : undefined;
  if (!decoded) return answer("Tombol ini tidak berlaku di sini.");
  if (!isPresent(await d.membership.status(p.chatId, p.user.id)))
    return answer("Hanya supervisor yang dapat memakai tombol ini.");
  const s = await d.rules.offered(decoded.ruleId);
  if (!s) return answer("Saran ini sudah kedaluwarsa.");
  const at = new Date(d.now()).toISOString();
  if (decoded.action === "dismiss") {
    const fresh = await d.rules.dismiss(s.id, p.user.name, at);
    await d.chat.editMessage(
      p.chatId,
      p.messageId,
      `✖️ Diabaikan oleh ${escapeHtml(p.user.name)}: ${describeRule(s.rule, d.settings)} (${s.id})`,
    );
    return answer(fresh ? "Saran diabaikan; tidak akan ditawarkan lagi." : "Saran ini sudah diabaikan.");
  }
  if (s.rule.type !== "kind" && !d.settings.agencies.has(s.rule.agency))
    return answer("Dinas pada aturan ini tidak dikenal; tidak diterima.");
  const accepted: AcceptedRule = {
    id: s.id,
    rule: s.rule,
    by: p.user.name,
    on: at.slice(0, 10),
    support: s.support,
    precision: s.precision,
    net: s.total.net,
  };
  const { added, version } = await d.rules.accept(accepted);
  await d.chat.editMessage(
    p.chatId,
    p.messageId,
    `✅ Diterima oleh ${escapeHtml(p.user.name)}: ${describeRule(s.rule, d.settings)} (${s.id}, versi aturan ${version})`,
  );
  return answer(
    added ? "Aturan diterima; triase memakainya mulai tiket berikutnya." : "Aturan ini sudah diterima.",
  );
}
