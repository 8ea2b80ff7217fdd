/**
 * Characters that change how text reads without being seen: bidi controls (U+202E flips the rest
 * of a line: `Budi\u202Enimda` shows as "Budi admin"), zero-width spaces and joiners, the word
 * joiner, soft hyphen, BOM and the invisible math operators. Pure; no escaping.
 */

/** Embeddings, overrides, isolates and marks of the Unicode bidi algorithm. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

// U+200D (zero-width joiner) is handled apart: it also glues emoji sequences (👨‍👩‍👧), which stay.
const ZERO_WIDTH = /[\u200B\u200C\u2060-\u2064\uFEFF\u00AD\u180E\u115F\u1160\u3164\uFFA0]|\u034F/gu;
const STRAY_JOINER = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** Drops zero-width and invisible filler characters, keeping a joiner only inside an emoji sequence. */
export function stripZeroWidth(text: string): string {
  return text.replace(ZERO_WIDTH, "").replace(STRAY_JOINER, "");
}

/** Drops bidi controls. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, "");
}

// C0/C1 controls, newlines included: a name is one line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NAME_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/gu;

/**
 * A person's display name as Aduan shows it in prompts, alerts, cards and the history: no bidi
 * controls, no invisible characters, no line breaks, whitespace collapsed. Telegram lets anyone
 * put these in a first name; an empty result falls back to `fallback`.
 */
export function cleanPersonName(name: string, fallback: string): string {
  const clean = stripZeroWidth(stripBidi(name)).replace(NAME_CONTROLS, " ").replace(/\s+/gu, " ").trim();
  return clean === "" ? fallback : clean;
}
