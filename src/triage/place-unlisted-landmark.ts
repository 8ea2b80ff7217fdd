import { isNameWord } from "./place-unlisted-street.js";
import type { PlaceVocabulary, PreparedToken } from "./place-vocabulary.js";

/*
 * Buildings the gazetteer does not list, named after a word of position: "depan SMK 15",
 * "samping Masjid Al Ikhlas", "depan Salon Memory". config/places/landmarks.csv holds transit stops
 * and well-known places; a citizen more often points at the school, mosque or shop next to the
 * problem. After a position word (`landmark_position_prefixes`: depan, samping, seberang …) a
 * kind of building (`landmark_types`, `commercial_kinds`) followed by a number or by a name that is
 * not an everyday word is reported as written, with no kecamatan unless another name gives one.
 *
 * With no kind word, one or two words that are no everyday word right after the position word
 * ("depan Kalijati", "dekat Lawang Wangi") are a place known by its name and are taken the same way.
 *
 * A bare kind ("depan sekolah", "dekat masjid") says too little to find the spot and is left out,
 * as is a kind or a position word followed by an everyday word ("depan toko ada motor", "dekat rumah").
 */

/** Longest name taken after the kind word, in words. */
const MAX_NAME_WORDS = 3;
/** A school or a stop by its number ("SMP 12", "SD 3"). */
const NUMBER_RE = /^\d{1,3}$/;

const upper = new Set([
  "sd",
  "sdn",
  "smp",
  "smpn",
  "sma",
  "sman",
  "smk",
  "smkn",
  "tk",
  "rs",
  "rsud",
  "rsia",
  "rsu",
  "spbu",
  "gor",
  "jpo",
]);
const display = (t: PreparedToken): string => {
  // A folded phrase ("sekolah menengah kejuruan" → smk) shows as its short form.
  if (upper.has(t.key)) return t.key.toUpperCase();
  const w = t.raw.toLowerCase();
  return w.length === 0 ? w : (w[0] as string).toUpperCase() + w.slice(1);
};

export interface UnlistedLandmark {
  /** Index of the kind word. */
  start: number;
  /** Index after the last word of the name. */
  end: number;
  /** "SMK 15", "Salon Memory". */
  name: string;
}

/**
 * The unlisted building named right after the position word at `at`, if the words there read as
 * a kind and a name. `free(i)` says whether word i is not already part of a known place.
 */
export function unlistedLandmarkAt(
  v: PlaceVocabulary,
  toks: readonly PreparedToken[],
  at: number,
  free: (i: number) => boolean,
): UnlistedLandmark | undefined {
  if (!v.landmarkPositionPrefixes.has((toks[at] as PreparedToken).key)) return undefined;
  const kindAt = at + 1;
  const kind = toks[kindAt];
  if (!kind || !free(kindAt)) return undefined;
  if (!v.landmarkTypes.has(kind.key) && !v.commercialKinds.has(kind.key)) {
    // No kind word: a name that is no everyday word right after the position word ("depan
    // Kalijati", "seberang Lawang Wangi") is a place people know by name.
    let e = kindAt;
    while (e < toks.length && e - kindAt < 2 && free(e) && isNameWord(v, toks[e] as PreparedToken)) e++;
    if (e === kindAt) return undefined;
    return { start: kindAt, end: e, name: toks.slice(kindAt, e).map(display).join(" ") };
  }
  let end = kindAt + 1;
  const first = toks[end];
  if (first && free(end) && NUMBER_RE.test(first.key)) {
    end++;
  } else {
    while (
      end < toks.length &&
      end - kindAt <= MAX_NAME_WORDS &&
      free(end) &&
      isNameWord(v, toks[end] as PreparedToken)
    )
      end++;
  }
  if (end === kindAt + 1) return undefined;
  const words = toks.slice(kindAt, end).map(display);
  return { start: kindAt, end, name: words.join(" ") };
}

/** How a spot's kind shows on the card ("komp" and "komplek" alike: "Komplek Pharmindo"). */
const SPOT_LABEL: Readonly<Record<string, string>> = { flyover: "Flyover", perumahan: "Perumahan" };

/**
 * A spot named by its kind and a name not in the lists (`named_spot_kinds`): a junction, bridge,
 * tunnel or housing estate, "jembatan cikapundung", "komp. pharmindo", "perum griya asri". The
 * name is one to three words that are no everyday word (or a name head such as "griya" or "bumi"
 * with a word after it), with a trailing part ("barat", "ii") kept. Shown as written; no
 * kecamatan unless another name in the tweet gives one.
 */
export function namedSpotAt(
  v: PlaceVocabulary,
  toks: readonly PreparedToken[],
  at: number,
  free: (i: number) => boolean,
): UnlistedLandmark | undefined {
  const kind = toks[at] as PreparedToken;
  if (!v.namedSpotKinds.has(kind.key) || !free(at)) return undefined;
  const start = at + 1;
  const first = toks[start];
  if (!first || !free(start)) return undefined;
  let end: number;
  if (isNameWord(v, first)) end = start + 1;
  else {
    const next = toks[start + 1];
    if (!v.streetNameHeads.has(first.key) || !next || !free(start + 1)) return undefined;
    if (
      next.key.length < 3 ||
      /\d/.test(next.key) ||
      v.allCues.has(next.key) ||
      v.notStreetNames.has(next.key)
    )
      return undefined;
    end = start + 2;
  }
  while (end < toks.length && end - start < MAX_NAME_WORDS && free(end)) {
    const t = toks[end] as PreparedToken;
    if (isNameWord(v, t) || (v.streetVariantSuffixes.has(t.key) && !/\d/.test(t.key))) end++;
    else break;
  }
  const label = SPOT_LABEL[kind.key] ?? display({ ...kind, raw: kind.key });
  const words = toks.slice(start, end).map(display);
  return { start: at, end, name: `${label} ${words.join(" ")}` };
}
