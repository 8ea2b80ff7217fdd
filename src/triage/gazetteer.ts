import type { MultiPolygon, Polygon } from "geojson";
import { areaAt, bboxOf, type AreaShape } from "./place-areas.js";
import { cueNeedOf, keysOf, type CueNeed, type PlaceKind, type PlaceVocabulary } from "./place-vocabulary.js";
import { nameKey as squash, reconcileKelurahan } from "./reconcile-kelurahan.js";

export type { CueNeed, PlaceKind } from "./place-vocabulary.js";

/*
 * The gazetteer: every way a citizen may name a Bandung place, indexed for a tweet-speed lookup.
 *
 * Names are reduced to keys (place-keys.ts); the words around names (cues, abbreviations, titles,
 * other regions) are data in config/places/vocabulary.yaml (place-vocabulary.ts). Each alias also
 * says how much context it needs before it may be believed (see `CueNeed`), which is how common
 * words that happen to be place names ("merdeka", "ledeng", "sederhana") stay out of the way.
 * Polygons are in place-areas.ts, kelurahan spellings are reconciled in reconcile-kelurahan.ts,
 * and the lookup in a tweet (with the fuzzy guard) is locate.ts.
 */

// ---------------------------------------------------------------------------------------------
// Input data (what `loadPlaces` reads; plain rows, no I/O here)
// ---------------------------------------------------------------------------------------------

/** Share of a street's length lying in one kecamatan, or outside the city. */
export interface StreetShare {
  /** A kecamatan name, or `OUTSIDE_KOTA_BANDUNG`. */
  kecamatan: string;
  share: number;
}

export const OUTSIDE_CITY = "OUTSIDE_KOTA_BANDUNG";

export interface AreaRow {
  level: "kecamatan" | "kelurahan";
  code: string;
  name: string;
  kecamatan: string;
}

export interface StreetRow {
  name: string;
  altNames: string[];
  highway: string;
  shares: StreetShare[];
  lon: number;
  lat: number;
}

export interface LandmarkRow {
  name: string;
  lon: number;
  lat: number;
  kecamatan: string;
  kelurahan: string;
  /** Popular names and short forms (config/places/aliases.csv): "BIP", "TSM". */
  aliases?: string[];
}

/** A popular name of a kecamatan or kelurahan (config/places/aliases.csv): "kircon" → Kiaracondong. */
export interface AreaAlias {
  alias: string;
  kind: "kecamatan" | "kelurahan";
  /** The official name, as in areas.csv. */
  target: string;
}

/** One administrative polygon as read from the GeoJSON files. */
export interface AreaPolygon {
  /** nama_kelurahan for a kelurahan polygon, nama_kecamatan for a kecamatan polygon. */
  name: string;
  kecamatan: string;
  geometry: Polygon | MultiPolygon;
}

export interface PlacesData {
  areas: AreaRow[];
  streets: StreetRow[];
  landmarks: LandmarkRow[];
  kecamatanPolygons: AreaPolygon[];
  kelurahanPolygons: AreaPolygon[];
  /** The words read around place names (config/places/vocabulary.yaml), compiled. */
  vocabulary: PlaceVocabulary;
  /** Popular names of kecamatan and kelurahan; none when absent. */
  areaAliases?: AreaAlias[];
}

// ---------------------------------------------------------------------------------------------
// The built index
// ---------------------------------------------------------------------------------------------

export interface Place {
  kind: PlaceKind;
  /** Display name, official spelling for areas, the data's name for streets and landmarks. */
  name: string;
  /** Kecamatan of a kelurahan or landmark (official spelling). */
  kecamatan?: string;
  /** Kelurahan of a landmark (official spelling). */
  kelurahan?: string;
  /** Street: shares inside the city, largest first, re-scaled to sum to 1. */
  shares?: StreetShare[];
  /** Street: share of its length outside Kota Bandung (0..1). */
  outsideShare?: number;
  /** [lon, lat] of a landmark, or of a street's sample point. */
  point?: [number, number];
  /** Street: kecamatan its sample point falls in (the point is only given out when it agrees). */
  pointKecamatan?: string;
  /**
   * Not in the lists, known only from the words around it: a street after a street cue
   * ("jl. arumsari"), a building after a position word ("depan SMK 15"); no kecamatan of its own.
   */
  unlisted?: boolean;
}

export interface AliasHit {
  place: Place;
  need: CueNeed;
}

interface FuzzyKey {
  key: string;
  hits: AliasHit[];
}

export interface Gazetteer {
  readonly vocabulary: PlaceVocabulary;
  /** key → every place that may be meant by it. */
  readonly aliases: ReadonlyMap<string, readonly AliasHit[]>;
  /** Every strict character prefix of a key: lets the n-gram scan stop as soon as nothing can match. */
  readonly prefixes: ReadonlySet<string>;
  /** Distinctive keys for typo tolerance, by first letter then by length. */
  readonly fuzzy: ReadonlyMap<string, ReadonlyMap<number, readonly FuzzyKey[]>>;
  readonly kelurahanShapes: readonly AreaShape[];
  readonly kecamatanShapes: readonly AreaShape[];
  /** Official kecamatan and kelurahan places by name, for callers that need them. */
  readonly kecamatan: ReadonlyMap<string, Place>;
  readonly kelurahan: ReadonlyMap<string, Place>;
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

function majority<T>(items: readonly T[], key: (t: T) => string): string | undefined {
  const counts = new Map<string, number>();
  let best: string | undefined;
  let bestN = 0;
  for (const it of items) {
    const k = key(it);
    const n = (counts.get(k) ?? 0) + 1;
    counts.set(k, n);
    if (n > bestN) {
      best = k;
      bestN = n;
    }
  }
  return best;
}

/** Several places answering to one alias become one: streets pool their shares, landmarks vote. */
/** A street that does not enter the city (shares are what lies inside). */
export const whollyOutside = (p: Place): boolean => p.kind === "street" && (p.shares ?? []).length === 0;

function mergePlaces(given: readonly Place[], displayName?: string): Place {
  if (given.length === 1 && displayName === undefined) return given[0] as Place;
  // "Wiranatakusumah" is a street in the city and one of that name outside it: the card names
  // the one inside (stable sort: the listed order stays among equals).
  const places =
    (given[0] as Place).kind === "street"
      ? [...given].sort((a, b) => Number(whollyOutside(a)) - Number(whollyOutside(b)))
      : given;
  const first = places[0] as Place;
  if (first.kind === "street") {
    const inside = new Map<string, number>();
    let outside = 0;
    for (const p of places) {
      const inShare = 1 - (p.outsideShare ?? 0);
      outside += (p.outsideShare ?? 0) / places.length;
      for (const s of p.shares ?? [])
        inside.set(s.kecamatan, (inside.get(s.kecamatan) ?? 0) + (s.share * inShare) / places.length);
    }
    const total = [...inside.values()].reduce((a, b) => a + b, 0);
    const shares = [...inside.entries()]
      .map(([kecamatan, v]) => ({ kecamatan, share: total > 0 ? v / total : 0 }))
      .sort((a, b) => b.share - a.share);
    const dominant = shares[0]?.kecamatan;
    const withPoint =
      places.find((p) => p.pointKecamatan !== undefined && p.pointKecamatan === dominant) ?? first;
    return {
      ...withPoint,
      name: displayName ?? first.name,
      shares,
      outsideShare: outside,
    };
  }
  const kec = majority(places, (p) => p.kecamatan ?? "");
  const inKec = places.filter((p) => (p.kecamatan ?? "") === kec);
  const kel = majority(inKec, (p) => p.kelurahan ?? "");
  const rep = inKec.find((p) => (p.kelurahan ?? "") === kel) ?? first;
  return { ...rep, name: displayName ?? rep.name };
}

interface PendingAlias {
  tokens: string[];
  place: Place;
  need: CueNeed;
  /** A display name for a merged group (acronym aliases). */
  display?: string;
  /** Came from a street's other name: "Jalan Pasteur" is first of all the street of that name. */
  viaAltName: boolean;
  /** A business's name without its kind ("horison" of Hotel Horison): matched exactly, never as a typo. */
  exactOnly?: boolean;
}

const displayLandmarkName = (name: string): string =>
  name
    .replace(/\s*\([^)]*\)\s*/g, " ")
    .replace(/^(Seberang|Depan|Samping|Belakang)\s+/i, "")
    .replace(/\s+([A-C]|\d)$/, "")
    .replace(/\s+/g, " ")
    .trim();

/** The everyday forms of a street name: without "Jalan", without titles, without "Barat"/"II". */
function streetAliases(v: PlaceVocabulary, name: string): string[][] {
  let toks = keysOf(v, name);
  if (toks[0] === "jalan" && toks.length > 1) toks = toks.slice(1);
  const forms: string[][] = [toks];
  const noTitles = toks.filter((t) => !v.titleWords.has(t) && !(t.length === 1 && /[a-z]/.test(t)));
  if (noTitles.length > 0 && noTitles.length < toks.length) forms.push(noTitles);
  for (const f of [...forms]) {
    let core = f;
    while (core.length > 1 && v.streetLeadingWords.has(core[0] as string)) core = core.slice(1);
    while (core.length > 1 && v.streetVariantSuffixes.has(core[core.length - 1] as string))
      core = core.slice(0, -1);
    // "Pasar Barat" must not become plain "pasar": a shortened form has to stay a real name.
    if (core !== f && cueNeedOf(v, core, "street") !== "kind-cue") forms.push(core);
  }
  return forms;
}

/** The everyday forms of a landmark name: "Rumah Sakit Santo Borromeus B" → rs santo borromeus, rs borromeus, borromeus. */
function landmarkAliases(v: PlaceVocabulary, name: string): { full: string[][]; core: string[][] } {
  let toks = keysOf(v, name);
  while (toks.length > 1 && v.landmarkPositionPrefixes.has(toks[0] as string)) toks = toks.slice(1);
  const last = toks[toks.length - 1] ?? "";
  if (toks.length > 1 && /^([a-c]|\d)$/.test(last)) toks = toks.slice(0, -1);
  const full: string[][] = [toks];
  const strip = (ts: string[], tail: string[]): string[] | undefined =>
    ts.length > tail.length && tail.every((t, i) => ts[ts.length - tail.length + i] === t)
      ? ts.slice(0, -tail.length)
      : undefined;
  const noCity = strip(toks, ["kota", "bandung"]) ?? strip(toks, ["bandung"]);
  if (noCity && !(noCity.length === 1 && v.landmarkTypes.has(noCity[0] as string))) full.push(noCity);
  for (const f of [...full]) {
    const noTitles = f.filter((t) => !v.titleWords.has(t));
    if (noTitles.length > 0 && noTitles.length < f.length) full.push(noTitles);
  }
  const core: string[][] = [];
  for (const f of full) {
    if (f.length >= 2 && v.landmarkTypes.has(f[0] as string)) {
      const rest = f.slice(1);
      // "Museum Kota Bandung" must not answer to "kota bandung": the short form has to be a name.
      if (!v.landmarkTypes.has(rest[0] as string) && cueNeedOf(v, rest, "landmark") === "none")
        core.push(rest);
    }
  }
  return { full, core };
}

/** Builds the lookup structures from the loaded rows. Pure; run once at start-up. */
export function buildGazetteer(data: PlacesData): Gazetteer {
  const v = data.vocabulary;
  const officialKec = data.areas.filter((a) => a.level === "kecamatan").map((a) => a.name);
  const kecByKey = new Map(officialKec.map((n) => [squash(n), n]));
  const officialKel = data.areas
    .filter((a) => a.level === "kelurahan")
    .map((a) => ({ name: a.name, kecamatan: a.kecamatan }));
  const kecName = (n: string): string => kecByKey.get(squash(n)) ?? n;
  const kelName = (n: string, kec: string): { name: string; kecamatan: string } =>
    reconcileKelurahan(n, kec, officialKel) ?? { name: n, kecamatan: kecName(kec) };

  const kelurahanShapes: AreaShape[] = data.kelurahanPolygons.map((p) => {
    const k = kelName(p.name, p.kecamatan);
    return {
      kecamatan: kecName(k.kecamatan),
      kelurahan: k.name,
      bbox: bboxOf(p.geometry),
      geometry: p.geometry,
    };
  });
  const kecamatanShapes: AreaShape[] = data.kecamatanPolygons.map((p) => ({
    kecamatan: kecName(p.name),
    bbox: bboxOf(p.geometry),
    geometry: p.geometry,
  }));
  const shapesOnly = { kelurahanShapes, kecamatanShapes };

  const pending: PendingAlias[] = [];
  const add = (
    tokens: string[],
    place: Place,
    need?: CueNeed,
    display?: string,
    viaAltName = false,
  ): void => {
    // Two letters are a name only when an operator listed them (aliases.csv: "DU", "BI"), and
    // then only after a cue ("di DU", "depan BI"); a data name that short is noise.
    const length = tokens.join("").length;
    if (length < (viaAltName ? 2 : 3)) return;
    pending.push({
      tokens,
      place,
      need: length < 3 ? "any-cue" : (need ?? cueNeedOf(v, tokens, place.kind)),
      viaAltName,
      ...(display === undefined ? {} : { display }),
    });
  };

  const kecamatan = new Map<string, Place>();
  for (const name of officialKec) {
    const place: Place = { kind: "kecamatan", name };
    kecamatan.set(name, place);
    add(keysOf(v, name), place);
  }
  const kelurahan = new Map<string, Place>();
  for (const k of officialKel) {
    const place: Place = { kind: "kelurahan", name: k.name, kecamatan: kecName(k.kecamatan) };
    kelurahan.set(k.name, place);
    add(keysOf(v, k.name), place);
  }
  // Popular names an operator listed: a name by intent, so a cue of any kind is enough even when
  // the word is also an everyday one ("di bandara").
  for (const a of data.areaAliases ?? []) {
    const place = a.kind === "kecamatan" ? kecamatan.get(a.target) : kelurahan.get(a.target);
    if (!place) continue;
    const tokens = keysOf(v, a.alias);
    const need = cueNeedOf(v, tokens, a.kind);
    add(tokens, place, need === "kind-cue" ? "any-cue" : need, undefined, true);
  }
  // Spellings the polygons use for the same kelurahan (Cimencrang / Cimincrang).
  for (const p of data.kelurahanPolygons) {
    const k = kelName(p.name, p.kecamatan);
    const place = kelurahan.get(k.name);
    if (place && squash(p.name) !== squash(k.name)) add(keysOf(v, p.name), place);
  }

  for (const s of data.streets) {
    const outside = s.shares.filter((x) => x.kecamatan === OUTSIDE_CITY).reduce((a, x) => a + x.share, 0);
    const inside = s.shares.filter((x) => x.kecamatan !== OUTSIDE_CITY && x.share > 0);
    const insideTotal = inside.reduce((a, x) => a + x.share, 0);
    const shares = inside
      .map((x) => ({ kecamatan: kecName(x.kecamatan), share: insideTotal > 0 ? x.share / insideTotal : 0 }))
      .sort((a, b) => b.share - a.share);
    const at = areaAt(shapesOnly, s.lon, s.lat);
    const place: Place = {
      kind: "street",
      name: s.name,
      shares,
      outsideShare: Math.min(1, outside),
      point: [s.lon, s.lat],
      ...(at ? { pointKecamatan: at.kecamatan } : {}),
    };
    for (const f of streetAliases(v, s.name)) add(f, place);
    for (const n of s.altNames)
      for (const f of streetAliases(v, n)) add(f, place, undefined, undefined, true);
  }

  const areaStreetKeys = new Set(pending.map((p) => p.tokens.join("")));
  for (const l of data.landmarks) {
    const kel = kelName(l.kelurahan, l.kecamatan);
    const place: Place = {
      kind: "landmark",
      name: displayLandmarkName(l.name),
      kecamatan: kecName(l.kecamatan),
      kelurahan: kel.name,
      point: [l.lon, l.lat],
    };
    const { full, core } = landmarkAliases(v, l.name);
    // A stop called "Jalan Merak" is that street: the street entry already answers to it.
    const firstFull = full[0] ?? [];
    if (firstFull[0] === "jalan" && areaStreetKeys.has(firstFull.slice(1).join(""))) continue;
    const hasType = full.some((f) => v.landmarkTypes.has(f[0] as string));
    const before = pending.length;
    for (const f of full) {
      // A stop named after its street or area ("Pagarsih", "Sukapada") is not a landmark of its own.
      if (!hasType && areaStreetKeys.has(f.join(""))) continue;
      add(f, place);
    }
    for (const c of core) if (!areaStreetKeys.has(c.join(""))) add(c, place);
    // A hotel, shop or restaurant: a misspelt word may only land on it with the kind word before it
    // ("hotel horizon"), so a typo of something else never becomes a business's address.
    if (v.commercialKinds.has(firstFull[0] as string))
      for (let k = before; k < pending.length; k++) {
        const p = pending[k] as PendingAlias;
        if (!v.commercialKinds.has(p.tokens[0] as string)) p.exactOnly = true;
      }
    for (const a of l.aliases ?? []) add(keysOf(v, a), place, undefined, undefined, true);
    for (const t of full[0] ?? []) {
      const need = v.institutionAcronyms.get(t);
      if (need !== undefined) add([t], place, need, t.toUpperCase());
    }
  }

  // Group by key, then by kind: several places of one kind under one key merge into one.
  const grouped = new Map<string, Map<PlaceKind, PendingAlias[]>>();
  for (const p of pending) {
    const key = p.tokens.join("");
    let byKind = grouped.get(key);
    if (!byKind) grouped.set(key, (byKind = new Map()));
    const list = byKind.get(p.place.kind) ?? [];
    if (!list.some((q) => q.place === p.place)) list.push(p);
    byKind.set(p.place.kind, list);
  }
  const aliases = new Map<string, AliasHit[]>();
  const prefixes = new Set<string>();
  const fuzzyEntries = new Map<string, AliasHit[]>();
  for (const p of pending) {
    // Character prefixes, not token ones: the text may split a name differently ("leuwi panjang").
    const key = p.tokens.join("");
    for (let i = 1; i < key.length; i++) prefixes.add(key.slice(0, i));
  }
  for (const [key, byKind] of grouped) {
    const hits: AliasHit[] = [];
    const exactOnly = new Set<AliasHit>();
    for (const list of byKind.values()) {
      const display = list.find((l) => l.display !== undefined)?.display;
      const ordered = [...list.filter((l) => !l.viaAltName), ...list.filter((l) => l.viaAltName)];
      const place = mergePlaces(
        ordered.map((l) => l.place),
        display,
      );
      // The most permissive need wins: "buah batu" is distinctive as a kecamatan even if not as a street.
      const need = list.some((l) => l.need === "none")
        ? "none"
        : list.some((l) => l.need === "any-cue")
          ? "any-cue"
          : "kind-cue";
      const hit: AliasHit = { place, need };
      hits.push(hit);
      if (list.every((l) => l.exactOnly === true)) exactOnly.add(hit);
    }
    aliases.set(key, hits);
    const tolerant = hits.filter((h) => h.need !== "kind-cue" && !exactOnly.has(h));
    if (key.length >= 5 && tolerant.length > 0) fuzzyEntries.set(key, tolerant);
  }
  const fuzzy = new Map<string, Map<number, FuzzyKey[]>>();
  for (const [key, hits] of fuzzyEntries) {
    const first = key[0] as string;
    let byLen = fuzzy.get(first);
    if (!byLen) fuzzy.set(first, (byLen = new Map()));
    const list = byLen.get(key.length) ?? [];
    list.push({ key, hits });
    byLen.set(key.length, list);
  }
  return { vocabulary: v, aliases, prefixes, fuzzy, kelurahanShapes, kecamatanShapes, kecamatan, kelurahan };
}
