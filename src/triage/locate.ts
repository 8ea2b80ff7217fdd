import { perWordMemo } from "./word-memo.js";
import { createRequire } from "node:module";
import type { Evidence, TriageLocation } from "./types.js";
import { whollyOutside, type AliasHit, type Gazetteer, type Place, type PlaceKind } from "./gazetteer.js";
import { areaAt } from "./place-areas.js";
import {
  isCommonWord,
  namesOtherPlace,
  prepareTokens,
  type PlaceVocabulary,
  type PreparedToken,
} from "./place-vocabulary.js";
import { capitalisedStreetWords, isNameWord, unlistedStreetAt } from "./place-unlisted-street.js";
import { namedSpotAt, unlistedLandmarkAt } from "./place-unlisted-landmark.js";
import { neighbourhoodIn } from "./place-neighbourhood.js";

const jaroWinkler = createRequire(import.meta.url)(
  "natural/lib/natural/distance/jaro-winkler_distance.js",
) as (a: string, b: string) => number;

export interface LocateInput {
  /** Words of the tweet, normalised or raw (abbreviations like jl, jln, rs, kec, kel are handled here too). */
  tokens: readonly string[];
  /** [lon, lat] of the tweet, when X attached precise coordinates. */
  coordinates?: [number, number];
  /** Words of the place X attached ("Coblong, Indonesia"). */
  place_tokens?: readonly string[];
  /** Words of the author's profile location ("Dago, Bandung"). */
  profile_tokens?: readonly string[];
  /** The tweet as written, for the RT/RW it names (place-neighbourhood.ts). */
  raw?: string;
}

export interface LocateResult {
  location: TriageLocation;
  evidence: Evidence[];
}

/** Jaro-Winkler similarity a misspelt name must reach ("borromeous" → "borromeus" is 0.98). */
const FUZZY_THRESHOLD = 0.92;
/** Longest alias, in prepared tokens, the scan tries ("jalan layang professor mochtar kusumaatmadja"). */
const MAX_SPAN = 6;
/** Typos are looked for in up to this many words after a cue. */
const MAX_FUZZY_SPAN = 3;

type Mode = "text" | "place" | "profile";

interface Match {
  start: number;
  end: number;
  place: Place;
  /** The words as written. */
  text: string;
  /** The cue word before it, if any (key form). */
  cue?: string;
  /** Similarity when found by spelling tolerance; undefined for an exact match. */
  similarity?: number;
  /** The key the misspelling was read as. */
  readAs?: string;
  /** Every word reads as a name (no everyday word, or capitalised after a street cue): see resolve. */
  nameLike?: boolean;
}

/**
 * Where a complaint is. Tries, in order: the tweet's coordinates (point in polygon), the place X
 * attached, place names in the text (landmark, street, kelurahan, kecamatan; typos tolerated after
 * a cue), and the author's profile location as a weak hint. Every step taken leaves evidence.
 */
export function locate(g: Gazetteer, input: LocateInput): LocateResult {
  const evidence: Evidence[] = [];
  const say = (reason: string, match: string): void =>
    void evidence.push({ field: "location", reason, match });

  if (input.coordinates) {
    const [lon, lat] = input.coordinates;
    const where = Number.isFinite(lon) && Number.isFinite(lat) ? areaAt(g, lon, lat) : undefined;
    const shown = `${lon}, ${lat}`;
    if (where) {
      say(
        `tweet coordinates fall in ${where.kelurahan === undefined ? "" : `kelurahan ${where.kelurahan}, `}kecamatan ${where.kecamatan}`,
        shown,
      );
      return {
        location: {
          kecamatan: where.kecamatan,
          ...(where.kelurahan === undefined ? {} : { kelurahan: where.kelurahan }),
          lat,
          lon,
          source: "coordinates",
        },
        evidence,
      };
    }
    say("tweet coordinates are outside Kota Bandung: not used", shown);
  }

  if (input.place_tokens && input.place_tokens.length > 0) {
    const matches = scan(g, prepareTokens(g.vocabulary, input.place_tokens), "place");
    const best =
      matches.find((m) => m.place.kind === "kelurahan") ?? matches.find((m) => m.place.kind === "kecamatan");
    if (best) {
      say(`the place X attached is ${describe(best.place)}`, best.text);
      return { location: { ...areaFields(best.place), source: "place" }, evidence };
    }
  }

  const textTokens = prepareTokens(g.vocabulary, input.tokens);
  // Read the tweet as typed only when it has a street cue (most tweets have none).
  const capitalised =
    input.raw !== undefined && textTokens.some((t) => g.vocabulary.streetNameCues.has(t.key))
      ? capitalisedStreetWords(input.raw)
      : undefined;
  const text = resolve(g.vocabulary.streetCues, scan(g, textTokens, "text", capitalised), "text", say);
  const unit = input.raw === undefined ? undefined : neighbourhoodIn(input.raw);
  if (unit !== undefined) say("a neighbourhood unit (RT/RW) named in text", unit);
  if (text) return { location: unit === undefined ? text : { ...text, neighbourhood: unit }, evidence };
  // Only an RT/RW: the report is somewhere in a kelurahan the card cannot name, but staff can ask.
  if (unit !== undefined) return { location: { source: "text", neighbourhood: unit }, evidence };

  if (input.profile_tokens && input.profile_tokens.length > 0) {
    const prepared = prepareTokens(g.vocabulary, input.profile_tokens);
    const elsewhere = namesOtherPlace(
      g.vocabulary,
      prepared.map((t) => t.key),
    );
    const profile = elsewhere
      ? undefined
      : resolve(g.vocabulary.streetCues, scan(g, prepared, "profile"), "profile", say);
    if (profile) return { location: profile, evidence };
    if (elsewhere)
      say("profile location names a place outside Bandung: not used", input.profile_tokens.join(" "));
    else if (prepared.some((t) => t.key === "bandung"))
      say("profile location names only the city: no kecamatan to route by", input.profile_tokens.join(" "));
  }
  return { location: { source: "none" }, evidence };
}

function describe(p: Place): string {
  switch (p.kind) {
    case "kecamatan":
      return `kecamatan ${p.name}`;
    case "kelurahan":
      return `kelurahan ${p.name} (kecamatan ${p.kecamatan ?? "?"})`;
    case "landmark":
      if (p.unlisted === true) return `landmark "${p.name}" (not in the landmark list)`;
      return `landmark "${p.name}" (kelurahan ${p.kelurahan ?? "?"}, kecamatan ${p.kecamatan ?? "?"})`;
    case "street":
      return p.unlisted === true ? `street "${p.name}" (not in the street list)` : `street "${p.name}"`;
  }
}

function areaFields(p: Place): { kecamatan?: string; kelurahan?: string } {
  if (p.kind === "kecamatan") return { kecamatan: p.name };
  if (p.kind === "kelurahan") return { kecamatan: p.kecamatan ?? "", kelurahan: p.name };
  return {};
}

/**
 * The cue word right before position `i`, looking past titles ("jl. dr. djunjunan", "jl raa
 * wiranatakusumah") and the numbers of an address ("rw 10 babakan sari", "no 8", "gg. mawar iii").
 */
function cueBefore(v: PlaceVocabulary, toks: readonly PreparedToken[], i: number): string | undefined {
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const k = (toks[j] as PreparedToken).key;
    if (v.allCues.has(k)) return k;
    if (!skippable(k)) {
      // An address names the street, then its area: "jl garu babakan sari", "jl waluku v babakan
      // sari". One word right after a street-name cue (then only numbers or titles) is that
      // street's name, and the cue speaks for the area after it too. Not when the word begins a
      // longer name ("jl bukit dago"): that name is the street's (see streetNameSpans).
      const before = toks[j - 1]?.key;
      if (before !== undefined && v.streetNameCues.has(before) && !v.streetNameHeads.has(k)) return before;
      return undefined;
    }
  }
  return undefined;
}
const DIGITS_RE = /^\d{1,3}$/;
/** Roman numerals of a street's part ("Gg. Mawar III"). */
const ROMAN_RE = /^(i{1,3}|iv|v|vi{1,3}|ix|x)$/;
/**
 * Titles and leading words skipped between a cue and a name. Not every title of vocabulary.yaml
 * ("m", "re", "laut", "mayor" are everyday words or letters too): each word skipped puts more of
 * the tweet after a cue, where misspellings are looked for.
 */
const TITLE_LIKE = new Set([
  "dr",
  "dokter",
  "prof",
  "ir",
  "h",
  "haji",
  "kh",
  "jend",
  "jendral",
  "jenderal",
  "moh",
  "mohammad",
  "muhammad",
  "raya",
  "terusan",
  "st",
  "santo",
  // Raden Adipati Aria, written out or as R.A.A. (key "ra")
  "raden",
  "ra",
  "adipati",
  "aria",
]);
const skippable = (k: string): boolean => TITLE_LIKE.has(k) || DIGITS_RE.test(k) || ROMAN_RE.test(k);

function cueFits(
  v: PlaceVocabulary,
  need: AliasHit["need"],
  kind: PlaceKind,
  cue: string | undefined,
  mode: Mode,
): boolean {
  if (need === "none") return true;
  if (mode === "place") return true;
  if (mode === "profile") return need === "any-cue";
  if (cue === undefined) return false;
  if (need === "any-cue") return true;
  if (kind === "street") return v.streetCues.has(cue);
  // "jalan lengkong" with no street of that name: a street named after an area runs through it.
  if (kind === "kelurahan") return v.kelurahanCues.has(cue) || v.streetCues.has(cue);
  if (kind === "kecamatan") return v.kecamatanCues.has(cue) || v.streetCues.has(cue);
  return false;
}

const KIND_ORDER: readonly PlaceKind[] = ["landmark", "kelurahan", "kecamatan", "street"];

/** Which reading of a name to take: the cue decides ("jalan braga" is the street), else the most specific. */
function choose(v: PlaceVocabulary, hits: readonly AliasHit[], cue: string | undefined): Place | undefined {
  const of = (k: PlaceKind): Place | undefined => hits.find((h) => h.place.kind === k)?.place;
  if (cue !== undefined) {
    if (v.streetCues.has(cue) && of("street")) return of("street");
    if (cue === "kelurahan" && of("kelurahan")) return of("kelurahan");
    if (cue === "kecamatan" && of("kecamatan")) return of("kecamatan");
  }
  const kel = of("kelurahan");
  const kec = of("kecamatan");
  // "Batununggal" is a kecamatan and, elsewhere, a kelurahan: alone it means the kecamatan.
  if (kel && kec && kel.kecamatan !== kec.name) return kec;
  for (const k of KIND_ORDER) {
    const p = of(k);
    if (p) return p;
  }
  return undefined;
}

function scan(
  g: Gazetteer,
  toks: readonly PreparedToken[],
  mode: Mode,
  capitalised?: ReadonlySet<string>,
): Match[] {
  const candidates: Match[] = [];
  const n = toks.length;
  for (let i = 0; i < n; i++) {
    let key = "";
    let cue: string | undefined;
    let cueKnown = false;
    for (let j = i; j < n && j < i + MAX_SPAN; j++) {
      key += (toks[j] as PreparedToken).key;
      const hits = g.aliases.get(key);
      if (hits) {
        if (!cueKnown) {
          cue = cueBefore(g.vocabulary, toks, i);
          cueKnown = true;
        }
        const allowed = hits.filter(
          (h) =>
            cueFits(g.vocabulary, h.need, h.place.kind, cue, mode) &&
            (mode !== "place" || h.place.kind === "kecamatan" || h.place.kind === "kelurahan"),
        );
        const place = choose(g.vocabulary, allowed, cue);
        if (place)
          candidates.push({
            start: i,
            end: j + 1,
            place,
            text: spanText(g.vocabulary, toks, i, j + 1),
            ...(cue === undefined ? {} : { cue }),
          });
      }
      if (!g.prefixes.has(key)) break;
    }
  }
  // Longest names first ("terminal leuwipanjang" over "leuwipanjang"), then in reading order; a
  // street wholly outside the city only where no name inside it overlaps ("jl raa
  // wiranatakusumah" is the city's street, not the one in Kabupaten Bandung spelt that way).
  candidates.sort(
    (a, b) =>
      Number(whollyOutside(a.place)) - Number(whollyOutside(b.place)) ||
      b.end - b.start - (a.end - a.start) ||
      a.start - b.start,
  );
  const taken = new Uint8Array(n);
  const picked: Match[] = [];
  for (const c of candidates) {
    let free = true;
    for (let k = c.start; k < c.end; k++) if (taken[k]) free = false;
    if (!free) continue;
    for (let k = c.start; k < c.end; k++) taken[k] = 1;
    // Only a street outside the city that was picked needs its words judged (see resolve).
    if (whollyOutside(c.place)) c.nameLike = wordsAreName(g.vocabulary, toks, c.start, c.end, capitalised);
    picked.push(c);
  }
  if (mode === "text")
    picked.push(
      ...fuzzyScan(g, toks, taken),
      ...unlistedStreets(g.vocabulary, toks, taken, capitalised),
      ...unlistedLandmarks(g.vocabulary, toks, taken),
    );
  return picked.sort((a, b) => a.start - b.start);
}

/**
 * The words of a span are a name: titles and numbers aside, none is an everyday word unless it
 * is a town's name or was capitalised after a street cue ("jl. Mawar", not "jalan tengah kota").
 */
const wordsAreName = (
  v: PlaceVocabulary,
  toks: readonly PreparedToken[],
  start: number,
  end: number,
  capitalised: ReadonlySet<string> | undefined,
): boolean =>
  toks.slice(start, end).every(
    (t) =>
      skippable(t.key) ||
      isNameWord(v, t) ||
      // a town's name ("jalan raya lembang") is a name though the dictionary knows the word
      v.otherPlaces.has(t.key) ||
      (capitalised?.has(t.raw.toLowerCase()) ?? false),
  );

/** The words as written, with the cue word before them when there is one ("jln pagarsih"). */
const spanText = (v: PlaceVocabulary, toks: readonly PreparedToken[], start: number, end: number): string => {
  const from = start > 0 && v.allCues.has((toks[start - 1] as PreparedToken).key) ? start - 1 : start;
  return toks
    .slice(from, end)
    .map((t) => t.raw)
    .join(" ");
};

/** Misspelt names, only right after a cue and only against distinctive names of similar length. */
function fuzzyScan(g: Gazetteer, toks: readonly PreparedToken[], taken: Uint8Array): Match[] {
  const out: Match[] = [];
  for (let i = 1; i < toks.length; i++) {
    if (taken[i]) continue;
    const cue = cueBefore(g.vocabulary, toks, i);
    if (cue === undefined) continue;
    const firstKey = (toks[i] as PreparedToken).key;
    if (isCommonWord(g.vocabulary, firstKey) || firstKey.length < 3) continue;
    let key = "";
    let best: { score: number; end: number; key: string; hits: readonly AliasHit[] } | undefined;
    // After "terminal", "pasar", "rs", "hotel": the name with its kind is tried too
    // ("terminal leuwipanjag"); a business's name is only ever misspelt this way (see gazetteer.ts).
    const prev = (toks[i - 1] as PreparedToken).key;
    const kind = g.vocabulary.landmarkTypes.has(prev) && !taken[i - 1] ? prev : undefined;
    let withKind: { score: number; end: number; key: string; hits: readonly AliasHit[] } | undefined;
    for (let j = i; j < toks.length && j < i + MAX_FUZZY_SPAN && !taken[j]; j++) {
      key += (toks[j] as PreparedToken).key;
      if (key.length < 5) continue;
      const found = nearest(g, key);
      if (found && (!best || found.score > best.score)) best = { ...found, end: j + 1 };
      if (kind === undefined) continue;
      const k = nearest(g, kind + key);
      if (k && k.hits.some((h) => h.place.kind === "landmark") && (!withKind || k.score > withKind.score))
        withKind = { ...k, end: j + 1 };
    }
    let start = i;
    if (withKind && (!best || withKind.score >= best.score - 0.01)) {
      best = withKind;
      start = i - 1;
    }
    if (!best) continue;
    const place = choose(g.vocabulary, best.hits, start < i ? undefined : cue);
    if (!place) continue;
    for (let k = start; k < best.end; k++) taken[k] = 1;
    out.push({
      start,
      end: best.end,
      place,
      text: spanText(g.vocabulary, toks, start, best.end),
      cue,
      similarity: best.score,
      readAs: best.key,
    });
    i = best.end - 1;
  }
  return out;
}

/** Streets not in the list, named after a street cue ("jl. arumsari"): see place-unlisted-street.ts. */
function unlistedStreets(
  v: PlaceVocabulary,
  toks: readonly PreparedToken[],
  taken: Uint8Array,
  capitalised?: ReadonlySet<string>,
): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < toks.length - 1; i++) {
    if (taken[i + 1] || !v.streetNameCues.has((toks[i] as PreparedToken).key)) continue;
    const u = unlistedStreetAt(v, toks, i, (k) => !taken[k], capitalised);
    if (!u) continue;
    for (let k = u.start; k < u.end; k++) taken[k] = 1;
    out.push({
      start: u.start,
      end: u.end,
      place: { kind: "street", name: u.name, shares: [], outsideShare: 0, unlisted: true },
      text: spanText(v, toks, u.start, u.end),
      cue: (toks[i] as PreparedToken).key,
    });
    i = u.end - 1;
  }
  return out;
}

/** Buildings not in the list, named after a position word ("depan SMK 15"): see place-unlisted-landmark.ts. */
function unlistedLandmarks(v: PlaceVocabulary, toks: readonly PreparedToken[], taken: Uint8Array): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < toks.length - 1; i++) {
    const u =
      namedSpotAt(v, toks, i, (k) => !taken[k]) ??
      (i < toks.length - 2 ? unlistedLandmarkAt(v, toks, i, (k) => !taken[k]) : undefined);
    if (!u) continue;
    for (let k = u.start; k < u.end; k++) taken[k] = 1;
    out.push({
      start: u.start,
      end: u.end,
      place: { kind: "landmark", name: u.name, unlisted: true },
      text: toks
        .slice(i, u.end)
        .map((t) => t.raw)
        .join(" "),
    });
    i = u.end - 1;
  }
  return out;
}

type NearestName = { score: number; key: string; hits: readonly AliasHit[] };

/**
 * The closest gazetteer name to `key`. Each call compares it with every name of a similar length
 * (Jaro–Winkler), the dearest step of triage; the keys after a street cue repeat across tweets
 * (`jalanbraga`, `gangsirnaraga`), so answers are kept per gazetteer.
 */
function nearest(g: Gazetteer, key: string): NearestName | undefined {
  return nearestMemo(g, key, () => searchNearest(g, key));
}

const nearestMemo = perWordMemo<Gazetteer, NearestName | undefined>();

function searchNearest(g: Gazetteer, key: string): NearestName | undefined {
  const byLen = g.fuzzy.get(key[0] as string);
  if (!byLen) return undefined;
  let best: NearestName | undefined;
  const slack = key.length >= 8 ? 2 : 1;
  for (let len = key.length - slack; len <= key.length + slack; len++) {
    for (const cand of byLen.get(len) ?? []) {
      const score = jaroWinkler(key, cand.key);
      if (score >= FUZZY_THRESHOLD && (!best || score > best.score))
        best = { score, key: cand.key, hits: cand.hits };
    }
  }
  return best;
}

/** Extra vote for the main kecamatan of a street named after a street cue (a kelurahan votes 3). */
const STREET_CUE_BONUS = 2;

/** A street through sixteen kecamatan (Soekarno-Hatta) is summarised, not listed. */
const SHARES_SHOWN = 4;
const pct = (x: number): string => `${Math.round(x * 100)}%`;

/**
 * Turns the places named into one location. Each name votes for a kecamatan (a street by its
 * shares inside the city); the winner decides, and the other fields are filled from the names
 * that agree with it. Names that disagree are reported, not used.
 */
function resolve(
  streetCues: ReadonlySet<string>,
  matches: readonly Match[],
  source: "text" | "profile",
  say: (reason: string, match: string) => void,
): TriageLocation | undefined {
  if (matches.length === 0) return undefined;
  const votes = new Map<string, number>();
  const firstSeen = new Map<string, number>();
  const vote = (kec: string | undefined, w: number, at: number): void => {
    if (kec === undefined || w <= 0) return;
    votes.set(kec, (votes.get(kec) ?? 0) + w);
    if (!firstSeen.has(kec)) firstSeen.set(kec, at);
  };
  for (const m of matches) {
    const w = m.similarity === undefined ? 1 : 0.8;
    const p = m.place;
    if (p.kind === "kecamatan") vote(p.name, 2.5 * w, m.start);
    else if (p.kind === "street") {
      for (const s of p.shares ?? []) vote(s.kecamatan, 2 * s.share * w, m.start);
      // "jl. cihampelas … kayak di braga": a street named as a street is where the complaint is,
      // over a kelurahan named elsewhere in the tweet; a kelurahan on the street still agrees.
      if (m.cue !== undefined && streetCues.has(m.cue))
        vote(p.shares?.[0]?.kecamatan, STREET_CUE_BONUS * w, m.start);
    } else vote(p.kecamatan, 3 * w, m.start);
  }
  let kecamatan: string | undefined;
  let top = -1;
  for (const [k, v] of votes)
    if (
      v > top + 1e-9 ||
      (Math.abs(v - top) <= 1e-9 && (firstSeen.get(k) ?? 0) < (firstSeen.get(kecamatan ?? "") ?? 0))
    ) {
      kecamatan = k;
      top = v;
    }

  const agrees = (p: Place): boolean =>
    kecamatan === undefined
      ? true
      : p.kind === "street"
        ? p.unlisted === true || (p.shares ?? []).some((s) => s.kecamatan === kecamatan)
        : p.kind === "kecamatan"
          ? p.name === kecamatan
          : p.unlisted === true || p.kecamatan === kecamatan;
  const used = matches.filter((m) => agrees(m.place));
  // A listed landmark over one known only from a position word.
  const landmark =
    used.find((m) => m.place.kind === "landmark" && m.place.unlisted !== true) ??
    used.find((m) => m.place.kind === "landmark");
  const kelurahan = used.find((m) => m.place.kind === "kelurahan");
  // A listed street over one known only from its cue.
  const street =
    used.find((m) => m.place.kind === "street" && m.place.unlisted !== true) ??
    used.find((m) => m.place.kind === "street");

  const origin = source === "text" ? "named in text" : "in the author's profile location (weak hint)";
  for (const m of used) {
    const typo =
      m.similarity === undefined
        ? ""
        : ` (read as "${m.readAs ?? ""}", similarity ${m.similarity.toFixed(2)})`;
    if (m.place.unlisted === true)
      say(
        `${describe(m.place)} ${origin}; ${kecamatan === undefined ? "no kecamatan from it" : `kecamatan ${kecamatan} from the other names`}`,
        m.text,
      );
    else if (m.place.kind === "street")
      say(`${describe(m.place)} ${origin}${typo}; ${streetSpan(m.place, kecamatan)}`, m.text);
    else say(`${describe(m.place)} ${origin}${typo}`, m.text);
  }
  for (const m of matches)
    if (!used.includes(m))
      say(`${describe(m.place)} also ${origin}, ignored: it is not in kecamatan ${kecamatan ?? "?"}`, m.text);

  // Only places outside the city were named (Jalan Raya Lembang): nothing here to route by. An
  // unlisted street has no kecamatan either, but the card still shows it ("Jl. Arumsari").
  if (kecamatan === undefined) {
    // A street named after a street cue whose listed namesake lies outside the city ("jl. mawar",
    // "jalan raya lembang") is shown like an unlisted one: the card says where, staff judge whose.
    const unlistedStreet =
      used.find((m) => m.place.unlisted === true && m.place.kind === "street") ??
      used.find(
        (m) =>
          m.place.kind === "street" && m.nameLike === true && m.cue !== undefined && streetCues.has(m.cue),
      );
    const unlistedLandmark = used.find((m) => m.place.unlisted === true && m.place.kind === "landmark");
    if (source !== "text" || (!unlistedStreet && !unlistedLandmark)) return undefined;
    return {
      source,
      ...(unlistedStreet ? { street: unlistedStreet.place.name } : {}),
      ...(unlistedLandmark ? { landmark: unlistedLandmark.place.name } : {}),
    };
  }
  const loc: TriageLocation = { source, kecamatan };
  const kel = kelurahan?.place.name ?? landmark?.place.kelurahan;
  if (kel !== undefined) loc.kelurahan = kel;
  if (street) loc.street = street.place.name;
  if (landmark) loc.landmark = landmark.place.name;
  const point =
    landmark?.place.point ??
    (street && street.place.pointKecamatan === kecamatan ? street.place.point : undefined);
  if (point) {
    loc.lon = point[0];
    loc.lat = point[1];
  }
  return loc;
}

/** "Bojongloa Kaler 43%, Astanaanyar 34%, …: took Bojongloa Kaler", with the part outside the city. */
function streetSpan(p: Place, chosen: string | undefined): string {
  const shares = p.shares ?? [];
  const outside = p.outsideShare ?? 0;
  if (shares.length === 0) return `it lies outside Kota Bandung (${pct(outside)})`;
  const outsideNote = outside >= 0.05 ? `${pct(outside)} of it lies outside Kota Bandung; ` : "";
  if (shares.length === 1) return `${outsideNote}inside the city it lies in ${shares[0]?.kecamatan ?? "?"}`;
  const list = shares
    .slice(0, SHARES_SHOWN)
    .map((s) => `${s.kecamatan} ${pct(s.share)}`)
    .concat(shares.length > SHARES_SHOWN ? [`${shares.length - SHARES_SHOWN} more`] : [])
    .join(", ");
  const dominant = shares[0]?.kecamatan;
  const how = chosen === dominant ? "took the largest" : `took ${chosen ?? "?"}, which other names point to`;
  return `${outsideNote}it spans ${list}: ${how}`;
}
