import { createHmac, timingSafeEqual } from "node:crypto";
import { AduanError } from "../errors.js";
import { TICKET_ID } from "./ticket-id.js";

/**
 * Telegram inline-button payloads. Telegram gives us at most 64 bytes and hands back whatever the
 * button carried, so anyone who can copy a message (or craft an update) could aim a press at any
 * ticket. Each payload therefore carries a short HMAC over the chat it was posted to, the ticket,
 * the action and its argument: a button copied into another group, or edited by hand, fails.
 *
 * Wire format (ASCII): `1<code>|<ticket id>|<arg>|<mac>` where `1` is the format version, `<code>`
 * one letter per action and `<mac>` the first 12 base64url characters (72 bits) of
 * HMAC-SHA256(secret, `1|<chat id>|<ticket id>|<action>|<arg>`).
 */

export type CallbackAction =
  /** Ambil: the presser becomes the assignee. */
  | "claim"
  /** Alihkan: show the agency keyboard. */
  | "reassign_menu"
  /** Move the ticket to the agency in `arg`. */
  | "reassign"
  /** Selesai: show the resolve keyboard (the note itself arrives as a reply). */
  | "resolve_menu"
  /** Selesai tanpa catatan. */
  | "resolve"
  /** Tolak: show the reasons. */
  | "reject_menu"
  /** Reject with the reason in `arg` (`bukan_aduan`, `spam`, `duplikat`, `kasar`). */
  | "reject"
  /** Batal: back to the card's main keyboard. */
  | "cancel"
  /** Moderation card: show the agency keyboard to route the ticket after all. */
  | "route_menu"
  /** Triage or moderation card: dispatch to the agency in `arg`. */
  | "route"
  /** `/macet`: re-drive the ticket's parked effect in `arg` (`card`, `reply_received`…). */
  | "redrive"
  /** `/macet`: dismiss the ticket's parked effect in `arg` (a reply that can never succeed). */
  | "dismiss"
  /**
   * "Kirim sebagai catatan": the plain message with id `arg` (held for confirmation) becomes the
   * resolution note.
   */
  | "note_send"
  /** "Batal" under a note held for confirmation: the plain message with id `arg` is not used. */
  | "note_cancel"
  /** Jenis: show the report kinds. */
  | "kind_menu"
  /** Set the report kind to the one in `arg` (`keluhan`, `permintaan`, `pertanyaan`, `saran`). */
  | "set_kind";

const CODES: Record<CallbackAction, string> = {
  claim: "c",
  reassign_menu: "A",
  reassign: "a",
  resolve_menu: "S",
  resolve: "s",
  reject_menu: "J",
  reject: "j",
  cancel: "x",
  route_menu: "T",
  route: "t",
  redrive: "R",
  dismiss: "D",
  note_send: "n",
  note_cancel: "N",
  kind_menu: "K",
  set_kind: "k",
};
const ACTIONS_BY_CODE = new Map(
  Object.entries(CODES).map(([action, code]) => [code, action as CallbackAction]),
);

/** Actions that need an argument (an agency id or a reject reason); the others must have none. */
const NEEDS_ARG: ReadonlySet<CallbackAction> = new Set([
  "reassign",
  "reject",
  "route",
  "redrive",
  "dismiss",
  "note_send",
  "note_cancel",
  "set_kind",
]);

const VERSION = "1";
const MAC_CHARS = 12;
export const MAX_CALLBACK_BYTES = 64;
const ARG = /^[a-z0-9_]{1,32}$/;

export interface CallbackData {
  action: CallbackAction;
  ticketId: string;
  /**
   * Agency id for reassign/route, reason for reject, a message id for the note buttons, a report
   * kind for set_kind; absent otherwise.
   */
  arg?: string;
}

export type CallbackDataErrorCode =
  /** Not ours, or cut or mangled: wrong shape, unknown version or action. */
  | "malformed"
  /** Well-formed but signed for another chat, with another secret, or edited. */
  | "bad_signature"
  /** Encoding would exceed Telegram's 64 bytes, or the ticket/argument is not encodable. */
  | "invalid";

export class CallbackDataError extends AduanError {
  override readonly name = "CallbackDataError";
  readonly who = "input";
  constructor(
    readonly code: CallbackDataErrorCode,
    message: string,
  ) {
    super(message);
  }
}

function mac(secret: string, chatId: number, data: CallbackData): string {
  return createHmac("sha256", secret)
    .update(`${VERSION}|${chatId}|${data.ticketId}|${data.action}|${data.arg ?? ""}`)
    .digest("base64url")
    .slice(0, MAC_CHARS);
}

/** Signs `data` for buttons posted into `chatId`. Throws `CallbackDataError` (`invalid`) when it cannot fit. */
export function encodeCallbackData(data: CallbackData, chatId: number, secret: string): string {
  if (!TICKET_ID.test(data.ticketId))
    throw new CallbackDataError("invalid", `not a ticket id: ${data.ticketId}`);
  if (NEEDS_ARG.has(data.action) !== (data.arg !== undefined)) {
    throw new CallbackDataError(
      "invalid",
      `${data.action} ${NEEDS_ARG.has(data.action) ? "needs" : "takes no"} argument`,
    );
  }
  if (data.arg !== undefined && !ARG.test(data.arg))
    throw new CallbackDataError("invalid", `argument not encodable: ${data.arg}`);
  const encoded = `${VERSION}${CODES[data.action]}|${data.ticketId}|${data.arg ?? ""}|${mac(secret, chatId, data)}`;
  if (Buffer.byteLength(encoded) > MAX_CALLBACK_BYTES) {
    throw new CallbackDataError(
      "invalid",
      `callback data is ${Buffer.byteLength(encoded)} bytes, Telegram allows 64`,
    );
  }
  return encoded;
}

/**
 * Parses and verifies a button payload that arrived from `chatId`. Pass the group's former chat
 * ids too (a group upgraded to a supergroup changes id, and its old cards keep their buttons).
 * Throws `CallbackDataError` (`malformed` or `bad_signature`).
 */
export function decodeCallbackData(
  data: string,
  chatId: number | readonly number[],
  secret: string,
): CallbackData {
  const parts = data.split("|");
  if (parts.length !== 4 || Buffer.byteLength(data) > MAX_CALLBACK_BYTES) {
    throw new CallbackDataError("malformed", "not an Aduan button");
  }
  const [head, ticketId, arg, given] = parts as [string, string, string, string];
  const action = head.length === 2 && head[0] === VERSION ? ACTIONS_BY_CODE.get(head[1]!) : undefined;
  if (
    !action ||
    !TICKET_ID.test(ticketId) ||
    (arg !== "" && !ARG.test(arg)) ||
    NEEDS_ARG.has(action) !== (arg !== "")
  ) {
    throw new CallbackDataError("malformed", "not an Aduan button");
  }
  const parsed: CallbackData = arg === "" ? { action, ticketId } : { action, ticketId, arg };
  const givenBytes = Buffer.from(given);
  const chats = typeof chatId === "number" ? [chatId] : chatId;
  const valid = chats.some((chat) => {
    const expected = Buffer.from(mac(secret, chat, parsed));
    return expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes);
  });
  if (!valid) throw new CallbackDataError("bad_signature", "button was not issued for this chat");
  return parsed;
}
