import { normalise, type NormalisedText, type SlangLexicon } from "./normalise.js";

/** One word of a compiled phrase: matched on its stem, or (written `=word`) on the exact token. */
export interface PhraseWord {
  readonly exact: boolean;
  readonly value: string;
}

/** Words that may never be skipped inside a phrase: `sudah tidak mengalir` is not `sudah mengalir`. */
const NEGATORS = new Set(["tidak", "belum", "bukan", "jangan", "tanpa", "kurang"]);

/** Words that may stand between a negation and what it negates (`tidak ada yang parkir liar`). */
const NEGATION_FILLERS = new Set([
  "ada",
  "yang",
  "pernah",
  "lagi",
  "terlalu",
  "begitu",
  "pada",
  "berani",
  "juga",
]);

/** True when a negation governs the token at `start` (`tidak macet`, `gak ada yang melawan arus`). */
export function negatedAt(text: NormalisedText, start: number): boolean {
  for (let i = start - 1; i >= 0 && i >= start - 3; i--) {
    const t = text.tokens[i] ?? "";
    if (NEGATORS.has(t)) return true;
    if (!NEGATION_FILLERS.has(t)) return false;
  }
  return false;
}

export interface CompiledPhrase<P> {
  /** The phrase as the operator wrote it (shown as evidence). */
  readonly text: string;
  readonly words: readonly PhraseWord[];
  readonly weight: number;
  readonly payload: P;
}

export interface PhraseHit<P> {
  readonly phrase: CompiledPhrase<P>;
  /** Token span [start, end] (inclusive) of the match. */
  readonly start: number;
  readonly end: number;
}

/**
 * Compiles a phrase through the same normalisation and stemming as tweets, so a lexicon entry
 * `berlubang` becomes the stem `lubang` and `jln rusak` becomes `jalan rusak`. Returns undefined
 * when nothing is left (a phrase made only of particles).
 */
export function compilePhrase<P>(
  text: string,
  weight: number,
  payload: P,
  slang: SlangLexicon,
): CompiledPhrase<P> | undefined {
  const words: PhraseWord[] = [];
  for (const raw of text.trim().split(/\s+/)) {
    if (/^@[A-Za-z0-9_]{1,30}$/.test(raw)) {
      // An account handle: matched against the tweet's mentions (see `withMentions`).
      words.push({ exact: true, value: raw.toLowerCase() });
      continue;
    }
    const exact = raw.startsWith("=");
    const n = normalise(exact ? raw.slice(1) : raw, slang);
    const values = exact ? n.tokens : n.stems;
    for (const value of values) words.push({ exact, value });
  }
  if (words.length === 0) return undefined;
  return { text, words, weight, payload };
}

function keyOf(w: PhraseWord): string {
  return (w.exact ? "t:" : "s:") + w.value;
}

/**
 * Phrases indexed by their first word, so a tweet is scanned once: at each token we look up only
 * the phrases that can start there (by stem and by exact token), then extend to the later words.
 * Between two words of a phrase up to `maxGap` other tokens may stand (`air pdam tidak mengalir`
 * matches `air tidak mengalir`), which tolerates the fillers people put inside a phrase; a
 * negation is never skipped.
 */
export class PhraseIndex<P> {
  /** Phrases by their first word: stem-matched first words and exact (`=word`) first words apart. */
  private readonly byStem = new Map<string, CompiledPhrase<P>[]>();
  private readonly byToken = new Map<string, CompiledPhrase<P>[]>();
  readonly size: number;

  constructor(
    phrases: readonly CompiledPhrase<P>[],
    private readonly maxGap = 1,
  ) {
    for (const p of phrases) {
      const first = p.words[0];
      if (!first) continue;
      const map = first.exact ? this.byToken : this.byStem;
      const list = map.get(first.value);
      if (list) list.push(p);
      else map.set(first.value, [p]);
    }
    this.size = phrases.length;
  }

  /**
   * Every phrase found in the text, each reported once (its first occurrence); with `every`, each
   * occurrence (a caller that discards one, say as a place name, can then use the next).
   */
  match(text: NormalisedText, every = false): PhraseHit<P>[] {
    const hits: PhraseHit<P>[] = [];
    const seen = every ? undefined : new Set<CompiledPhrase<P>>();
    const { tokens, stems } = text;
    for (let i = 0; i < tokens.length; i++) {
      const byStem = this.byStem.get(stems[i] ?? "");
      if (byStem) this.matchAt(byStem, i, text, hits, seen);
      const byToken = this.byToken.get(tokens[i] ?? "");
      if (byToken) this.matchAt(byToken, i, text, hits, seen);
    }
    return hits;
  }

  private matchAt(
    list: readonly CompiledPhrase<P>[],
    i: number,
    text: NormalisedText,
    hits: PhraseHit<P>[],
    seen: Set<CompiledPhrase<P>> | undefined,
  ): void {
    for (const phrase of list) {
      if (seen?.has(phrase)) continue;
      const end = this.extend(phrase, i, text);
      if (end >= 0) {
        seen?.add(phrase);
        hits.push({ phrase, start: i, end });
      }
    }
  }

  private extend(phrase: CompiledPhrase<P>, start: number, text: NormalisedText): number {
    let pos = start;
    for (let w = 1; w < phrase.words.length; w++) {
      const word = phrase.words[w];
      if (!word) return -1;
      let found = -1;
      const limit = Math.min(text.tokens.length - 1, pos + 1 + this.maxGap);
      for (let j = pos + 1; j <= limit; j++) {
        if ((word.exact ? text.tokens[j] : text.stems[j]) === word.value) {
          found = j;
          break;
        }
        if (NEGATORS.has(text.tokens[j] ?? "")) break;
      }
      if (found < 0) return -1;
      pos = found;
    }
    return pos;
  }
}

/** The tokens a hit covers, as written after normalisation (for evidence). */
export function hitText(hit: PhraseHit<unknown>, text: NormalisedText): string {
  return text.tokens.slice(hit.start, hit.end + 1).join(" ");
}

/**
 * Within each group, when one hit's span contains another's, keeps only the heavier of the two
 * (the longer on a tie): `pedagang kaki lima` counts once, not also as `pedagang` and `kaki lima`,
 * and a heavy single word is not diluted by a lighter phrase around it.
 */
export function dropCovered<P>(hits: readonly PhraseHit<P>[], groupOf: (p: P) => string): PhraseHit<P>[] {
  const nests = (a: PhraseHit<P>, b: PhraseHit<P>): boolean =>
    (a.start <= b.start && a.end >= b.end) || (b.start <= a.start && b.end >= a.end);
  const beats = (o: PhraseHit<P>, h: PhraseHit<P>): boolean =>
    o.phrase.weight > h.phrase.weight ||
    (o.phrase.weight === h.phrase.weight && o.phrase.words.length > h.phrase.words.length);
  // Only hits of one group can cover each other: compare within each group, not across the tweet.
  const groups = new Map<string, PhraseHit<P>[]>();
  for (const h of hits) {
    const g = groupOf(h.phrase.payload);
    const list = groups.get(g);
    if (list) list.push(h);
    else groups.set(g, [h]);
  }
  const dropped = new Set<PhraseHit<P>>();
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    for (const h of list) if (list.some((o) => o !== h && nests(o, h) && beats(o, h))) dropped.add(h);
  }
  return dropped.size === 0 ? [...hits] : hits.filter((h) => !dropped.has(h));
}

/**
 * Merges phrases that compile to the same words in the same group (`macet` and `kemacetan` both
 * stem to `macet`): the heavier weight is kept, so one word is never counted twice.
 */
export function dedupePhrases<P>(
  phrases: readonly CompiledPhrase<P>[],
  groupOf: (p: P) => string,
): CompiledPhrase<P>[] {
  const byKey = new Map<string, CompiledPhrase<P>>();
  for (const p of phrases) {
    const key = groupOf(p.payload) + "|" + p.words.map(keyOf).join(" ");
    const old = byKey.get(key);
    if (!old || p.weight > old.weight) byKey.set(key, p);
  }
  return [...byKey.values()];
}

/** The tweet's tokens followed by its mentions as `@handle` tokens, for rules that name accounts. */
export function withMentions(text: NormalisedText): NormalisedText {
  if (text.mentions.length === 0) return text;
  const handles = text.mentions.map((m) => "@" + m.toLowerCase());
  return { ...text, tokens: [...text.tokens, ...handles], stems: [...text.stems, ...handles] };
}
