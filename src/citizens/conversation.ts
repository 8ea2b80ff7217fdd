import type { ReplyKeyboard } from "../ports/chat-gateway.js";
import type { CitizenStrings } from "./citizen-strings.js";

/**
 * The report conversation with one citizen, as a pure state machine: a message in, the new
 * session and what to do out. No Redis, no Telegram: `handle-citizen-message.ts` loads and saves
 * the session and performs the actions.
 *
 * One report is everything a citizen sends from their first message until they press "Kirim
 * laporan" (or the collect window ends: a delayed flush sends it as it is). When the text names no
 * place and no pin came, "Kirim laporan" first asks for one ("Kirim lokasi" or a typed place, or
 * "Kirim tanpa lokasi").
 */

/** What the citizen sent, as the conversation needs it (commands are handled before). */
export type CitizenInput =
  | { kind: "text"; text: string }
  | { kind: "photo"; fileId: string; caption?: string }
  | { kind: "location"; lat: number; lon: number }
  | { kind: "contact"; phone: string; own: boolean }
  | { kind: "other" };

/** A report being collected. `id` (`citizenReportId` of its first message) is its idempotency key. */
export interface Draft {
  id: string;
  chatId: number;
  userId: number;
  firstName: string;
  startedAt: number;
  texts: string[];
  photos: string[];
  /** [lon, lat]. */
  pin?: [number, number];
  phone?: string;
  /** "Kirim laporan" was pressed without a place: the next text or pin completes the report. */
  askedForPlace?: boolean;
}

export interface Session {
  draft: Draft;
}

export type CitizenAction =
  | { type: "say"; text: string; keyboard?: ReplyKeyboard | "remove" }
  /** Send the report to triage (idempotent by the draft's id). */
  | { type: "submit"; draft: Draft }
  /** Send the report when the window ends unless it went already. */
  | { type: "schedule_flush"; reportId: string; delayMs: number };

export interface StepContext {
  t: CitizenStrings;
  now: number;
  chatId: number;
  userId: number;
  firstName: string;
  messageId: number;
  /** The id a report starting with this message gets (`citizenReportId`). */
  reportId: string;
  collectMinutes: number;
  /** Does the text name a place triage can find (a street, landmark, kelurahan or kecamatan)? */
  namesPlace(text: string): boolean;
  /** The kecamatan (and kelurahan) of a pin, or null outside the city. */
  placeOfPin(lat: number, lon: number): string | null;
}

export interface Step {
  /** null: no report in progress any more. */
  session: Session | null;
  actions: CitizenAction[];
}

/** At most this many photos a report (a phone's album sends each as its own message). */
export const MAX_PHOTOS = 5;
/** At most this many characters of text a report: more is cut (a card shows less anyway). */
export const MAX_REPORT_TEXT = 2000;

/** The reply keyboard while a report is being collected. */
export function collectingKeyboard(t: CitizenStrings): ReplyKeyboard {
  return [
    [{ text: t.button.send }],
    [
      { text: t.button.location, request: "location" },
      { text: t.button.phone, request: "contact" },
    ],
    [{ text: t.button.cancel }],
  ];
}

function placeKeyboard(t: CitizenStrings): ReplyKeyboard {
  return [[{ text: t.button.location, request: "location" }], [{ text: t.button.withoutPlace }]];
}

/** The keyboard under a "resolved" notice: the citizen's answer in one tap. */
export function feedbackKeyboard(t: CitizenStrings): ReplyKeyboard {
  return [[{ text: t.button.fixed }, { text: t.button.notFixed }]];
}

export function isButton(text: string, label: string): boolean {
  return text.trim().toLowerCase() === label.toLowerCase();
}

/** One message of the citizen, with the session as it was. */
export function step(session: Session | null, input: CitizenInput, ctx: StepContext): Step {
  const t = ctx.t;
  const draft = session?.draft;
  if (input.kind === "other") return { session, actions: [{ type: "say", text: t.unsupported }] };

  if (input.kind === "text") {
    const text = input.text.trim();
    if (isButton(text, t.button.cancel)) {
      return { session: null, actions: [{ type: "say", text: t.cancelled, keyboard: "remove" }] };
    }
    if (isButton(text, t.button.send)) return send(draft, ctx);
    if (isButton(text, t.button.withoutPlace)) {
      if (!draft)
        return { session: null, actions: [{ type: "say", text: t.nothingToSend, keyboard: "remove" }] };
      return submit(draft, t.submitted);
    }
    if (!draft) return started(newDraft(ctx, { texts: [text] }), ctx, t.collecting(ctx.collectMinutes));
    const next = { ...draft, texts: [...draft.texts, text] };
    // The answer to "Di mana tempatnya?" completes the report.
    if (draft.askedForPlace) return submit(next, t.submitted);
    return { session: { draft: next }, actions: [] };
  }

  if (input.kind === "photo") {
    const caption = input.caption?.trim();
    if (!draft) {
      const d = newDraft(ctx, { texts: caption ? [caption] : [], photos: [input.fileId] });
      return started(d, ctx, `${t.photoAdded} ${t.collecting(ctx.collectMinutes)}`);
    }
    const photos = draft.photos.length < MAX_PHOTOS ? [...draft.photos, input.fileId] : draft.photos;
    const next = { ...draft, photos, texts: caption ? [...draft.texts, caption] : draft.texts };
    return { session: { draft: next }, actions: [{ type: "say", text: t.photoAdded }] };
  }

  if (input.kind === "location") {
    const place = ctx.placeOfPin(input.lat, input.lon);
    const pin: [number, number] = [input.lon, input.lat];
    const heard = place === null ? t.pinOutside : t.pinAdded(place);
    if (!draft) {
      const d = newDraft(ctx, { texts: [], pin });
      return started(d, ctx, `${heard} ${t.pinFirst}`);
    }
    const next = { ...draft, pin };
    if (draft.askedForPlace && hasContent(next)) return submit(next, `${heard} ${t.submitted}`);
    return { session: { draft: next }, actions: [{ type: "say", text: heard }] };
  }

  // A contact: only the citizen's own number, shared with the button, is kept.
  if (!input.own) return { session, actions: [{ type: "say", text: t.notOwnContact }] };
  if (!draft) {
    return started(newDraft(ctx, { texts: [], phone: input.phone }), ctx, `${t.phoneAdded} ${t.pinFirst}`);
  }
  return {
    session: { draft: { ...draft, phone: input.phone } },
    actions: [{ type: "say", text: t.phoneAdded }],
  };
}

/** The collect window ended for report `reportId`: send it as it is, if it is still the one open. */
export function flush(session: Session | null, reportId: string, t: CitizenStrings): Step {
  const draft = session?.draft;
  if (!draft || draft.id !== reportId) return { session, actions: [] };
  // Only a photo or a pin and no words: nothing triage can read; the citizen is asked for words.
  if (!hasContent(draft)) return { session: { draft }, actions: [{ type: "say", text: t.nothingToSend }] };
  return submit(draft, t.flushed);
}

function send(draft: Draft | undefined, ctx: StepContext): Step {
  const t = ctx.t;
  if (!draft || !hasContent(draft)) {
    return { session: draft ? { draft } : null, actions: [{ type: "say", text: t.nothingToSend }] };
  }
  const placed = draft.pin !== undefined || ctx.namesPlace(draft.texts.join("\n"));
  if (placed || draft.askedForPlace) return submit(draft, t.submitted);
  return {
    session: { draft: { ...draft, askedForPlace: true } },
    actions: [{ type: "say", text: t.askPlace, keyboard: placeKeyboard(t) }],
  };
}

function submit(draft: Draft, said: string): Step {
  return {
    session: null,
    actions: [
      { type: "submit", draft },
      { type: "say", text: said, keyboard: "remove" },
    ],
  };
}

function started(draft: Draft, ctx: StepContext, said: string): Step {
  return {
    session: { draft },
    actions: [
      { type: "say", text: said, keyboard: collectingKeyboard(ctx.t) },
      { type: "schedule_flush", reportId: draft.id, delayMs: ctx.collectMinutes * 60_000 },
    ],
  };
}

function newDraft(ctx: StepContext, parts: Partial<Draft>): Draft {
  return {
    id: ctx.reportId,
    chatId: ctx.chatId,
    userId: ctx.userId,
    firstName: ctx.firstName,
    startedAt: ctx.now,
    texts: [],
    photos: [],
    ...parts,
  };
}

/** A report has something to triage: words (a photo alone tells triage nothing; its caption does). */
function hasContent(d: Draft): boolean {
  return d.texts.some((x) => x.trim() !== "");
}

/** The report's text as triage and the card read it: every message on its own line, cut at the limit. */
export function reportText(d: Draft): string {
  const text = d.texts
    .map((x) => x.trim())
    .filter(Boolean)
    .join("\n");
  return text.length > MAX_REPORT_TEXT ? `${text.slice(0, MAX_REPORT_TEXT - 1)}…` : text;
}
