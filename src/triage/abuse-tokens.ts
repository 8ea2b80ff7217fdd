/** One word of a tweet as the abuse detector sees it: the spelling games people use to dodge filters undone. */
export interface AbuseToken {
  /** The word as written (compatibility-normalised, invisible characters removed), for evidence. */
  raw: string;
  /** Lower-case, leetspeak undone (`b4ngs4t` → `bangsat`), apostrophes dropped; `*` masks are kept. */
  form: string;
  /** Written as `@handle`: a person the tweet addresses, unless the handle is itself a swear word. */
  mention: boolean;
  /** Written twice (`sia-sia`, `anjing2`): reduplication, which changes what a pronoun-like word means. */
  reduplicated: boolean;
  /** Word position; jumps at a comma and more at a sentence end, so "…mati. Kamu…" is not "mati kamu". */
  pos: number;
}

const MAX_INPUT = 30_000;
// Combining marks (variation selectors, grapheme joiners) go with COMBINING_RE; these are the rest.
const INVISIBLE_RE = /[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/gu;
const COMBINING_RE = /\p{M}+/gu;
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII_RE = /^[\u0000-\u007f]*$/;
const URL_RE = /\b(?:https?:\/\/|www\.|pic\.twitter\.com\/)\S*/giu;
// `@`, `$` and `*` are letters here: b@ngsat, a$u, a*jing. Apostrophes inside a word are kept (blo'on).
const TOKEN_RE = /[\p{L}\p{N}@$*_]+(?:['’][\p{L}\p{N}@$*_]+)*/gu;
const LEET: Readonly<Record<string, string>> = {
  "4": "a",
  "1": "i",
  "3": "e",
  "0": "o",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};
const LEET_RE = /[413057@$]/g;
const I_MARK_RE = /(?<=\p{L})[!|](?=\p{L})/gu;
const HAS_LETTER_RE = /[a-z]/;
/** Nothing to undo: the common case, answered with one test. */
const PLAIN_WORD_RE = /^[a-z]+$/;
const SENTENCE_END_RE = /[.!?\n]/;
// Spaced-out letters (`a n j i n g`, `k.o.n.t.o.l`) are joined when only these separate them.
const SPACING_RE = /^[\s.\-_,+/|]{1,3}$/;
const SENTENCE_GAP = 10;
// A comma keeps an insult aimed ("goblok, lu!") but ends a phrase and a one-word threat ("mati, kamu").
const CLAUSE_END_RE = /[,;:]/;
const CLAUSE_GAP = 2;

interface Piece {
  raw: string;
  form: string;
  mention: boolean;
  reduplicated: boolean;
  start: number;
  end: number;
}

/** Splits a tweet into de-obfuscated words. Pure and linear in the length of the text. */
export function abuseTokens(text: string): AbuseToken[] {
  if (typeof text !== "string" || text.length === 0) return [];
  let clean = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  // Most tweets are plain ASCII; only the rest pay for Unicode folding (𝐛𝐚𝐧𝐠𝐬𝐚𝐭, é, zero-width).
  if (!ASCII_RE.test(clean))
    clean = clean.normalize("NFKD").replace(COMBINING_RE, "").replace(INVISIBLE_RE, "");
  clean = clean.replace(URL_RE, (url) => " ".repeat(url.length));
  // `anj!ng`, `t|tit`: an exclamation mark or bar between letters stands for an i.
  if (clean.includes("!") || clean.includes("|")) clean = clean.replace(I_MARK_RE, "i");

  const pieces: Piece[] = [];
  for (const m of clean.matchAll(TOKEN_RE)) {
    const raw = m[0];
    const start = m.index;
    pieces.push({ raw, ...deobfuscate(raw), start, end: start + raw.length });
  }

  const out: AbuseToken[] = [];
  let pos = 0;
  let prevEnd = -1;
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i] as Piece;
    const run = spacedRunEnd(pieces, i, clean);
    if (run > i) {
      const last = pieces[run] as Piece;
      piece = {
        raw: clean.slice(piece.start, last.end),
        form: pieces
          .slice(i, run + 1)
          .map((p) => p.form)
          .join(""),
        mention: false,
        reduplicated: false,
        start: piece.start,
        end: last.end,
      };
      i = run;
    }
    if (prevEnd >= 0) {
      const gap = clean.slice(prevEnd, piece.start);
      if (SENTENCE_END_RE.test(gap)) pos += SENTENCE_GAP;
      else if (CLAUSE_END_RE.test(gap)) pos += CLAUSE_GAP;
    }
    prevEnd = piece.end;
    const previous = out[out.length - 1];
    // `anjing-anjing`, `sia sia`: one word said twice, kept once and marked.
    if (previous && previous.form === piece.form && previous.pos === pos - 1 && !piece.mention) {
      previous.reduplicated = true;
      continue;
    }
    out.push({
      raw: piece.raw,
      form: piece.form,
      mention: piece.mention,
      reduplicated: piece.reduplicated,
      pos,
    });
    pos += 1;
  }
  return out;
}

function deobfuscate(raw: string): { form: string; mention: boolean; reduplicated: boolean } {
  const lower = raw.toLowerCase();
  if (PLAIN_WORD_RE.test(lower)) return { form: lower, mention: false, reduplicated: false };
  let form = lower.replace(/['’]/g, "");
  const mention = form.startsWith("@") && /^@[a-z0-9_]+$/.test(form);
  let reduplicated = false;
  // `goblok2` is Indonesian reduplication written with a digit, not leetspeak.
  if (form.length > 2 && form.endsWith("2") && HAS_LETTER_RE.test(form)) {
    form = form.replace(/2+$/, "");
    reduplicated = true;
  }
  // Digits only count as letters inside a word: `2018` and `081234` stay numbers.
  if (HAS_LETTER_RE.test(form) || form.includes("*")) form = form.replace(LEET_RE, (c) => LEET[c] ?? c);
  form = form.replace(/_/g, "");
  return { form, mention, reduplicated };
}

/** Index of the last piece of a run of ≥ 3 single characters starting at `i`, or `i` when there is none. */
function spacedRunEnd(pieces: readonly Piece[], i: number, text: string): number {
  let j = i;
  while (j < pieces.length && (pieces[j] as Piece).form.length === 1) {
    const next = pieces[j + 1];
    if (!next || next.form.length !== 1 || !SPACING_RE.test(text.slice((pieces[j] as Piece).end, next.start)))
      break;
    j++;
  }
  return j - i >= 2 ? j : i;
}
