import type { SentimentLexicon } from "./sentiment-lexicon.js";

/**
 * The mood of one mention from a word list: each sentiment word adds its weight (positive) or
 * takes it away (negative), times an intensifier beside it ("bagus banget"), turned around by a
 * negation up to two words before it ("gak bagus", "tidak terlalu parah"). The sign of the sum is
 * the polarity. Pure; sarcasm and context beyond that are out of its reach, and the lexicon is
 * what tests and reviews tune.
 */
export type Polarity = "positive" | "neutral" | "negative";

export interface SentimentScore {
  polarity: Polarity;
  score: number;
  /** The phrases that counted, as read (negated ones with a `¬`). */
  hits: string[];
}

export interface CompiledLexicon {
  /** Phrase (space-joined tokens) → signed weight. */
  words: ReadonlyMap<string, number>;
  negations: ReadonlySet<string>;
  intensifiers: ReadonlyMap<string, number>;
  longest: number;
}

export function compileLexicon(l: SentimentLexicon): CompiledLexicon {
  const words = new Map<string, number>();
  for (const [w, n] of Object.entries(l.positive)) words.set(w, n);
  for (const [w, n] of Object.entries(l.negative)) words.set(w, -n);
  const longest = Math.max(1, ...[...words.keys()].map((w) => w.split(" ").length));
  return {
    words,
    negations: new Set(l.negations),
    intensifiers: new Map(Object.entries(l.intensifiers)),
    longest,
  };
}

/** Lower-case words without handles, links or digits; "mantaaap" → "mantap", "bagus2" → "bagus". */
export function sentimentTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/gu, " ")
    .replace(/@\w+/gu, " ")
    .replace(/(\p{L})\1{2,}/gu, "$1")
    .replace(/(\p{L}+)2\b/gu, "$1")
    .split(/[^\p{L}]+/u)
    .filter((t) => t !== "");
}

export function scoreSentiment(lex: CompiledLexicon, text: string): SentimentScore {
  const tokens = sentimentTokens(text);
  const found: { start: number; end: number; phrase: string; weight: number }[] = [];
  for (let i = 0; i < tokens.length;) {
    let hit: (typeof found)[number] | undefined;
    // Longest phrase first: "ga ada tindakan" before "ada", "terima kasih" before "kasih".
    for (let n = Math.min(lex.longest, tokens.length - i); n >= 1 && !hit; n--) {
      const phrase = tokens.slice(i, i + n).join(" ");
      const weight = lex.words.get(phrase);
      if (weight !== undefined) hit = { start: i, end: i + n, phrase, weight };
    }
    if (hit) {
      found.push(hit);
      i = hit.end;
    } else i++;
  }
  let score = 0;
  const hits: string[] = [];
  for (const h of found) {
    let weight = h.weight;
    const before = tokens.slice(Math.max(0, h.start - 2), h.start);
    // A negation inside the phrase itself ("ga becus") is already part of its meaning.
    const negated = !lex.negations.has(tokens[h.start] ?? "") && before.some((t) => lex.negations.has(t));
    const boost = Math.max(
      lex.intensifiers.get(tokens[h.start - 1] ?? "") ?? 1,
      lex.intensifiers.get(tokens[h.end] ?? "") ?? 1,
    );
    weight *= boost;
    if (negated) weight = -weight;
    score += weight;
    hits.push(negated ? `¬${h.phrase}` : h.phrase);
  }
  const rounded = Math.round(score * 100) / 100;
  return { polarity: rounded > 0 ? "positive" : rounded < 0 ? "negative" : "neutral", score: rounded, hits };
}
