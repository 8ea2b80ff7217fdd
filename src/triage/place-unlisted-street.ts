import { rootWords } from "./stem-id.js";
import type { PlaceVocabulary, PreparedToken } from "./place-vocabulary.js";

/*
 * Streets the gazetteer does not list. config/places/streets.csv holds only the streets a transit
 * route runs on; most complaints are about the small street or gang where the citizen lives. After
 * a street cue ("jl. arumsari", "gg. sekepondok 1") a name that is not an everyday word is still a
 * street: it is reported as written, with no kecamatan unless another name in the tweet gives one.
 *
 * What keeps this from reading "jalan kaki", "jalan rusak", "jalan-jalan" or "jalan terus" as a
 * street: the first word of the name must not be an Indonesian word (the stemmer's root
 * dictionary, affixed forms included: "berlubang", "dibetulin"), nor a word of the
 * `not_street_names` family (Sundanese, Javanese and slang words that describe a road:
 * "butut", "pisan", "gede"), nor a cue, title or number. A few everyday words that often begin
 * a name (`street_name_heads`: "taman", "bukit") count when a second word follows.
 */

/** Titles and leading words kept in the name as written but skipped when judging it ("jl. raa wiranatakusumah"). */
const LEADING = new Set([
  "raya",
  "terusan",
  "ters",
  "trs",
  "jend",
  "jendral",
  "jenderal",
  "dr",
  "ir",
  "h",
  "kh",
]);
/** Longest name taken after the cue, in words (titles not counted). */
const MAX_NAME_WORDS = 3;

/**
 * Affixes peeled off (one prefix, one suffix) before asking the dictionary: formal ("berlubang",
 * "diperbaiki", "menutup"), informal and Sundanese ("dibenerin", "ngebut", "jalanna"). Not the
 * stemmer: it strips stacked prefixes off names too ("Sekepondok" → pondok).
 */
const PREFIXES = [
  "diper",
  "memper",
  "di",
  "ke",
  "ter",
  "ber",
  "be",
  "per",
  "pe",
  "se",
  "nge",
  "ng",
  "ny",
  "pa",
  "ka",
  "ti",
];
/** Nasal prefixes and the first letter they replace ("menutup" → tutup, "nyapu" → sapu). */
const NASAL: ReadonlyArray<readonly [string, string]> = [
  ["meng", "k"],
  ["meny", "s"],
  ["men", "t"],
  ["mem", "p"],
  ["peng", "k"],
  ["peny", "s"],
  ["pen", "t"],
  ["pem", "p"],
  ["ny", "s"],
  ["ng", "k"],
  ["me", ""],
  ["meng", ""],
  ["men", ""],
  ["mem", ""],
];
const SUFFIXES = ["in", "nya", "na", "an", "kan", "i", "eun", "keun", "lah"];
const POSSESSIVE = ["nya", "na", "lah"];

/** The word (lower case, as typed) is an Indonesian word, plain or with common affixes. */
export function isDictionaryWord(word: string): boolean {
  const w = word.replace(/[^a-z]/g, "");
  if (rootWords.has(w)) return true;
  const peel = (x: string): string[] =>
    SUFFIXES.filter((s) => x.endsWith(s)).map((s) => x.slice(0, -s.length));
  // A possessive or particle after a derivational suffix: "jualannya", "perbaikannya".
  const forms = [
    w,
    ...peel(w),
    ...POSSESSIVE.filter((s) => w.endsWith(s)).flatMap((s) => peel(w.slice(0, -s.length))),
  ];
  for (const f of forms) {
    if (f.length >= 3 && rootWords.has(f)) return true;
    for (const p of PREFIXES)
      if (f.startsWith(p) && f.length - p.length >= 3 && rootWords.has(f.slice(p.length))) return true;
    for (const [p, first] of NASAL)
      if (f.startsWith(p) && f.length - p.length >= 2 && rootWords.has(first + f.slice(p.length)))
        return true;
  }
  return false;
}

/** A word that may be (part of) a street's name: not a number, cue, title or everyday word. */
export function isNameWord(v: PlaceVocabulary, t: PreparedToken): boolean {
  const key = t.key;
  if (key.length < 3 || /\d/.test(key)) return false;
  if (v.allCues.has(key) || v.titleWords.has(key) || v.streetVariantSuffixes.has(key)) return false;
  if (v.notStreetNames.has(key) || v.genericPlaceWords.has(key)) return false;
  return !isDictionaryWord(t.raw.toLowerCase());
}

const capitalise = (w: string): string => (w.length === 0 ? w : (w[0] as string).toUpperCase() + w.slice(1));

export interface UnlistedStreet {
  /** Index of the first word of the name (after the cue). */
  start: number;
  /** Index after the last word of the name. */
  end: number;
  /** "Jl. Arumsari", "Gg. Sekepondok". */
  name: string;
}

/**
 * The unlisted street named right after the street cue at `cue`, if the words there read as a
 * name. `free(i)` says whether word i is not already part of a known place.
 */
export function unlistedStreetAt(
  v: PlaceVocabulary,
  toks: readonly PreparedToken[],
  cue: number,
  free: (i: number) => boolean,
  capitalised: ReadonlySet<string> = NO_WORDS,
): UnlistedStreet | undefined {
  const isName = (t: PreparedToken): boolean =>
    isNameWord(v, t) || (capitalised.has(t.raw.toLowerCase()) && writtenAsName(v, t));
  const cueKey = (toks[cue] as PreparedToken).key;
  if (!v.streetNameCues.has(cueKey)) return undefined;
  const start = cue + 1;
  let j = start;
  while (j < toks.length && j < start + 2 && free(j) && LEADING.has((toks[j] as PreparedToken).key)) j++;
  if (j >= toks.length || !free(j)) return undefined;
  const first = toks[j] as PreparedToken;
  const next = toks[j + 1];
  let end: number;
  if (isName(first)) end = j + 1;
  else if (
    v.streetNameHeads.has(first.key) &&
    next !== undefined &&
    free(j + 1) &&
    next.key.length >= 3 &&
    !/\d/.test(next.key) &&
    !v.allCues.has(next.key) &&
    !v.notStreetNames.has(next.key)
  )
    end = j + 2;
  else return undefined;
  // Further name words ("bukit dago", "garu …") and a trailing part ("selatan", "ii").
  while (end < toks.length && end - j < MAX_NAME_WORDS && free(end)) {
    const t = toks[end] as PreparedToken;
    if (isName(t) || (v.streetVariantSuffixes.has(t.key) && !/\d/.test(t.key))) end++;
    else break;
  }
  const label = cueKey === "gang" ? "Gg." : "Jl.";
  const words = toks.slice(start, end).map((t) => capitalise(t.raw.toLowerCase()));
  return { start, end, name: `${label} ${words.join(" ")}` };
}

const NO_WORDS: ReadonlySet<string> = new Set();

/** A dictionary word the citizen capitalised after a street cue may be a name: not a cue, title or road word. */
const writtenAsName = (v: PlaceVocabulary, t: PreparedToken): boolean =>
  t.key.length >= 3 &&
  !/\d/.test(t.key) &&
  !v.allCues.has(t.key) &&
  !v.titleWords.has(t.key) &&
  !v.notStreetNames.has(t.key) &&
  !v.streetVariantSuffixes.has(t.key);

/**
 * Words written with a capital right after an abbreviated or lower-case street cue in the tweet as
 * typed ("jl. Mawar", "gg. Melati Indah", "jalan Pelajar Pejuang"), lower-cased. Small streets
 * are often named after flowers, fruit or virtues, all dictionary words: the capital is what says
 * the citizen wrote a name. "Jalan Mawar" at the start of a title-cased sentence is not read this
 * way, nor is a capital after "Jalan" in text that capitalises every word.
 */
export function capitalisedStreetWords(raw: string): Set<string> {
  const out = new Set<string>();
  const re = /\b(?:[Jj][Ll][Nn]?|[Gg][Gg]|jalan|gang)\.?\s*(?:raya\s+)?((?:[A-Z][a-z]{2,}(?:\s+|$)){1,3})/g;
  for (const m of raw.matchAll(re))
    for (const w of (m[1] ?? "").trim().split(/\s+/)) if (w !== "") out.add(w.toLowerCase());
  return out;
}
