import { createRequire } from "node:module";
import { z } from "zod";
import { canonicalWord, splitWords } from "./place-keys.js";

/*
 * The words read around place names (config/places/vocabulary.yaml): abbreviations, cues, titles,
 * names of other regions, everyday words that must not be read as names. Compiled once into key
 * sets; the functions below are the gazetteer's and the locator's view of them.
 */

const word = z.string().min(1, "expected a word");
const words = z.array(word);

export const placeVocabularySchema = z
  .object({
    /** Everyday form → what people type for it (jalan: [jl, jln]). */
    synonyms: z.record(word, words),
    /** Multi-word spellings folded into one token (rumah sakit → rs); first match wins. */
    phrases: z.array(z.object({ words: z.array(word).min(2), as: word }).strict()),
    landmark_types: words,
    street_cues: words,
    kelurahan_cues: words,
    kecamatan_cues: words,
    general_cues: words,
    title_words: words,
    street_variant_suffixes: words,
    street_leading_words: words,
    landmark_position_prefixes: words,
    /** Acronym → how much context it needs (`none` or `any-cue`). */
    institution_acronyms: z.record(word, z.enum(["none", "any-cue"])),
    other_places: words,
    home_region: words,
    place_first_words: words,
    generic_place_words: words,
    everyday_words: words,
    /** Cues after which an unlisted name is still a street ("jl. arumsari", "gg. sekepondok"). */
    street_name_cues: words.default([]),
    /** Everyday words that often begin a street name ("Jalan Taman Siswa", "Jalan Bukit Dago"). */
    street_name_heads: words.default([]),
    /** Words after "jalan" that say something about the road, not its name ("jalan kaki", "jalan butut"). */
    not_street_names: words.default([]),
    /** More of the same family: informal function words, budget names, link remnants. */
    not_street_names_informal: words.default([]),
    /** Kinds of business (hotel, toko, warung): such a landmark is only matched by its exact name or with its kind. */
    commercial_kinds: words.default([]),
    /** Kinds of spot that with a name not in the lists are a spot of their own ("jembatan cikapundung", "komplek pharmindo"). */
    named_spot_kinds: words.default([]),
  })
  .strict();
export type PlaceVocabularyFile = z.output<typeof placeVocabularySchema>;

/**
 * How much context an alias needs before a match is believed:
 * - `none`: distinctive, believed anywhere ("pagarsih", "rs borromeus", "sadang serang");
 * - `any-cue`: short or ordinary-looking, needs a place cue right before it ("di dago", "dkt kopo");
 * - `kind-cue`: an everyday word, needs a cue of its own kind ("jalan merdeka", "kel ledeng").
 */
export type CueNeed = "none" | "any-cue" | "kind-cue";

export type PlaceKind = "kecamatan" | "kelurahan" | "street" | "landmark";

/** The compiled vocabulary: every word in key form. */
export interface PlaceVocabulary {
  readonly synonyms: ReadonlyMap<string, string>;
  readonly phrases: ReadonlyArray<readonly [readonly string[], string]>;
  readonly phraseStarts: ReadonlySet<string>;
  readonly landmarkTypes: ReadonlySet<string>;
  readonly streetCues: ReadonlySet<string>;
  readonly kelurahanCues: ReadonlySet<string>;
  readonly kecamatanCues: ReadonlySet<string>;
  readonly generalCues: ReadonlySet<string>;
  readonly allCues: ReadonlySet<string>;
  readonly titleWords: ReadonlySet<string>;
  readonly streetVariantSuffixes: ReadonlySet<string>;
  readonly streetLeadingWords: ReadonlySet<string>;
  readonly landmarkPositionPrefixes: ReadonlySet<string>;
  readonly namedSpotKinds: ReadonlySet<string>;
  readonly institutionAcronyms: ReadonlyMap<string, CueNeed>;
  readonly otherPlaces: ReadonlySet<string>;
  readonly homeRegion: ReadonlySet<string>;
  readonly placeFirstWords: ReadonlySet<string>;
  readonly genericPlaceWords: ReadonlySet<string>;
  readonly everydayWords: ReadonlySet<string>;
  readonly streetNameCues: ReadonlySet<string>;
  readonly streetNameHeads: ReadonlySet<string>;
  readonly notStreetNames: ReadonlySet<string>;
  readonly commercialKinds: ReadonlySet<string>;
  /**
   * Key form of words already seen. Tweets repeat a small vocabulary, so this saves most of the
   * folding work; a pure cache (same input, same output), emptied when it grows large.
   */
  readonly memo: Map<string, string>;
}

const keySet = (ws: readonly string[]): Set<string> => new Set(ws.map(canonicalWord));

export function compilePlaceVocabulary(file: PlaceVocabularyFile): PlaceVocabulary {
  const synonyms = new Map<string, string>();
  for (const [to, froms] of Object.entries(file.synonyms))
    for (const f of froms) synonyms.set(canonicalWord(f), canonicalWord(to));
  const phrases = file.phrases.map((p) => [p.words.map(canonicalWord), canonicalWord(p.as)] as const);
  const landmarkTypes = keySet(file.landmark_types);
  const streetCues = keySet(file.street_cues);
  const kelurahanCues = keySet(file.kelurahan_cues);
  const kecamatanCues = keySet(file.kecamatan_cues);
  const generalCues = keySet(file.general_cues);
  return {
    synonyms,
    phrases,
    phraseStarts: new Set(phrases.map(([w]) => w[0] as string)),
    landmarkTypes,
    streetCues,
    kelurahanCues,
    kecamatanCues,
    generalCues,
    allCues: new Set([...streetCues, ...kelurahanCues, ...kecamatanCues, ...generalCues, ...landmarkTypes]),
    titleWords: keySet(file.title_words),
    streetVariantSuffixes: keySet(file.street_variant_suffixes),
    streetLeadingWords: keySet(file.street_leading_words),
    landmarkPositionPrefixes: keySet(file.landmark_position_prefixes),
    namedSpotKinds: keySet(file.named_spot_kinds),
    institutionAcronyms: new Map(
      Object.entries(file.institution_acronyms).map(([a, n]) => [canonicalWord(a), n] as const),
    ),
    otherPlaces: keySet(file.other_places),
    homeRegion: keySet(file.home_region),
    placeFirstWords: keySet(file.place_first_words),
    genericPlaceWords: keySet(file.generic_place_words),
    everydayWords: keySet(file.everyday_words),
    streetNameCues: keySet(file.street_name_cues),
    streetNameHeads: keySet(file.street_name_heads),
    notStreetNames: keySet([...file.not_street_names, ...file.not_street_names_informal]),
    commercialKinds: keySet(file.commercial_kinds),
    memo: new Map(),
  };
}

/** An empty vocabulary (every list empty): for callers that build a gazetteer from bare rows. */
export const EMPTY_PLACE_VOCABULARY_FILE: PlaceVocabularyFile = {
  synonyms: {},
  phrases: [],
  landmark_types: [],
  street_cues: [],
  kelurahan_cues: [],
  kecamatan_cues: [],
  general_cues: [],
  title_words: [],
  street_variant_suffixes: [],
  street_leading_words: [],
  landmark_position_prefixes: [],
  institution_acronyms: {},
  other_places: [],
  home_region: [],
  place_first_words: [],
  generic_place_words: [],
  everyday_words: [],
  street_name_cues: [],
  street_name_heads: [],
  not_street_names: [],
  not_street_names_informal: [],
  commercial_kinds: [],
  named_spot_kinds: [],
};

/** The words name a city or region other than Bandung ("Kebon Jeruk, Jakarta"). */
export function namesOtherPlace(v: PlaceVocabulary, keys: readonly string[]): boolean {
  return keys.some((k) => v.otherPlaces.has(k) && !v.homeRegion.has(k));
}

/** Everyday Indonesian words (the stemmer's root dictionary): a place with such a name needs a cue. */
const DICTIONARY: ReadonlySet<string> = (() => {
  const ws = createRequire(import.meta.url)(
    "natural/lib/natural/stemmers/indonesian/data/kata-dasar.json",
  ) as string[];
  return new Set(ws.map(canonicalWord));
})();

/** Dictionary roots with a suffix ("sayuran", "jalanan", "rumahnya") are everyday words too. */
const SUFFIXES = ["nya", "kan", "an"];

/** A word that on its own is an everyday word, not a name. */
export function isCommonWord(v: PlaceVocabulary, key: string): boolean {
  if (v.placeFirstWords.has(key)) return false;
  return (
    DICTIONARY.has(key) ||
    (key.length >= 6 && SUFFIXES.some((s) => key.endsWith(s) && DICTIONARY.has(key.slice(0, -s.length)))) ||
    v.genericPlaceWords.has(key) ||
    v.everydayWords.has(key) ||
    v.otherPlaces.has(key) ||
    v.allCues.has(key) ||
    v.streetVariantSuffixes.has(key)
  );
}

const WORD_MEMO_LIMIT = 50_000;

/** One prepared word: its key form and the raw text it came from (for evidence). */
export interface PreparedToken {
  key: string;
  raw: string;
}

/**
 * Turns words (raw or already normalised) into key tokens: splits on punctuation, folds spelling,
 * maps abbreviations (jl, jln → jalan; rumah sakit → rs; sma negeri → sman).
 */
export function prepareTokens(v: PlaceVocabulary, words: readonly string[]): PreparedToken[] {
  const base: PreparedToken[] = [];
  for (const w of words) {
    const known = v.memo.get(w);
    if (known !== undefined) {
      if (known !== "") base.push({ key: known, raw: w });
      continue;
    }
    // A normalised token is already one lower-case word; a raw one may be "jl.sangkuriang".
    const parts = /^[a-z0-9]+$/.test(w) ? [w] : splitWords(w);
    for (const p of parts) {
      const k = canonicalWord(p);
      const key = v.synonyms.get(k) ?? k;
      if (parts.length === 1) {
        if (v.memo.size >= WORD_MEMO_LIMIT) v.memo.clear();
        v.memo.set(w, key);
      }
      if (key.length > 0) base.push({ key, raw: p });
    }
  }
  const out: PreparedToken[] = [];
  for (let i = 0; i < base.length; i++) {
    const t = base[i] as PreparedToken;
    if (v.phraseStarts.has(t.key)) {
      const phrase = v.phrases.find(([ws]) => ws.every((w, j) => base[i + j]?.key === w));
      if (phrase) {
        const n = phrase[0].length;
        out.push({
          key: phrase[1],
          raw: base
            .slice(i, i + n)
            .map((b) => b.raw)
            .join(" "),
        });
        i += n - 1;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

/** Key tokens of a place name as written in the data ("Jl. Ir. H. Juanda (Dago)" → jalan ir h juanda). */
export const keysOf = (v: PlaceVocabulary, name: string): string[] =>
  prepareTokens(v, splitWords(name.replace(/\([^)]*\)/g, " "))).map((t) => t.key);

/** How much context an alias of `kind` made of these key tokens needs (see `CueNeed`). */
export function cueNeedOf(v: PlaceVocabulary, tokens: readonly string[], kind: PlaceKind): CueNeed {
  const first = tokens[0] ?? "";
  const key = tokens.join("");
  if (tokens.length >= 2 && v.landmarkTypes.has(first)) return "none";
  if (tokens.length === 1) {
    if (isCommonWord(v, key)) return "kind-cue";
    return key.length < 5 ? "any-cue" : "none";
  }
  if (kind === "kecamatan") return "none";
  if (tokens.every((t) => isCommonWord(v, t) || t.length < 3)) return "any-cue";
  return key.length < 6 ? "any-cue" : "none";
}
