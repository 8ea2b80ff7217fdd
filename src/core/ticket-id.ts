/**
 * Ticket ids, `ADU-000123`: short and speakable. The one place that knows their syntax: how one is
 * made, what is one, and how staff may write one (`adu-123`, `ADU123`, a bare `123`).
 */

/** A whole string that is a ticket id. */
export const TICKET_ID = /^[A-Z]{2,10}-\d{1,12}$/;
/** A ticket id somewhere in a text (a note such as `duplikat ADU-000012`). */
const TICKET_ID_IN_TEXT = /[A-Z]{2,10}-\d{1,12}/;

/** Formats the n-th ticket id: `ADU-000001`. Six digits, more when the city outgrows them. */
export function formatTicketId(n: number): string {
  return `ADU-${String(n).padStart(6, "0")}`;
}

/** The first ticket id in a text, if any. */
export function ticketIdIn(text: string): string | undefined {
  return TICKET_ID_IN_TEXT.exec(text)?.[0];
}

/** `ADU-000123`, `adu-123`, `ADU123`, or a bare `123` → `ADU-000123`. */
export function parseTicketId(text: string): string | null {
  const m = /\bADU-?(\d{1,12})\b/i.exec(text) ?? /^\s*#?(\d{1,12})\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? formatTicketId(n) : null;
}
