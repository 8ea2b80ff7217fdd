import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { MultiPolygon, Polygon } from "geojson";
import { ConfigError, type ConfigProblem } from "./config-error.js";
import { parseYaml } from "./yaml-file.js";
import {
  compilePlaceVocabulary,
  EMPTY_PLACE_VOCABULARY_FILE,
  placeVocabularySchema,
  type PlaceVocabulary,
} from "../triage/place-vocabulary.js";
import { reconcileKelurahan } from "../triage/reconcile-kelurahan.js";
import {
  OUTSIDE_CITY,
  type AreaAlias,
  type AreaPolygon,
  type AreaRow,
  type LandmarkRow,
  type PlacesData,
  type StreetRow,
  type StreetShare,
} from "../triage/gazetteer.js";

/** The six files of a city's place data, by the names `loadPlaces` looks for in its directory. */
export const PLACE_FILES = {
  vocabulary: "vocabulary.yaml",
  aliases: "aliases.csv",
  areas: "areas.csv",
  streets: "streets.csv",
  landmarks: "landmarks.csv",
  kecamatan: "kecamatan.geojson",
  kelurahan: "kelurahan.geojson",
} as const;

const HEADERS = {
  areas: ["level", "code", "name", "kecamatan"],
  streets: ["street", "alt_names", "highway", "kecamatan_share", "lon", "lat"],
  landmarks: ["name", "lon", "lat", "kecamatan", "kelurahan", "osm_node_id"],
  aliases: ["alias", "kind", "target"],
} as const;

/** Shares of one street may round to a little under or over 1. */
const SHARE_SUM_TOLERANCE = 0.05;

type Row = { line: number; get: (field: string) => string };

/**
 * Reads and validates the place data of a city (`config/places/`): kecamatan and kelurahan list,
 * streets with their kecamatan shares, landmarks, and the two polygon files. Every problem in
 * every file is collected and thrown together as one ConfigError naming file, line and field.
 */
export async function loadPlaces(dir: string): Promise<PlacesData> {
  const problems: ConfigProblem[] = [];
  const read = async (name: string): Promise<string | undefined> => {
    try {
      return await readFile(join(dir, name), "utf8");
    } catch (err) {
      problems.push({
        file: name,
        path: "",
        message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      });
      return undefined;
    }
  };
  const [vocabularyText, aliasesText, areasText, streetsText, landmarksText, kecText, kelText] =
    await Promise.all([
      read(PLACE_FILES.vocabulary),
      read(PLACE_FILES.aliases),
      read(PLACE_FILES.areas),
      read(PLACE_FILES.streets),
      read(PLACE_FILES.landmarks),
      read(PLACE_FILES.kecamatan),
      read(PLACE_FILES.kelurahan),
    ]);
  const data = parsePlaces(
    { vocabularyText, aliasesText, areasText, streetsText, landmarksText, kecText, kelText },
    problems,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return data;
}

/** The parsing and validation half of `loadPlaces`, on texts already read (undefined: unreadable). */
export function parsePlaces(
  texts: {
    /** The words around place names; unread, every list is empty. */
    vocabularyText?: string | undefined;
    /** Popular names of streets and landmarks (`alias,kind,target`). */
    aliasesText?: string | undefined;
    areasText?: string | undefined;
    streetsText?: string | undefined;
    landmarksText?: string | undefined;
    kecText?: string | undefined;
    kelText?: string | undefined;
  },
  problems: ConfigProblem[] = [],
): PlacesData {
  const vocabulary = parseVocabulary(texts.vocabularyText, problems);
  const areas = texts.areasText === undefined ? [] : parseAreas(texts.areasText, problems);
  const kecNames = new Set(areas.filter((a) => a.level === "kecamatan").map((a) => a.name));
  const officialKel = areas
    .filter((a) => a.level === "kelurahan")
    .map((a) => ({ name: a.name, kecamatan: a.kecamatan }));
  const streets = texts.streetsText === undefined ? [] : parseStreets(texts.streetsText, kecNames, problems);
  const landmarks =
    texts.landmarksText === undefined
      ? []
      : parseLandmarks(texts.landmarksText, kecNames, officialKel, problems);
  const areaAliases: AreaAlias[] = [];
  if (texts.aliasesText !== undefined)
    applyAliases(texts.aliasesText, { streets, landmarks, areas, areaAliases }, problems);
  const kecamatanPolygons =
    texts.kecText === undefined
      ? []
      : parsePolygons(texts.kecText, PLACE_FILES.kecamatan, "nama_kecamatan", undefined, problems);
  const kelurahanPolygons =
    texts.kelText === undefined
      ? []
      : parsePolygons(texts.kelText, PLACE_FILES.kelurahan, "nama_kelurahan", "nama_kecamatan", problems);
  if (areas.length > 0) {
    for (const p of kecamatanPolygons)
      if (!kecNames.has(p.name))
        problems.push({
          file: PLACE_FILES.kecamatan,
          path: `features.${p.name}`,
          message: `kecamatan "${p.name}" is not in ${PLACE_FILES.areas}`,
        });
    for (const p of kelurahanPolygons)
      if (!reconcileKelurahan(p.name, p.kecamatan, officialKel))
        problems.push({
          file: PLACE_FILES.kelurahan,
          path: `features.${p.name}`,
          message: `kelurahan "${p.name}" (${p.kecamatan}) matches no kelurahan in ${PLACE_FILES.areas}`,
        });
  }
  return { areas, streets, landmarks, kecamatanPolygons, kelurahanPolygons, vocabulary, areaAliases };
}

/**
 * Reads aliases.csv and hangs each popular name on its street (as an alternative name), its
 * landmark, or its kecamatan or kelurahan ("kircon" → Kiaracondong, "bandara" → the kelurahan the
 * airport lies in). A target that names no such place is a problem with its line.
 */
function applyAliases(
  text: string,
  into: {
    streets: StreetRow[];
    landmarks: LandmarkRow[];
    areas: readonly AreaRow[];
    areaAliases: AreaAlias[];
  },
  problems: ConfigProblem[],
): void {
  const { streets, landmarks, areas, areaAliases } = into;
  const file = PLACE_FILES.aliases;
  for (const r of csvRows(text, file, HEADERS.aliases, problems)) {
    const alias = r.get("alias");
    const kind = r.get("kind");
    const target = r.get("target");
    if (alias === "") {
      problems.push({ file, line: r.line, path: "alias", message: "must not be empty" });
      continue;
    }
    if (kind === "street") {
      const s = streets.filter((x) => x.name === target);
      if (s.length === 0)
        problems.push({
          file,
          line: r.line,
          path: "target",
          message: `no street "${target}" in streets.csv`,
        });
      for (const x of s) x.altNames.push(alias);
    } else if (kind === "landmark") {
      const l = landmarks.filter((x) => x.name === target);
      if (l.length === 0)
        problems.push({
          file,
          line: r.line,
          path: "target",
          message: `no landmark "${target}" in landmarks.csv`,
        });
      for (const x of l) (x.aliases ??= []).push(alias);
    } else if (kind === "kecamatan" || kind === "kelurahan") {
      const a = areas.filter((x) => x.level === kind && x.name === target);
      if (a.length === 0)
        problems.push({
          file,
          line: r.line,
          path: "target",
          message: `no ${kind} "${target}" in areas.csv`,
        });
      else areaAliases.push({ alias, kind, target });
    } else {
      problems.push({
        file,
        line: r.line,
        path: "kind",
        message: `expected street, landmark, kecamatan or kelurahan, found "${kind}"`,
      });
    }
  }
}

/** Validates vocabulary.yaml (file, line and key in every problem) and compiles it. */
function parseVocabulary(text: string | undefined, problems: ConfigProblem[]): PlaceVocabulary {
  if (text === undefined) return compilePlaceVocabulary(EMPTY_PLACE_VOCABULARY_FILE);
  const r = parseYaml(text, PLACE_FILES.vocabulary, placeVocabularySchema);
  if (!r.ok) {
    problems.push(...r.problems);
    return compilePlaceVocabulary(EMPTY_PLACE_VOCABULARY_FILE);
  }
  return compilePlaceVocabulary(r.value);
}

/** Parses a CSV with a fixed header; yields rows with their 1-based line and a field getter. */
function csvRows(text: string, file: string, header: readonly string[], problems: ConfigProblem[]): Row[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // `# …` lines say what a family of rows is for (aliases.csv groups its names by kind).
      comment: "#",
      comment_no_infix: true,
      info: true,
      trim: true,
    }) as unknown as typeof records;
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    problems.push({
      file,
      ...(line === undefined ? {} : { line }),
      path: "",
      message: `CSV syntax: ${(err as Error).message}`,
    });
    return [];
  }
  const first = records[0];
  if (!first || header.some((h, i) => first.record[i] !== h)) {
    problems.push({ file, line: 1, path: "header", message: `expected the header "${header.join(",")}"` });
    return [];
  }
  const rows: Row[] = [];
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      problems.push({
        file,
        line: info.lines,
        path: "",
        message: `expected ${header.length} fields, found ${record.length}`,
      });
      continue;
    }
    rows.push({ line: info.lines, get: (field) => record[header.indexOf(field)] ?? "" });
  }
  return rows;
}

function parseAreas(text: string, problems: ConfigProblem[]): AreaRow[] {
  const file = PLACE_FILES.areas;
  const rows = csvRows(text, file, HEADERS.areas, problems);
  const out: (AreaRow & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const bad = (path: string, message: string): void =>
      void problems.push({ file, line: r.line, path, message });
    const level = r.get("level");
    const name = r.get("name");
    const kecamatan = r.get("kecamatan");
    if (level !== "kecamatan" && level !== "kelurahan")
      bad("level", `expected "kecamatan" or "kelurahan", found "${level}"`);
    if (!/^\d+(\.\d+)+$/.test(r.get("code")))
      bad("code", `expected a Kemendagri code like 32.73.01, found "${r.get("code")}"`);
    if (name === "") bad("name", "must not be empty");
    if (kecamatan === "") bad("kecamatan", "must not be empty");
    const dupKey = `${level}|${name.toLowerCase()}`;
    const prev = seen.get(dupKey);
    if (prev !== undefined) bad("name", `duplicate ${level} "${name}" (first on line ${prev})`);
    else seen.set(dupKey, r.line);
    if (problems.length === before)
      out.push({ level: level as AreaRow["level"], code: r.get("code"), name, kecamatan, line: r.line });
  }
  const kec = new Set(out.filter((a) => a.level === "kecamatan").map((a) => a.name));
  for (const a of out)
    if (a.level === "kelurahan" && !kec.has(a.kecamatan))
      problems.push({ file, line: a.line, path: "kecamatan", message: `unknown kecamatan "${a.kecamatan}"` });
  return out.map(({ line: _line, ...a }) => a);
}

function parseCoordinate(
  r: Row,
  field: "lon" | "lat",
  file: string,
  problems: ConfigProblem[],
): number | undefined {
  const raw = r.get(field);
  const v = Number(raw);
  const limit = field === "lon" ? 180 : 90;
  if (raw === "" || !Number.isFinite(v) || Math.abs(v) > limit) {
    problems.push({
      file,
      line: r.line,
      path: field,
      message: `expected a number within ±${limit}, found "${raw}"`,
    });
    return undefined;
  }
  return v;
}

function parseShares(raw: string, kecNames: ReadonlySet<string>): StreetShare[] | string {
  const shares: StreetShare[] = [];
  for (const part of raw.split(";")) {
    const m = /^(.+):([0-9]*\.?[0-9]+)$/.exec(part.trim());
    if (!m) return `expected "Kecamatan:0.62;Other:0.38", found "${part}"`;
    const kecamatan = (m[1] as string).trim();
    const share = Number(m[2]);
    if (kecamatan !== OUTSIDE_CITY && kecNames.size > 0 && !kecNames.has(kecamatan))
      return `unknown kecamatan "${kecamatan}"`;
    if (share > 1) return `share ${share} of "${kecamatan}" is above 1`;
    shares.push({ kecamatan, share });
  }
  const sum = shares.reduce((a, s) => a + s.share, 0);
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE) return `shares add up to ${sum.toFixed(2)}, expected 1`;
  return shares;
}

function parseStreets(text: string, kecNames: ReadonlySet<string>, problems: ConfigProblem[]): StreetRow[] {
  const file = PLACE_FILES.streets;
  const out: StreetRow[] = [];
  for (const r of csvRows(text, file, HEADERS.streets, problems)) {
    const before = problems.length;
    const name = r.get("street");
    if (name === "") problems.push({ file, line: r.line, path: "street", message: "must not be empty" });
    const shares = parseShares(r.get("kecamatan_share"), kecNames);
    if (typeof shares === "string")
      problems.push({ file, line: r.line, path: "kecamatan_share", message: shares });
    const lon = parseCoordinate(r, "lon", file, problems);
    const lat = parseCoordinate(r, "lat", file, problems);
    if (problems.length > before || typeof shares === "string" || lon === undefined || lat === undefined)
      continue;
    const altNames = r
      .get("alt_names")
      .split(";")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    out.push({ name, altNames, highway: r.get("highway"), shares, lon, lat });
  }
  return out;
}

function parseLandmarks(
  text: string,
  kecNames: ReadonlySet<string>,
  officialKel: ReadonlyArray<{ name: string; kecamatan: string }>,
  problems: ConfigProblem[],
): LandmarkRow[] {
  const file = PLACE_FILES.landmarks;
  const out: LandmarkRow[] = [];
  for (const r of csvRows(text, file, HEADERS.landmarks, problems)) {
    const before = problems.length;
    const bad = (path: string, message: string): void =>
      void problems.push({ file, line: r.line, path, message });
    const name = r.get("name");
    const kecamatan = r.get("kecamatan");
    const kelurahan = r.get("kelurahan");
    // OpenStreetMap has unnamed stops (the shipped file has one): nothing can name them, skip.
    if (name === "") continue;
    if (kecNames.size > 0 && !kecNames.has(kecamatan)) bad("kecamatan", `unknown kecamatan "${kecamatan}"`);
    else if (officialKel.length > 0 && !reconcileKelurahan(kelurahan, kecamatan, officialKel))
      bad("kelurahan", `unknown kelurahan "${kelurahan}" in ${kecamatan}`);
    const lon = parseCoordinate(r, "lon", file, problems);
    const lat = parseCoordinate(r, "lat", file, problems);
    if (problems.length > before || lon === undefined || lat === undefined) continue;
    out.push({ name, lon, lat, kecamatan, kelurahan });
  }
  return out;
}

/** Rings of at least four [lon, lat] positions: anything else would break point-in-polygon at triage time. */
function isPolygonRings(v: unknown): boolean {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.every(
          (p) =>
            Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === "number" && Number.isFinite(n)),
        ),
    )
  );
}

function parsePolygons(
  text: string,
  file: string,
  nameField: string,
  kecamatanField: string | undefined,
  problems: ConfigProblem[],
): AreaPolygon[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    problems.push({ file, path: "", message: `JSON syntax: ${(err as Error).message}` });
    return [];
  }
  const collection = (typeof doc === "object" && doc !== null ? doc : {}) as {
    type?: unknown;
    features?: unknown;
  };
  const features = collection.features;
  if (collection.type !== "FeatureCollection" || !Array.isArray(features)) {
    problems.push({ file, path: "", message: "expected a GeoJSON FeatureCollection" });
    return [];
  }
  const out: AreaPolygon[] = [];
  features.forEach((f: unknown, i) => {
    const path = `features.${i}`;
    const feature = (typeof f === "object" && f !== null ? f : {}) as {
      properties?: unknown;
      geometry?: unknown;
    };
    const props = (
      typeof feature.properties === "object" && feature.properties !== null ? feature.properties : {}
    ) as Record<string, unknown>;
    const geometry = (
      typeof feature.geometry === "object" && feature.geometry !== null ? feature.geometry : undefined
    ) as { type?: unknown; coordinates?: unknown } | undefined;
    const name = props[nameField];
    const kecamatan = kecamatanField === undefined ? name : props[kecamatanField];
    let ok = true;
    if (typeof name !== "string" || name === "") {
      problems.push({
        file,
        path: `${path}.properties.${nameField}`,
        message: "expected a non-empty string",
      });
      ok = false;
    }
    if (kecamatanField !== undefined && (typeof kecamatan !== "string" || kecamatan === "")) {
      problems.push({
        file,
        path: `${path}.properties.${kecamatanField}`,
        message: "expected a non-empty string",
      });
      ok = false;
    }
    if (
      !geometry ||
      !(
        (geometry.type === "Polygon" && isPolygonRings(geometry.coordinates)) ||
        (geometry.type === "MultiPolygon" &&
          Array.isArray(geometry.coordinates) &&
          geometry.coordinates.every(isPolygonRings))
      )
    ) {
      problems.push({ file, path: `${path}.geometry`, message: "expected a Polygon or MultiPolygon" });
      ok = false;
    }
    if (ok)
      out.push({
        name: name as string,
        kecamatan: kecamatan as string,
        geometry: geometry as Polygon | MultiPolygon,
      });
  });
  return out;
}
