import { perWordMemo } from "./word-memo.js";
import { rootWords, stemWord } from "./stem-id.js";

/** The compiled slang lexicon (see `config/lexicon/slang.yaml` and `buildSlangLexicon`). */
export interface SlangLexicon {
  /** Token → its standard form, already split into words (`jln` → [`jalan`], `otw` → [`on`, `the`, `way`]). */
  readonly words: ReadonlyMap<string, readonly string[]>;
  /** Particles dropped from the token stream (`teh`, `mah`, `euy`, `atuh`, `wae`). */
  readonly particles: ReadonlySet<string>;
  /** Words known to exist: the stemmer's roots, slang keys and values, and extra hashtag words. */
  readonly vocabulary: ReadonlySet<string>;
  /** Sundanese and Javanese affixes undone on words no list knows (see config/lexicon/regional.yaml). */
  readonly affixes?: RegionalAffixes;
}

export interface RegionalAffixes {
  infixes: readonly string[];
  prefixes: readonly string[];
  suffixes: readonly string[];
}

export interface NormalisedText {
  /** Lower-case content words in order, slang expanded, particles dropped. */
  tokens: string[];
  /** The Indonesian stem of each token, aligned 1:1 with `tokens`. */
  stems: string[];
  /** Usernames mentioned, without `@`, in order of appearance. */
  mentions: string[];
  /** Hashtags as written, without `#`. */
  hashtags: string[];
  urls: string[];
  /**
   * The clause of each token, aligned 1:1 with `tokens`: a comma, a sentence mark (`!?;:`, a
   * full stop before a space) or a line break between two words starts the next clause. Rules
   * that reach back further than a phrase (a supposition's scope) stop at a clause boundary.
   */
  clauses?: number[];
}

export function buildSlangLexicon(input: {
  words: Record<string, string>;
  particles?: readonly string[];
  hashtagWords?: readonly string[];
  /** Regional word lists (Sundanese, Javanese); a key `words` already has keeps its value. */
  regionalWords?: readonly Record<string, string>[];
  affixes?: RegionalAffixes;
}): SlangLexicon {
  const words = new Map<string, readonly string[]>();
  const vocabulary = new Set<string>(rootWords);
  const lists = [input.words, ...(input.regionalWords ?? [])];
  for (const list of lists) {
    for (const [key, value] of Object.entries(list)) {
      if (words.has(key.toLowerCase())) continue;
      const expansion = value.toLowerCase().split(/\s+/).filter(Boolean);
      words.set(key.toLowerCase(), expansion);
      vocabulary.add(key.toLowerCase());
      for (const w of expansion) vocabulary.add(w);
    }
  }
  for (const w of input.hashtagWords ?? []) vocabulary.add(w.toLowerCase());
  const lexicon: SlangLexicon = {
    words,
    particles: new Set((input.particles ?? []).map((p) => p.toLowerCase())),
    vocabulary,
  };
  if (!input.affixes) return lexicon;
  const longestFirst = (xs: readonly string[]): string[] => [...xs].sort((a, b) => b.length - a.length);
  return {
    ...lexicon,
    affixes: {
      infixes: input.affixes.infixes,
      prefixes: longestFirst(input.affixes.prefixes),
      suffixes: longestFirst(input.affixes.suffixes),
    },
  };
}

/** A tweet is at most 280 characters (25,000 for long posts); beyond this we read only the start. */
const MAX_INPUT = 30_000;
const MAX_TOKEN = 60;

const URL_RE = /\b(?:https?:\/\/|www\.|pic\.twitter\.com\/)\S*/giu;
// Glued mentions (`pak@ridwankamil`) are common, so no word boundary is required before `@`.
const MENTION_RE = /@([A-Za-z0-9_]{1,30})/gu;
const HASHTAG_RE = /(^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]{1,80})/gu;
// Between two words: a comma, a sentence mark, a line break, or a full stop (or ellipsis) before
// a space; `jl.` glued to the next word or `15.30` is no boundary.
const CLAUSE_BREAK_RE = /[,!?;:\n]|\.\s/u;
const TOKEN_RE = /[\p{L}\p{N}]+(?:['’`-][\p{L}\p{N}]+)*/gu;
// Format characters: zero-width spaces and joiners, bidi controls, soft hyphen, BOM.
const INVISIBLE_RE = /\p{Cf}/gu;
const COMBINING_RE = /\p{M}+/gu;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/giu, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code =
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Turns a tweet as people write it into tokens and stems the rules can match. Never throws:
 * anything that is not a letter or digit (emoji, RTL marks, zero-width joiners) simply vanishes.
 */
export function normalise(text: string, slang: SlangLexicon): NormalisedText {
  const out: NormalisedText = { tokens: [], stems: [], mentions: [], hashtags: [], urls: [] };
  if (typeof text !== "string" || text.length === 0) return out;
  let s = text.length > MAX_INPUT ? text.slice(0, MAX_INPUT) : text;
  s = decodeEntities(s).replace(INVISIBLE_RE, "");
  s = s.replace(URL_RE, (url) => {
    out.urls.push(url);
    return " ";
  });
  s = s.replace(MENTION_RE, (_m, user: string) => {
    out.mentions.push(user);
    return " ";
  });
  s = s.replace(HASHTAG_RE, (_m, before: string, tag: string) => {
    out.hashtags.push(tag);
    return `${before} ${splitHashtag(tag, slang).join(" ")} `;
  });
  // Strip accents (`macét` → `macet`) after NFKD; also folds full-width and styled letters.
  s = s.normalize("NFKD").replace(COMBINING_RE, "").toLowerCase();
  const matches = Array.from(s.matchAll(TOKEN_RE));
  const raw = matches.map((m) => m[0]);
  const clauses: number[] = [];
  out.clauses = clauses;
  let clause = 0;
  let lastEnd = 0;
  for (let i = 0; i < raw.length; i++) {
    const word = raw[i] ?? "";
    const at = matches[i]?.index ?? lastEnd;
    if (i > 0 && CLAUSE_BREAK_RE.test(s.slice(lastEnd, at))) clause++;
    lastEnd = at + word.length;
    // `pkl 15.55` is a time (pukul), not street vendors (PKL).
    const expanded = word === "pkl" && /^\d/.test(raw[i + 1] ?? "") ? ["pukul"] : expandToken(word, slang);
    for (const token of expanded) {
      out.tokens.push(token);
      out.stems.push(stemWord(token));
      clauses.push(clause);
    }
  }
  return out;
}

/** `#JalanRusak` → jalan rusak; `#jalanrusak` → jalan rusak when known words cover it; else one word. */
function splitHashtag(tag: string, slang: SlangLexicon): string[] {
  const camel = tag
    .replace(/_/g, " ")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/(\p{N})(\p{L})/gu, "$1 $2")
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean);
  const parts: string[] = [];
  for (const piece of camel) parts.push(...segment(piece, slang.vocabulary));
  return parts;
}

/**
 * Splits an all-lowercase run into known words, preferring few, long pieces (`bandungbersih` →
 * bandung bersih, not ban dung ber sih). Pieces shorter than 3 letters are not allowed, so an
 * unknown word stays whole instead of being shredded into two-letter roots.
 */
function segment(piece: string, vocabulary: ReadonlySet<string>): string[] {
  const n = piece.length;
  if (n < 6 || n > 40 || vocabulary.has(piece)) return [piece];
  // best[i]: highest score of a segmentation of piece[0..i), and where its last piece starts.
  const best: number[] = new Array<number>(n + 1).fill(-1);
  const from: number[] = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let end = 3; end <= n; end++) {
    for (let start = Math.max(0, end - 20); start <= end - 3; start++) {
      const prev = best[start] ?? -1;
      if (prev < 0 || !vocabulary.has(piece.slice(start, end))) continue;
      const len = end - start;
      const score = prev + len * len;
      if (score > (best[end] ?? -1)) {
        best[end] = score;
        from[end] = start;
      }
    }
  }
  if ((best[n] ?? -1) < 0) return [piece];
  const words: string[] = [];
  for (let end = n; end > 0;) {
    const start = from[end] ?? 0;
    words.unshift(piece.slice(start, end));
    end = start;
  }
  return words;
}

function expandToken(raw: string, slang: SlangLexicon): string[] {
  if (raw.length > MAX_TOKEN) return [];
  let t = raw.replace(/[’`]/g, "'");
  const direct = lookup(t, slang);
  if (direct) return direct;
  if (t.includes("'")) {
    // `jum'at` → jumat; `trotoar'y`, `nasib'na` → the possessive suffix adds nothing.
    const [head = "", ...rest] = t.split("'");
    const tail = rest.join("");
    t = /^(y|ny|nya|na|a|s|e)$/.test(tail) ? head : head + tail;
  }
  if (t.includes("-")) {
    // `sampah-sampah`, `ugal-ugalan`, `e-ktp`, `per-4-an`: the whole form first, then the pieces.
    const whole = lookup(t.replace(/-/g, ""), slang);
    if (whole) return whole;
    return t.split("-").flatMap((p) => (p ? expandToken(p, slang) : []));
  }
  return expandWord(t, slang);
}

function expandWord(t: string, slang: SlangLexicon): string[] {
  const direct = lookup(t, slang);
  if (direct) return direct;
  // Reduplication written with a 2: `sampah2` → sampah sampah, `pohon2nya` → pohon pohon.
  const redup = /^(\p{L}{2,})2(nya|an|na)?$/u.exec(t);
  if (redup?.[1]) {
    const w = expandWord(redup[1], slang);
    return [...w, ...w];
  }
  // A count glued to its unit: `2minggu`, `3hari`, `10rb`.
  const glued = /^(\p{N}+)(\p{L}{2,})$/u.exec(t);
  if (glued?.[1] && glued[2]) return [glued[1], ...expandWord(glued[2], slang)];
  const squeezed = squeeze(t, slang.vocabulary);
  if (squeezed !== t) {
    const again = lookup(squeezed, slang);
    if (again) return again;
  }
  if (slang.particles.has(squeezed)) return [];
  return regionalWord(squeezed, slang) ?? [squeezed];
}

const VOWEL = /^[aiueo]$/;

/**
 * Undoes Sundanese and Javanese word formation on a word no list knows and the Indonesian
 * stemmer cannot reduce: the plural infix -ar-/-al- (`raruksak` → ruksak → rusak; it must leave a
 * word of the slang or regional lists, so names like Balubur stay whole), then a prefix and suffix
 * pair (`dibersihkeun` → dibersihkan, `dalane` → jalan) whose base is a known word of 4+ letters.
 */
function regionalWord(t: string, slang: SlangLexicon): string[] | undefined {
  if (!slang.affixes) return undefined;
  // Unknown words repeat (names, typos): each is undone once per lexicon.
  return regionalMemo(slang, t, () => undoRegionalAffixes(t, slang));
}

const regionalMemo = perWordMemo<SlangLexicon, string[] | undefined>();

function undoRegionalAffixes(t: string, slang: SlangLexicon): string[] | undefined {
  const affixes = slang.affixes;
  if (!affixes || t.length < 5 || slang.vocabulary.has(t) || rootWords.has(stemWord(t))) return undefined;
  for (const inf of affixes.infixes) {
    let base: string | undefined;
    if (!VOWEL.test(t[0] ?? "") && t.startsWith(inf, 1)) base = (t[0] ?? "") + t.slice(1 + inf.length);
    else if (t.startsWith(inf) && VOWEL.test(t[inf.length] ?? "")) base = t.slice(inf.length);
    const listed = base === undefined ? undefined : slang.words.get(base);
    if (base !== undefined && listed) return listed.filter((w) => !slang.particles.has(w));
  }
  for (const prefix of ["", ...affixes.prefixes]) {
    if (!t.startsWith(prefix)) continue;
    for (const suffix of ["", ...affixes.suffixes]) {
      if ((prefix === "" && suffix === "") || !t.endsWith(suffix)) continue;
      const base = t.slice(prefix.length, t.length - suffix.length);
      if (base.length < 4) continue;
      const listed = slang.words.get(base);
      const known = listed ?? (slang.vocabulary.has(base) ? [base] : undefined);
      if (!known) continue;
      // A Sundanese/Javanese passive with a causative suffix is the Indonesian `di…kan`.
      if (prefix === "di" && (suffix === "keun" || suffix === "ke") && known.length === 1) {
        return [`di${known[0] ?? base}kan`];
      }
      return known.filter((w) => !slang.particles.has(w));
    }
  }
  return undefined;
}

function lookup(t: string, slang: SlangLexicon): string[] | undefined {
  const hit = slang.words.get(t);
  if (hit) return hit.filter((w) => !slang.particles.has(w));
  if (slang.particles.has(t)) return [];
  return undefined;
}

/**
 * Letters stretched for emphasis (`parahhh`, `bapaaaak`, `kereeennnn`): a run of three or more
 * becomes one letter, or two when only the doubled form is a word (`maaaaf` → maaf). A final
 * double (`tolongg`) is undone when the word is unknown and the single form is known. Real
 * double letters (`saat`, `taat`, `Allah`) are untouched because they are never runs of three.
 */
function squeeze(t: string, vocabulary: ReadonlySet<string>): string {
  if (!/(\p{L})\1/u.test(t)) return t;
  let out = t;
  if (/(\p{L})\1\1/u.test(t)) {
    const single = t.replace(/(\p{L})\1{2,}/gu, "$1");
    const double = t.replace(/(\p{L})\1{2,}/gu, "$1$1");
    out = vocabulary.has(single) ? single : vocabulary.has(double) ? double : single;
  }
  if (!vocabulary.has(out)) {
    const collapsed = out.replace(/(\p{L})\1/gu, "$1");
    if (collapsed !== out && vocabulary.has(collapsed)) return collapsed;
  }
  return out;
}
