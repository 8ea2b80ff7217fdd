import twitterText from "twitter-text";
import type { ReportKind } from "../triage/types.js";
import type { Lang } from "./ui-strings.js";

/**
 * Citizen replies on X: a template filled in one pass, a staff note made safe to publish, and the
 * whole kept within X's 280 weighted characters (URLs count 23, emoji and CJK 2: measured with
 * twitter-text, the same rules X applies). Pure.
 */

export const REPLY_KINDS = [
  "received",
  "resolved",
  "resolved_no_note",
  "redirect",
  "duplicate",
  "rejected_duplicate",
  "thanks",
] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

export const REPLY_VARIABLES = ["ticket", "agency", "note", "redirect", "original", "handle"] as const;
export type ReplyVariable = (typeof REPLY_VARIABLES)[number];
export type ReplyVars = Partial<Record<ReplyVariable, string>>;

export type TemplateText = Record<Lang, string>;
export type ReplyTemplates = Record<ReplyKind, TemplateText> & {
  /**
   * Optional variants of the `received` reply per report kind (a question is "forwarded to X, who
   * will answer"); a kind without one gets the generic `received`.
   */
  received_by_kind?: Partial<Record<ReportKind, TemplateText | undefined>> | undefined;
};

export const MAX_TWEET_WEIGHT = 280;

/** `{name}`: the only template syntax. */
export const TEMPLATE_MARKER = /\{([a-z_]+)\}/g;

/** Variables shortened, in this order, when a reply is too long. `ticket` and `original` never are. */
const SHRINK_ORDER: readonly ReplyVariable[] = ["note", "redirect", "agency", "handle"];

const ELLIPSIS = "…";
const segmenter = new Intl.Segmenter("id", { granularity: "grapheme" });

export function weightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}

/**
 * The agency's override of `kind` in `lang` if it has one, else (for `received`) the city-wide
 * variant for the report's kind, else the city-wide template. An agency that words its own
 * `received` keeps that wording for every report kind.
 */
export function pickTemplate(
  templates: ReplyTemplates,
  kind: ReplyKind,
  lang: Lang,
  overrides?: Partial<Record<string, TemplateText>>,
  reportKind?: ReportKind | null,
): string {
  const byKind = kind === "received" && reportKind ? templates.received_by_kind?.[reportKind] : undefined;
  return overrides?.[kind]?.[lang] ?? byKind?.[lang] ?? templates[kind][lang];
}

// Invisible or direction-changing characters and those X refuses (U+FFFE, U+FEFF, U+FFFF).
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/g;

/** Any free text going into a public reply: no control or bidi characters, whitespace collapsed. */
export function cleanReplyText(text: string): string {
  return text.replace(UNSAFE_CHARS, "").replace(/\s+/g, " ").trim();
}

/**
 * A staff note made fit to publish: cleaned, and with every @mention turned into a plain name
 * (the `@` removed, the name kept so the sentence still reads) so a public reply never notifies a
 * third party. A leading `.@` (the old trick to make a reply public) loses its dot as well. It
 * ends as a sentence.
 */
export function sanitiseNote(note: string): string {
  let text = cleanReplyText(note);
  // Removing one `@` can expose another (`@@budi`): repeat until twitter-text finds no mention.
  for (let round = 0; round < 5; round++) {
    const mentions = twitterText.extractMentionsWithIndices(text);
    if (mentions.length === 0) break;
    for (const m of [...mentions].reverse()) {
      const at = m.indices[0];
      text = text.slice(0, at) + text.slice(at + 1);
    }
  }
  text = text.replace(/^[.\s]+(?=\S)/, "").trim();
  // Templates go on with a new sentence after the note ("{note} Terima kasih …"): staff often end
  // theirs without a full stop, which would glue the two together.
  return text !== "" && !/[.!?…]$/.test(text) ? `${text}.` : text;
}

/**
 * Fills `{name}` markers in one pass, so a marker inside a value stays the value's text. A known
 * variable without a value becomes empty (a literal `{agency}` must never be published); an
 * unknown marker is left alone (config validation refuses those).
 */
export function fillTemplate(template: string, vars: ReplyVars): string {
  return template.replace(TEMPLATE_MARKER, (marker, name: string) => {
    if (!(REPLY_VARIABLES as readonly string[]).includes(name)) return marker;
    return (vars as Record<string, string | undefined>)[name] ?? "";
  });
}

export interface RenderedReply {
  text: string;
  weightedLength: number;
  /** Variables that had to be shortened to fit, in the order they were. */
  shortened: ReplyVariable[];
}

/**
 * Fills `template` and guarantees the result is at most 280 weighted characters: the note is
 * shortened first (with an ellipsis), then the other long variables, and only if the template
 * itself is too long is the text cut. The note is sanitised (`sanitiseNote`); every other value is
 * cleaned of control characters.
 */
export function renderReply(template: string, vars: ReplyVars): RenderedReply {
  const values: ReplyVars = {};
  for (const name of REPLY_VARIABLES) {
    const v = vars[name];
    if (v !== undefined) values[name] = name === "note" ? sanitiseNote(v) : cleanReplyText(v);
  }
  const shortened: ReplyVariable[] = [];
  const render = () => cleanReplyText(fillTemplate(template, values));
  const fits = (text: string) => weightedLength(text) <= MAX_TWEET_WEIGHT;

  let text = render();
  for (const name of SHRINK_ORDER) {
    if (fits(text)) break;
    const original = values[name];
    if (!original) continue;
    values[name] = shrink(original, (candidate) => {
      values[name] = candidate;
      return fits(render());
    });
    shortened.push(name);
    text = render();
  }
  if (!fits(text)) text = shrink(text, fits);
  return { text, weightedLength: weightedLength(text), shortened };
}

/**
 * The longest grapheme prefix of `value` plus an ellipsis for which `fits` holds, or `""` when
 * none does. Binary search first (weights grow with length except where a cut splits a URL),
 * then step down until the candidate really fits.
 */
function shrink(value: string, fits: (candidate: string) => boolean): string {
  const graphemes = [...segmenter.segment(value)].map((s) => s.segment);
  const candidate = (k: number) =>
    k === 0 ? ELLIPSIS : `${graphemes.slice(0, k).join("").trimEnd()}${ELLIPSIS}`;
  let lo = 0;
  let hi = graphemes.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(candidate(mid))) lo = mid;
    else hi = mid - 1;
  }
  for (let k = lo; k >= 0; k--) if (fits(candidate(k))) return candidate(k);
  return "";
}
