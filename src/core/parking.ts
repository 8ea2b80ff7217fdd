import { CITIZEN_NOTICES, type CitizenNotice } from "./citizen-notice.js";
import type { ReplyKind } from "./ticket.js";
import type { Lang } from "./ui-strings.js";
import { formatJakartaTime } from "./jakarta-time.js";

/**
 * Parking (dead letter): an outgoing effect of a ticket that failed for good (Telegram refused
 * the card, X refused the reply, or the retries ran out) is never left as a silently failed job.
 * It is recorded as parked until a re-drive gets it through or a supervisor dismisses it. Pure
 * terms and texts here; the record lives behind `ports/parked-effects.ts`.
 */

/**
 * What was parked: a ticket's card, one kind of its reply tweets, or one kind of the status
 * messages its citizen gets in their private chat on Telegram (`citizen:<notice>`).
 */
export type EffectKind = "card" | `reply:${ReplyKind}` | `citizen:${CitizenNotice}`;

export const REPLY_KINDS: readonly ReplyKind[] = ["received", "resolved", "redirect", "duplicate"];
export const EFFECT_KINDS: readonly EffectKind[] = [
  "card",
  ...REPLY_KINDS.map((k) => `reply:${k}` as const),
  ...CITIZEN_NOTICES.map((n) => `citizen:${n}` as const),
];

/** The citizen's status message a `citizen:<notice>` effect stands for, if it is one. */
export function citizenNoticeOf(effect: EffectKind): CitizenNotice | undefined {
  return effect.startsWith("citizen:") ? (effect.slice("citizen:".length) as CitizenNotice) : undefined;
}

export function isEffectKind(value: string): value is EffectKind {
  return (EFFECT_KINDS as readonly string[]).includes(value);
}

/** The effect as a button argument (`[a-z0-9_]`): `card`, `reply_received`. */
export function effectArg(effect: EffectKind): string {
  return effect.replace(":", "_");
}

export function effectFromArg(arg: string): EffectKind | undefined {
  const effect = arg.replace("_", ":");
  return isEffectKind(effect) ? effect : undefined;
}

/**
 * Why an effect is parked, in stable codes:
 * - `chat_kicked`, `chat_not_found`, `chat_forbidden`: the group refused the bot (403, 400 chat not found);
 * - `no_chat`: the agency has no group configured;
 * - `card_refused`: Telegram refused the card itself (another 400);
 * - `x_unauthorized`: X refused our credentials (401);
 * - `x_forbidden`: X refused the reply (403) for a reason not tied to the tweet;
 * - `tweet_gone`: the citizen's tweet was deleted or hidden (per tweet: can never succeed);
 * - `reply_not_allowed`: X does not let us reply to this tweet (per tweet: can never succeed);
 * - `reply_refused`: X refused the reply's text or request (400);
 * - `citizen_chat_gone`: Telegram no longer knows the citizen's private chat (400 chat not found,
 *   user deactivated);
 * - `notice_refused`: Telegram refused a citizen's status message itself (another 400);
 * - `retries_exhausted`: every attempt failed (a network or server fault that did not clear).
 *
 * A citizen who blocked the bot (403) is not parked: that is their choice, recorded on the ticket.
 */
export type ParkCauseCode =
  | "chat_kicked"
  | "chat_not_found"
  | "chat_forbidden"
  | "no_chat"
  | "card_refused"
  | "x_unauthorized"
  | "x_forbidden"
  | "tweet_gone"
  | "reply_not_allowed"
  | "reply_refused"
  | "citizen_chat_gone"
  | "notice_refused"
  | "retries_exhausted";

/** Causes that belong to the tweet itself: no re-drive can ever succeed, so a supervisor may dismiss them. */
const PER_TWEET: ReadonlySet<ParkCauseCode> = new Set(["tweet_gone", "reply_not_allowed"]);

export function isPerTweet(code: ParkCauseCode): boolean {
  return PER_TWEET.has(code);
}

/** One parked effect of one ticket, as stored. */
export interface ParkedEffect {
  ticketId: string;
  effect: EffectKind;
  /** The card's dispatch round, or the reply's round. */
  round: number;
  code: ParkCauseCode;
  /** What the failing call said (Telegram's description, X's problem text), for operators. */
  detail: string;
  /** The agency the effect was for (the card's group), if any. */
  agency: string | null;
  /** The card went to the triage group instead (the agency's group refused it or has none). */
  standIn?: boolean;
  /** ISO instants of the first and the latest failure. */
  firstAt: string;
  lastAt: string;
  /** Failures recorded (a re-drive that fails again adds one). */
  attempts: number;
}

export interface ParkingStrings {
  cause(code: ParkCauseCode, agency: string): string;
  effect(effect: EffectKind): string;
  /** The supervisors' message, once per parked ticket and effect. */
  notice(p: { ticketId: string; effect: string; agency: string; cause: string; standIn: boolean }): string;
  /** The one line after a parked effect got through. */
  recovered(ticketId: string, effect: string): string;
  /** The first line of a card standing in for an agency's group in the triage group. */
  standIn(agency: string): string;
  listHeader(count: number): string;
  listNone: string;
  more(count: number): string;
  since(when: string): string;
  redrive: string;
  dismiss: string;
  redriven(ticketId: string, effect: string): string;
  dismissed(ticketId: string, effect: string): string;
  notParked(ticketId: string): string;
  /** `/antrian`'s line when something is parked. */
  queueLine(count: number): string;
}

const CITIZEN_EFFECT_ID: Record<`citizen:${CitizenNotice}`, string> = {
  "citizen:received": "pesan warga: diterima",
  "citizen:duplicate": "pesan warga: duplikat",
  "citizen:redirect": "pesan warga: dialihkan",
  "citizen:not_report": "pesan warga: bukan laporan",
  "citizen:claimed": "pesan warga: ditangani",
  "citizen:resolved": "pesan warga: selesai",
  "citizen:reopened": "pesan warga: dibuka lagi",
  "citizen:rejected": "pesan warga: ditolak",
};

const CITIZEN_EFFECT_EN: Record<`citizen:${CitizenNotice}`, string> = {
  "citizen:received": "citizen message: received",
  "citizen:duplicate": "citizen message: duplicate",
  "citizen:redirect": "citizen message: redirected",
  "citizen:not_report": "citizen message: not a report",
  "citizen:claimed": "citizen message: in hand",
  "citizen:resolved": "citizen message: resolved",
  "citizen:reopened": "citizen message: reopened",
  "citizen:rejected": "citizen message: rejected",
};

const PARKING_ID: ParkingStrings = {
  cause: (code, agency) =>
    ({
      chat_kicked: `Bot dikeluarkan dari grup ${agency}`,
      chat_not_found: `Grup ${agency} tidak ditemukan Telegram`,
      chat_forbidden: `Bot tidak boleh mengirim pesan ke grup ${agency}`,
      no_chat: `Grup ${agency} belum diatur`,
      card_refused: "Telegram menolak kartu ini",
      x_unauthorized: "X menolak kunci akses akun kita (401)",
      x_forbidden: "X menolak balasan kita (403)",
      tweet_gone: "Tweet warga sudah dihapus atau disembunyikan",
      reply_not_allowed: "X tidak mengizinkan membalas tweet ini",
      reply_refused: "X menolak isi balasan",
      citizen_chat_gone: "Telegram tidak menemukan chat warga",
      notice_refused: "Telegram menolak pesan status ini",
      retries_exhausted: "Gagal terus setelah semua percobaan",
    })[code],
  effect: (effect) =>
    ({
      card: "kartu",
      "reply:received": "balasan diterima",
      "reply:resolved": "balasan selesai",
      "reply:redirect": "balasan pengalihan",
      "reply:duplicate": "balasan duplikat",
      "reply:thanks": "balasan terima kasih",
      ...CITIZEN_EFFECT_ID,
    })[effect],
  notice: ({ ticketId, effect, agency, cause, standIn }) =>
    [
      `⚠️ ${ticketId} macet: ${effect} (${agency}) belum terkirim.`,
      `Sebab: ${cause}.`,
      ...(standIn ? ["Kartu dikirim ke meja triase sementara."] : []),
      "Lihat /macet untuk mencoba lagi.",
    ].join("\n"),
  recovered: (ticketId, effect) => `✅ ${ticketId}: ${effect} sudah terkirim (pulih).`,
  standIn: (agency) => `⚠️ Grup ${agency} tidak bisa dihubungi: kartu dikirim ke meja triase`,
  listHeader: (count) => `${count} efek macet (terbaru dulu):`,
  listNone: "Tidak ada yang macet. 👍",
  more: (count) => `… ${count} lagi`,
  since: (when) => `sejak ${when}`,
  redrive: "Coba lagi",
  dismiss: "Abaikan",
  redriven: (ticketId, effect) => `${ticketId}: ${effect} dicoba lagi.`,
  dismissed: (ticketId, effect) => `${ticketId}: ${effect} diabaikan.`,
  notParked: (ticketId) => `${ticketId} tidak sedang macet.`,
  queueLine: (count) => `⚠️ ${count} efek macet: lihat /macet`,
};

const PARKING_EN: ParkingStrings = {
  cause: (code, agency) =>
    ({
      chat_kicked: `The bot was removed from the ${agency} group`,
      chat_not_found: `Telegram cannot find the ${agency} group`,
      chat_forbidden: `The bot may not post in the ${agency} group`,
      no_chat: `The ${agency} group is not configured`,
      card_refused: "Telegram refused this card",
      x_unauthorized: "X refused our account's credentials (401)",
      x_forbidden: "X refused our reply (403)",
      tweet_gone: "The citizen's tweet was deleted or hidden",
      reply_not_allowed: "X does not allow replying to this tweet",
      reply_refused: "X refused the reply's text",
      citizen_chat_gone: "Telegram cannot find the citizen's chat",
      notice_refused: "Telegram refused this status message",
      retries_exhausted: "Failed on every attempt",
    })[code],
  effect: (effect) =>
    ({
      card: "card",
      "reply:received": "received reply",
      "reply:resolved": "resolved reply",
      "reply:redirect": "redirect reply",
      "reply:duplicate": "duplicate reply",
      "reply:thanks": "thank-you reply",
      ...CITIZEN_EFFECT_EN,
    })[effect],
  notice: ({ ticketId, effect, agency, cause, standIn }) =>
    [
      `⚠️ ${ticketId} is stuck: its ${effect} (${agency}) was not delivered.`,
      `Cause: ${cause}.`,
      ...(standIn ? ["The card went to the triage desk for now."] : []),
      "See /macet to retry.",
    ].join("\n"),
  recovered: (ticketId, effect) => `✅ ${ticketId}: ${effect} delivered (recovered).`,
  standIn: (agency) => `⚠️ The ${agency} group cannot be reached: card sent to the triage desk`,
  listHeader: (count) => `${count} stuck effects (newest first):`,
  listNone: "Nothing is stuck. 👍",
  more: (count) => `… ${count} more`,
  since: (when) => `since ${when}`,
  redrive: "Retry",
  dismiss: "Dismiss",
  redriven: (ticketId, effect) => `${ticketId}: ${effect} retried.`,
  dismissed: (ticketId, effect) => `${ticketId}: ${effect} dismissed.`,
  notParked: (ticketId) => `${ticketId} is not stuck.`,
  queueLine: (count) => `⚠️ ${count} stuck effects: see /macet`,
};

export function parkingStrings(lang: Lang): ParkingStrings {
  return lang === "en" ? PARKING_EN : PARKING_ID;
}

/** `/macet` lists at most this many; the rest are counted ("… 3 lagi"). */
export const PARKED_LINES = 10;

/** Newest failure first. */
export function newestFirst(items: readonly ParkedEffect[]): ParkedEffect[] {
  return [...items].sort((a, b) => b.lastAt.localeCompare(a.lastAt) || a.ticketId.localeCompare(b.ticketId));
}

/** One line of `/macet` in plain text (the caller escapes it): ticket, effect, cause, since when (WIB). */
export function parkedLine(
  item: ParkedEffect,
  lang: Lang,
  agencyName: (id: string | null) => string,
): string {
  const t = parkingStrings(lang);
  const since = t.since(formatJakartaTime(item.firstAt, lang));
  return `${item.ticketId} · ${t.effect(item.effect)} · ${t.cause(item.code, agencyName(item.agency))} · ${since}`;
}
