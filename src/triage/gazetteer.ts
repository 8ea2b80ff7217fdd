import { createRequire } from "node:module";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { MultiPolygon, Polygon } from "geojson";

/*
 * The gazetteer: every way a citizen may name a Bandung place, indexed for a tweet-speed lookup.
 *
 * Names are reduced to "keys": lower-case letters and digits of the words run together, with old
 * Dutch-era spellings folded (dj→j, tj→c, oe→u) and doubled letters collapsed, so "Leuwi Panjang",
 * "leuwipanjang", "Djuanda"/"Juanda" and "Borromeus"/"Boromeus" meet on one key. Each alias also
 * says how much context it needs before it may be believed (see `CueNeed`), which is how common
 * words that happen to be place names ("merdeka", "ledeng", "sederhana") stay out of the way.
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
}

// ---------------------------------------------------------------------------------------------
// The built index
// ---------------------------------------------------------------------------------------------

export type PlaceKind = "kecamatan" | "kelurahan" | "street" | "landmark";

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
}

/**
 * How much context an alias needs before a match is believed:
 * - `none`: distinctive, believed anywhere ("pagarsih", "rs borromeus", "sadang serang");
 * - `any-cue`: short or ordinary-looking, needs a place cue right before it ("di dago", "dkt kopo");
 * - `kind-cue`: an everyday word, needs a cue of its own kind ("jalan merdeka", "kel ledeng").
 */
export type CueNeed = "none" | "any-cue" | "kind-cue";

export interface AliasHit {
  place: Place;
  need: CueNeed;
}

interface FuzzyKey {
  key: string;
  hits: AliasHit[];
}

interface AreaShape {
  kecamatan: string;
  kelurahan?: string;
  bbox: [number, number, number, number];
  geometry: Polygon | MultiPolygon;
}

export interface Gazetteer {
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
// Words
// ---------------------------------------------------------------------------------------------

/**
 * Folds a word to its key form. Handles the spellings Bandung names are written in: the pre-1972
 * (dj, tj, oe) and the Sundanese "dh". Doubled letters are collapsed (not digits: SMAN 11 ≠ SMAN 1).
 */
export function canonicalWord(word: string): string {
  const s = word.toLowerCase();
  let out = "";
  let prev = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    const isLetter = c >= 97 && c <= 122;
    const isDigit = c >= 48 && c <= 57;
    if (!isLetter && !isDigit) continue;
    let ch = s[i] as string;
    const next = s[i + 1];
    if (ch === "d" && next === "j") {
      ch = "j";
      i++;
    } else if (ch === "t" && next === "j") {
      ch = "c";
      i++;
    } else if (ch === "o" && next === "e") {
      ch = "u";
      i++;
    } else if (ch === "d" && next === "h") {
      i++;
    }
    c = ch.charCodeAt(0);
    if (ch === prev && c >= 97) continue;
    out += ch;
    prev = ch;
  }
  return out;
}

/** Splits free text into lower-case words (letters and digits), accents dropped. */
export function splitWords(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const canonSet = (words: string[]): Set<string> => new Set(words.map(canonicalWord));

/** Abbreviations and spelling variants of place words, mapped to one form (keys, not raw words). */
const WORD_SYNONYMS: ReadonlyMap<string, string> = new Map(
  (
    [
      ["jalan", ["jl", "jln", "jlan", "jaln", "jalanan", "jal"]],
      ["gang", ["gg", "gng"]],
      ["kelurahan", ["kel", "kelurahan", "kelrahan", "kelurhn", "klrhn", "desa", "ds"]],
      ["kecamatan", ["kec", "kecamatan", "kcmtn", "kecmatan", "kcm"]],
      ["pasar", ["psr"]],
      ["stasiun", ["stasion", "sta", "stsiun"]],
      ["masjid", ["mesjid", "mesigit"]],
      ["depan", ["dpn", "dpan", "payun"]],
      ["dekat", ["dkt", "deket", "dket", "deukeut", "caket", "deket2"]],
      ["belakang", ["blkg", "blakang", "blkng"]],
      ["seberang", ["sbrg", "sebrang", "sbrng", "sabrang"]],
      ["samping", ["smping", "sampng"]],
      ["simpang", ["smpg", "simpg", "spg"]],
      ["perempatan", ["prapatan", "perapatan", "per4an", "prempatan", "perempatan", "parapatan", "prapatan"]],
      ["pertigaan", ["per3an", "prtigaan", "pertelon"]],
      ["bundaran", ["bunderan", "bndrn"]],
      ["terminal", ["term", "terminal"]],
      ["universitas", ["univ", "universitas"]],
      ["komplek", ["kompleks", "komp", "kompleks"]],
      ["perumahan", ["perum", "perumahan"]],
      ["sekitar", ["sekitaran", "sktr", "skitar"]],
      ["alunalun", ["alun2", "alunalun"]],
      ["puskesmas", ["pkm", "puskes"]],
      ["spbu", ["pom"]],
    ] as const
  ).flatMap(([to, froms]) => froms.map((f) => [canonicalWord(f), canonicalWord(to)] as const)),
);

/** Multi-word spellings folded into one token (keys). Longest first. */
const PHRASES: ReadonlyArray<readonly [string[], string]> = (
  [
    [["rumah", "sakit", "umum", "daerah"], "rsud"],
    [["rumah", "sakit", "ibu", "dan", "anak"], "rsia"],
    [["rumah", "sakit", "umum"], "rsu"],
    [["rumah", "sakit"], "rs"],
    [["sma", "negeri"], "sman"],
    [["smp", "negeri"], "smpn"],
    [["smk", "negeri"], "smkn"],
    [["sd", "negeri"], "sdn"],
    [["alun", "alun"], "alunalun"],
    [["fly", "over"], "flyover"],
    [["lampu", "merah"], "lampumerah"],
  ] as const
).map(([words, to]) => [words.map(canonicalWord), canonicalWord(to)] as const);
const PHRASE_STARTS = new Set(PHRASES.map(([w]) => w[0] as string));

/** Kinds of landmark; a landmark alias that starts with one is distinctive ("pasar baru"). */
export const LANDMARK_TYPES = canonSet([
  "terminal",
  "stasiun",
  "pasar",
  "rs",
  "rsud",
  "rsia",
  "rsu",
  "rsau",
  "rsgm",
  "puskesmas",
  "masjid",
  "gereja",
  "sekolah",
  "sd",
  "sdn",
  "smp",
  "smpn",
  "sma",
  "sman",
  "smk",
  "smkn",
  "tk",
  "universitas",
  "institut",
  "kampus",
  "politeknik",
  "taman",
  "alunalun",
  "gedung",
  "museum",
  "monumen",
  "tugu",
  "kantor",
  "mall",
  "mal",
  "plaza",
  "hotel",
  "spbu",
  "gor",
  "stadion",
  "lapangan",
  "halte",
  "polsek",
  "polres",
  "polrestabes",
  "lapas",
  "pangkalan",
  "gerbang",
  "jpo",
  "apartemen",
  "kampung",
]);

/** Cues for a street name right after them. */
export const STREET_CUES = canonSet([
  "jalan",
  "gang",
  "simpang",
  "perempatan",
  "pertigaan",
  "bundaran",
  "flyover",
  "jembatan",
  "ruas",
  "sepanjang",
  "jalur",
  "underpass",
  "lampumerah",
  "persimpangan",
  "mulut",
]);
/** Cues for a kelurahan (and, with `KECAMATAN_CUES`, for an area in general). */
export const KELURAHAN_CUES = canonSet([
  "kelurahan",
  "daerah",
  "kawasan",
  "wilayah",
  "sekitar",
  "komplek",
  "perumahan",
]);
export const KECAMATAN_CUES = canonSet(["kecamatan", "daerah", "kawasan", "wilayah", "sekitar"]);
/** Any of these right before a name makes a short or ordinary-looking name believable. */
export const GENERAL_CUES = canonSet([
  "di",
  "ke",
  "dari",
  "dekat",
  "depan",
  "belakang",
  "samping",
  "seberang",
  "sebelah",
  "arah",
  "menuju",
  "area",
  "lokasi",
  "daerah",
  "kawasan",
  "wilayah",
  "sekitar",
  "antara",
  "lewat",
  "via",
  "wil",
  "alamat",
]);
export const ALL_CUES: ReadonlySet<string> = new Set([
  ...STREET_CUES,
  ...KELURAHAN_CUES,
  ...KECAMATAN_CUES,
  ...GENERAL_CUES,
  ...LANDMARK_TYPES,
]);

/** Titles dropped from street and landmark names to form the everyday alias ("jl. sudirman"). */
const TITLE_WORDS = canonSet([
  "santo",
  "santa",
  "st",
  "dr",
  "dokter",
  "doktor",
  "prof",
  "profesor",
  "professor",
  "ir",
  "h",
  "haji",
  "hj",
  "kh",
  "kyai",
  "kiai",
  "jend",
  "jenderal",
  "jendral",
  "letjen",
  "letnan",
  "kolonel",
  "kol",
  "mayor",
  "brigjen",
  "brigjend",
  "laksamana",
  "laut",
  "raden",
  "raa",
  "hos",
  "hm",
  "hms",
  "sh",
  "mh",
  "re",
  "moh",
  "mohammad",
  "muhammad",
  "mochammad",
  "moch",
  "m",
]);

/** Trailing words that name a part or variant of a street ("Pagarsih Barat", "Kembar Timur II"). */
const STREET_VARIANT_SUFFIXES = canonSet([
  "barat",
  "timur",
  "utara",
  "selatan",
  "raya",
  "tengah",
  "dalam",
  "lama",
  "i",
  "ii",
  "iii",
  "iv",
  "v",
  "vi",
  "vii",
  "viii",
  "ix",
  "x",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "8",
  "9",
]);
// Not "terusan": "Terusan Kiara Condong" is the road beyond Kiaracondong, not Kiaracondong.
const STREET_LEADING_WORDS = canonSet(["raya"]);

/** Leading words of stop names that place it relative to the landmark ("Seberang Pasar Kosambi"). */
const LANDMARK_POSITION_PREFIXES = canonSet([
  "seberang",
  "depan",
  "samping",
  "belakang",
  "utara",
  "timur",
  "selatan",
  "barat",
]);

/** Institutions better known by their acronym; `any-cue` for the ones that double as nicknames. */
const INSTITUTION_ACRONYMS: ReadonlyMap<string, CueNeed> = new Map([
  ["itb", "none"],
  ["unpad", "none"],
  ["unpar", "none"],
  ["unpas", "none"],
  ["unisba", "none"],
  ["unikom", "none"],
  ["rshs", "none"],
  ["polban", "none"],
  ["ithb", "none"],
  ["isbi", "none"],
  ["upi", "any-cue"],
  ["uin", "any-cue"],
  ["bip", "any-cue"],
  ["pvj", "any-cue"],
  ["bec", "any-cue"],
  ["tsm", "any-cue"],
  ["baltos", "none"],
  ["sabuga", "none"],
  ["pusdai", "none"],
  ["ibcc", "none"],
]);

/**
 * Names outside the city that are also Bandung street names ("Jalan Jakarta", "Jalan Aceh"): on
 * their own they usually mean the other place, so they need a street cue.
 */
const OTHER_PLACES = canonSet([
  "indonesia",
  "bandung",
  "jakarta",
  "jawa",
  "sunda",
  "sumatra",
  "sumatera",
  "kalimantan",
  "sulawesi",
  "aceh",
  "riau",
  "bali",
  "lombok",
  "bangka",
  "belitung",
  "menado",
  "manado",
  "sumbawa",
  "seram",
  "ambon",
  "purwakarta",
  "subang",
  "sukabumi",
  "cianjur",
  "bogor",
  "garut",
  "cirebon",
  "bekasi",
  "depok",
  "tangerang",
  "banten",
  "surabaya",
  "yogya",
  "jogja",
  "semarang",
  "cimahi",
  "lembang",
  "soreang",
  "padalarang",
  "cileunyi",
  "jatinangor",
  "sumedang",
  "tasik",
  "tasikmalaya",
  "kuningan",
  "majalengka",
  "karawang",
  "banjaran",
  "bojongsoang",
  "dayeuhkolot",
  "majalaya",
  "ciparay",
  "nagreg",
  "cicalengka",
  "rancaekek",
  "batujajar",
  "cililin",
  "ciwidey",
  "pangalengan",
  "cisarua",
  "way",
  "bandungbarat",
]);

const HOME_REGION = canonSet(["bandung", "indonesia", "jawa", "sunda", "way", "bandungbarat"]);

/** The words name a city or region other than Bandung ("Kebon Jeruk, Jakarta"). */
export function namesOtherPlace(keys: readonly string[]): boolean {
  return keys.some((k) => OTHER_PLACES.has(k) && !HOME_REGION.has(k));
}

/** Everyday Indonesian words (the stemmer's root dictionary): a place with such a name needs a cue. */
const DICTIONARY: ReadonlySet<string> = (() => {
  const words = createRequire(import.meta.url)(
    "natural/lib/natural/stemmers/indonesian/data/kata-dasar.json",
  ) as string[];
  return new Set(words.map(canonicalWord));
})();

/** Dictionary words that in a Bandung tweet almost always mean the place. */
const PLACE_FIRST_WORDS = canonSet([
  "pasteur",
  "turangga",
  "gegerkalong",
  "cicadas",
  "cihapit",
  "antapani",
  "kiaracondong",
]);

/** Sundanese place-name parts that name dozens of places each ("Bojong X", "Babakan Y"). */
const GENERIC_PLACE_WORDS = canonSet([
  "bojong",
  "babakan",
  "kebon",
  "pasir",
  "leuwi",
  "ranca",
  "sindang",
  "suka",
  "gunung",
  "lebak",
  "cibeureum",
  "tegal",
  "sukamaju",
  "sukajaya",
  "mekar",
  "ujung",
]);

/** Words a tweet uses for something else: a fish, a bus company, a supporters' club, a first name. */
const EVERYDAY_WORDS = canonSet([
  "gurame",
  "gurami",
  "viking",
  "damri",
  "santosa",
  "medina",
  "shakti",
  "vanda",
  "horison",
  "advent",
  "bobotoh",
  "persib",
]);

/** Dictionary roots with a suffix ("sayuran", "jalanan", "rumahnya") are everyday words too. */
const SUFFIXES = ["nya", "kan", "an"];

/** A word that on its own is an everyday word, not a name. */
export function isCommonWord(key: string): boolean {
  if (PLACE_FIRST_WORDS.has(key)) return false;
  return (
    DICTIONARY.has(key) ||
    (key.length >= 6 && SUFFIXES.some((s) => key.endsWith(s) && DICTIONARY.has(key.slice(0, -s.length)))) ||
    GENERIC_PLACE_WORDS.has(key) ||
    EVERYDAY_WORDS.has(key) ||
    OTHER_PLACES.has(key) ||
    ALL_CUES.has(key) ||
    STREET_VARIANT_SUFFIXES.has(key)
  );
}

/**
 * Key form of words already seen. Tweets repeat a small vocabulary, so this saves most of the
 * folding work; it is a pure cache (same input, same output) and is emptied when it grows large.
 */
const WORD_MEMO = new Map<string, string>();
const WORD_MEMO_LIMIT = 50_000;
function remember(word: string, key: string): void {
  if (WORD_MEMO.size >= WORD_MEMO_LIMIT) WORD_MEMO.clear();
  WORD_MEMO.set(word, key);
}

/** One prepared word: its key form and the raw text it came from (for evidence). */
export interface PreparedToken {
  key: string;
  raw: string;
}

/**
 * Turns words (raw or already normalised) into key tokens: splits on punctuation, folds spelling,
 * maps abbreviations (jl, jln → jalan; rumah sakit → rs; sma negeri → sman).
 */
export function prepareTokens(words: readonly string[]): PreparedToken[] {
  const base: PreparedToken[] = [];
  for (const w of words) {
    const known = WORD_MEMO.get(w);
    if (known !== undefined) {
      if (known !== "") base.push({ key: known, raw: w });
      continue;
    }
    // A normalised token is already one lower-case word; a raw one may be "jl.sangkuriang".
    const parts = /^[a-z0-9]+$/.test(w) ? [w] : splitWords(w);
    for (const p of parts) {
      const k = canonicalWord(p);
      const key = WORD_SYNONYMS.get(k) ?? k;
      if (parts.length === 1) remember(w, key);
      if (key.length > 0) base.push({ key, raw: p });
    }
  }
  const out: PreparedToken[] = [];
  for (let i = 0; i < base.length; i++) {
    const t = base[i] as PreparedToken;
    if (PHRASE_STARTS.has(t.key)) {
      const phrase = PHRASES.find(([ws]) => ws.every((w, j) => base[i + j]?.key === w));
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

const keysOf = (name: string): string[] =>
  prepareTokens(splitWords(name.replace(/\([^)]*\)/g, " "))).map((t) => t.key);

/** How much context an alias of `kind` made of these key tokens needs (see `CueNeed`). */
export function cueNeedOf(tokens: readonly string[], kind: PlaceKind): CueNeed {
  const first = tokens[0] ?? "";
  const key = tokens.join("");
  if (tokens.length >= 2 && LANDMARK_TYPES.has(first)) return "none";
  if (tokens.length === 1) {
    if (isCommonWord(key)) return "kind-cue";
    return key.length < 5 ? "any-cue" : "none";
  }
  if (kind === "kecamatan") return "none";
  if (tokens.every((t) => isCommonWord(t) || t.length < 3)) return "any-cue";
  return key.length < 6 ? "any-cue" : "none";
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

const squashMemo = new Map<string, string>();
/** Key of a whole name; memoised because reconciling names compares every pair at build time. */
const squash = (s: string): string => {
  let k = squashMemo.get(s);
  if (k === undefined) squashMemo.set(s, (k = keysOf(s).join("")));
  return k;
};

/**
 * Maps a kelurahan spelling used by one source onto the official one: same key ("Balong Gede" /
 * "Balonggede"), else the one official kelurahan of that kecamatan one letter away
 * ("Cimencrang" / "Cimincrang"). Returns undefined when there is no safe match.
 */
export function reconcileKelurahan(
  name: string,
  kecamatan: string | undefined,
  official: ReadonlyArray<{ name: string; kecamatan: string }>,
): { name: string; kecamatan: string } | undefined {
  const key = squash(name);
  const exact = official.filter((o) => squash(o.name) === key);
  if (exact.length === 1) return exact[0];
  const pool = exact.length > 1 ? exact : official;
  const sameKec =
    kecamatan === undefined ? pool : pool.filter((o) => squash(o.kecamatan) === squash(kecamatan));
  if (exact.length > 1) return sameKec.length === 1 ? sameKec[0] : undefined;
  const near = sameKec.filter((o) => editDistanceAtMostOne(squash(o.name), key));
  return near.length === 1 ? near[0] : undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const rings = g.type === "Polygon" ? g.coordinates : g.coordinates.flat();
  for (const ring of rings)
    for (const [x, y] of ring) {
      if (x === undefined || y === undefined) continue;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  return box;
}

function shapeAt(shapes: readonly AreaShape[], lon: number, lat: number): AreaShape | undefined {
  for (const s of shapes) {
    const [x0, y0, x1, y1] = s.bbox;
    if (lon < x0 || lon > x1 || lat < y0 || lat > y1) continue;
    if (booleanPointInPolygon([lon, lat], s.geometry)) return s;
  }
  return undefined;
}

/** Kecamatan and kelurahan (official names) containing a point, or undefined outside the city. */
export function areaAt(
  g: Pick<Gazetteer, "kelurahanShapes" | "kecamatanShapes">,
  lon: number,
  lat: number,
): { kecamatan: string; kelurahan?: string } | undefined {
  const kel = shapeAt(g.kelurahanShapes, lon, lat);
  if (kel)
    return kel.kelurahan === undefined
      ? { kecamatan: kel.kecamatan }
      : { kecamatan: kel.kecamatan, kelurahan: kel.kelurahan };
  const kec = shapeAt(g.kecamatanShapes, lon, lat);
  return kec ? { kecamatan: kec.kecamatan } : undefined;
}

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
function mergePlaces(places: readonly Place[], displayName?: string): Place {
  const first = places[0] as Place;
  if (places.length === 1 && displayName === undefined) return first;
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
}

const displayLandmarkName = (name: string): string =>
  name
    .replace(/\s*\([^)]*\)\s*/g, " ")
    .replace(/^(Seberang|Depan|Samping|Belakang)\s+/i, "")
    .replace(/\s+([A-C]|\d)$/, "")
    .replace(/\s+/g, " ")
    .trim();

/** The everyday forms of a street name: without "Jalan", without titles, without "Barat"/"II". */
function streetAliases(name: string): string[][] {
  let toks = keysOf(name);
  if (toks[0] === "jalan" && toks.length > 1) toks = toks.slice(1);
  const forms: string[][] = [toks];
  const noTitles = toks.filter((t) => !TITLE_WORDS.has(t) && !(t.length === 1 && /[a-z]/.test(t)));
  if (noTitles.length > 0 && noTitles.length < toks.length) forms.push(noTitles);
  for (const f of [...forms]) {
    let core = f;
    while (core.length > 1 && STREET_LEADING_WORDS.has(core[0] as string)) core = core.slice(1);
    while (core.length > 1 && STREET_VARIANT_SUFFIXES.has(core[core.length - 1] as string))
      core = core.slice(0, -1);
    // "Pasar Barat" must not become plain "pasar": a shortened form has to stay a real name.
    if (core !== f && cueNeedOf(core, "street") !== "kind-cue") forms.push(core);
  }
  return forms;
}

/** The everyday forms of a landmark name: "Rumah Sakit Santo Borromeus B" → rs santo borromeus, rs borromeus, borromeus. */
function landmarkAliases(name: string): { full: string[][]; core: string[][] } {
  let toks = keysOf(name);
  while (toks.length > 1 && LANDMARK_POSITION_PREFIXES.has(toks[0] as string)) toks = toks.slice(1);
  const last = toks[toks.length - 1] ?? "";
  if (toks.length > 1 && /^([a-c]|\d)$/.test(last)) toks = toks.slice(0, -1);
  const full: string[][] = [toks];
  const strip = (ts: string[], tail: string[]): string[] | undefined =>
    ts.length > tail.length && tail.every((t, i) => ts[ts.length - tail.length + i] === t)
      ? ts.slice(0, -tail.length)
      : undefined;
  const noCity = strip(toks, ["kota", "bandung"]) ?? strip(toks, ["bandung"]);
  if (noCity && !(noCity.length === 1 && LANDMARK_TYPES.has(noCity[0] as string))) full.push(noCity);
  for (const f of [...full]) {
    const noTitles = f.filter((t) => !TITLE_WORDS.has(t));
    if (noTitles.length > 0 && noTitles.length < f.length) full.push(noTitles);
  }
  const core: string[][] = [];
  for (const f of full) {
    if (f.length >= 2 && LANDMARK_TYPES.has(f[0] as string)) {
      const rest = f.slice(1);
      // "Museum Kota Bandung" must not answer to "kota bandung": the short form has to be a name.
      if (!LANDMARK_TYPES.has(rest[0] as string) && cueNeedOf(rest, "landmark") === "none") core.push(rest);
    }
  }
  return { full, core };
}

/** Builds the lookup structures from the loaded rows. Pure; run once at start-up. */
export function buildGazetteer(data: PlacesData): Gazetteer {
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
    if (tokens.join("").length < 3) return;
    pending.push({
      tokens,
      place,
      need: need ?? cueNeedOf(tokens, place.kind),
      viaAltName,
      ...(display === undefined ? {} : { display }),
    });
  };

  const kecamatan = new Map<string, Place>();
  for (const name of officialKec) {
    const place: Place = { kind: "kecamatan", name };
    kecamatan.set(name, place);
    add(keysOf(name), place);
  }
  const kelurahan = new Map<string, Place>();
  for (const k of officialKel) {
    const place: Place = { kind: "kelurahan", name: k.name, kecamatan: kecName(k.kecamatan) };
    kelurahan.set(k.name, place);
    add(keysOf(k.name), place);
  }
  // Spellings the polygons use for the same kelurahan (Cimencrang / Cimincrang).
  for (const p of data.kelurahanPolygons) {
    const k = kelName(p.name, p.kecamatan);
    const place = kelurahan.get(k.name);
    if (place && squash(p.name) !== squash(k.name)) add(keysOf(p.name), place);
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
    for (const f of streetAliases(s.name)) add(f, place);
    for (const n of s.altNames) for (const f of streetAliases(n)) add(f, place, undefined, undefined, true);
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
    const { full, core } = landmarkAliases(l.name);
    // A stop called "Jalan Merak" is that street: the street entry already answers to it.
    const firstFull = full[0] ?? [];
    if (firstFull[0] === "jalan" && areaStreetKeys.has(firstFull.slice(1).join(""))) continue;
    const hasType = full.some((f) => LANDMARK_TYPES.has(f[0] as string));
    for (const f of full) {
      // A stop named after its street or area ("Pagarsih", "Sukapada") is not a landmark of its own.
      if (!hasType && areaStreetKeys.has(f.join(""))) continue;
      add(f, place);
    }
    for (const c of core) if (!areaStreetKeys.has(c.join(""))) add(c, place);
    for (const t of full[0] ?? []) {
      const need = INSTITUTION_ACRONYMS.get(t);
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
      hits.push({ place, need });
    }
    aliases.set(key, hits);
    const tolerant = hits.filter((h) => h.need !== "kind-cue");
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
  return { aliases, prefixes, fuzzy, kelurahanShapes, kecamatanShapes, kecamatan, kelurahan };
}
