import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, formatProblem } from "../src/config/config-error.js";
import { PLACE_FILES, loadPlaces } from "../src/config/load-places.js";

const SHIPPED = "config/places";
const dirs: string[] = [];

/** A copy of the shipped place files with some of them replaced. */
async function placesWith(
  overrides: Partial<Record<keyof typeof PLACE_FILES, string | null>>,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "aduan-places-"));
  dirs.push(dir);
  // Shipped aliases point at shipped streets and landmarks: replaced ones come without aliases.
  if (
    (overrides.streets !== undefined || overrides.landmarks !== undefined) &&
    overrides.aliases === undefined
  )
    overrides = { ...overrides, aliases: "alias,kind,target\n" };
  for (const [key, file] of Object.entries(PLACE_FILES) as [keyof typeof PLACE_FILES, string][]) {
    const override = overrides[key];
    if (override === null) continue;
    await writeFile(join(dir, file), override ?? (await readFile(join(SHIPPED, file), "utf8")));
  }
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadPlaces(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.map(formatProblem);
  }
  throw new Error("expected a ConfigError");
}

const AREAS = [
  "level,code,name,kecamatan",
  "kecamatan,32.73.02,Coblong,Coblong",
  "kelurahan,32.73.02.1001,Dago,Coblong",
].join("\n");

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("loading the place data", () => {
  it("loads the shipped Bandung files", async () => {
    const data = await loadPlaces(SHIPPED);
    expect(data.areas.filter((a) => a.level === "kecamatan")).toHaveLength(30);
    expect(data.areas.filter((a) => a.level === "kelurahan")).toHaveLength(151);
    expect(data.streets.length).toBeGreaterThan(500);
    expect(data.landmarks.length).toBeGreaterThan(800);
    expect(data.kelurahanPolygons).toHaveLength(151);
    const pagarsih = data.streets.find((s) => s.name === "Jalan Pagarsih Barat");
    expect(pagarsih?.shares).toEqual([
      { kecamatan: "Bojongloa Kaler", share: 0.43 },
      { kecamatan: "Astanaanyar", share: 0.34 },
      { kecamatan: "Babakan Ciparay", share: 0.23 },
    ]);
  });

  it.each([
    [
      "a share that is not a number",
      {
        streets:
          "street,alt_names,highway,kecamatan_share,lon,lat\nJalan Dago,,primary,Coblong:lots,107.6,-6.9\n",
      },
      'streets.csv:2: kecamatan_share: expected "Kecamatan:0.62;Other:0.38", found "Coblong:lots"',
    ],
    [
      "shares that do not add up",
      {
        streets:
          "street,alt_names,highway,kecamatan_share,lon,lat\nJalan Dago,,primary,Coblong:0.5,107.6,-6.9\n",
      },
      "streets.csv:2: kecamatan_share: shares add up to 0.50, expected 1",
    ],
    [
      "a share for an unknown kecamatan",
      {
        streets:
          "street,alt_names,highway,kecamatan_share,lon,lat\nJalan Dago,,primary,Cobong:1.00,107.6,-6.9\n",
      },
      'streets.csv:2: kecamatan_share: unknown kecamatan "Cobong"',
    ],
    [
      "a longitude that is not a number",
      { landmarks: "name,lon,lat,kecamatan,kelurahan,osm_node_id\nTerminal Dago,107,6x,Coblong,Dago,1\n" },
      'landmarks.csv:2: lat: expected a number within ±90, found "6x"',
    ],
    [
      "a landmark in an unknown kelurahan",
      {
        landmarks:
          "name,lon,lat,kecamatan,kelurahan,osm_node_id\nTerminal Dago,107.6,-6.87,Coblong,Dagoo Atas,1\n",
      },
      'landmarks.csv:2: kelurahan: unknown kelurahan "Dagoo Atas" in Coblong',
    ],
    [
      "a row with a missing field",
      { landmarks: "name,lon,lat,kecamatan,kelurahan,osm_node_id\nTerminal Dago,107.6,-6.87,Coblong\n" },
      "landmarks.csv:2: (top level): expected 6 fields, found 4",
    ],
    [
      "a wrong header",
      { streets: "name,alt,highway,share,lon,lat\n" },
      'streets.csv:1: header: expected the header "street,alt_names,highway,kecamatan_share,lon,lat"',
    ],
    [
      "an unknown level",
      { areas: AREAS + "\ndesa,32.73.02.1002,Sekeloa,Coblong" },
      'areas.csv:4: level: expected "kecamatan" or "kelurahan", found "desa"',
    ],
    [
      "a kelurahan of an unknown kecamatan",
      { areas: AREAS + "\nkelurahan,32.73.02.1002,Sekeloa,Coblongg" },
      'areas.csv:4: kecamatan: unknown kecamatan "Coblongg"',
    ],
    [
      "a duplicate kelurahan",
      { areas: AREAS + "\nkelurahan,32.73.02.1003,Dago,Coblong" },
      'areas.csv:4: name: duplicate kelurahan "Dago" (first on line 3)',
    ],
    [
      "polygons that are not GeoJSON",
      { kecamatan: "{ not json" },
      "kecamatan.geojson: (top level): JSON syntax:",
    ],
    [
      "a polygon without a name",
      {
        kecamatan:
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}',
      },
      "kecamatan.geojson: features.0.properties.nama_kecamatan: expected a non-empty string",
    ],
    ["a missing file", { kelurahan: null }, "kelurahan.geojson: (top level): cannot read: ENOENT"],
  ] as const)("names file, line and field for %s", async (_what, overrides, expected) => {
    const problems = await problemsOf(await placesWith(overrides));
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it("lists every problem in every file, not just the first", async () => {
    const problems = await problemsOf(
      await placesWith({
        streets: [
          "street,alt_names,highway,kecamatan_share,lon,lat",
          "Jalan Satu,,primary,Coblong:1.00,abc,-6.9",
          "Jalan Dua,,primary,Coblong:2,107.6,-6.9",
        ].join("\n"),
        landmarks: "name,lon,lat,kecamatan,kelurahan,osm_node_id\nPasar X,107.6,-6.9,Atlantis,Dago,1\n",
      }),
    );
    expect(problems).toEqual([
      'streets.csv:2: lon: expected a number within ±180, found "abc"',
      'streets.csv:3: kecamatan_share: share 2 of "Coblong" is above 1',
      'landmarks.csv:2: kecamatan: unknown kecamatan "Atlantis"',
    ]);
  });

  it("skips an unnamed stop, which nothing in a tweet could name", async () => {
    const data = await loadPlaces(
      await placesWith({
        landmarks: "name,lon,lat,kecamatan,kelurahan,osm_node_id\n,107.66,-6.96,Coblong,Dago,1\n",
      }),
    );
    expect(data.landmarks).toEqual([]);
  });

  it("names the vocabulary file, line and key when a word list is malformed", async () => {
    const shipped = await readFile(join(SHIPPED, PLACE_FILES.vocabulary), "utf8");
    const broken = shipped
      .replace(/^street_cues: .*$/m, "street_cues: jalan")
      .replace(/^ {2}itb: none$/m, "  itb: sometimes");
    const problems = await problemsOf(await placesWith({ vocabulary: broken }));
    expect(problems.some((p) => p.includes("vocabulary.yaml") && p.includes("street_cues"))).toBe(true);
    expect(
      problems.some((p) => p.includes("vocabulary.yaml") && p.includes("institution_acronyms.itb")),
    ).toBe(true);
    expect(problems.every((p) => /:\d+/.test(p) || !p.includes("vocabulary.yaml"))).toBe(true);
  });

  it("reports a missing vocabulary file like any other place file", async () => {
    const problems = await problemsOf(await placesWith({ vocabulary: null }));
    expect(problems.some((p) => p.includes("vocabulary.yaml") && p.includes("cannot read"))).toBe(true);
  });

  it("names the aliases file and line when an alias points at no street, landmark or area", async () => {
    const problems = await problemsOf(
      await placesWith({
        aliases:
          "alias,kind,target\nsoetta,street,Jalan Tidak Ada\nbip,mall,Bandung Indah Plaza\n" +
          "# a comment line is skipped\nkircon,kecamatan,Kiara Condong\nankid,kelurahan,Antapani Kidul\n",
      }),
    );
    expect(problems.some((p) => p.includes("aliases.csv:2") && p.includes("Jalan Tidak Ada"))).toBe(true);
    expect(
      problems.some((p) => p.includes("aliases.csv:3") && p.includes("street, landmark, kecamatan")),
    ).toBe(true);
    expect(
      problems.some((p) => p.includes("aliases.csv:5") && p.includes('no kecamatan "Kiara Condong"')),
    ).toBe(true);
    expect(problems.some((p) => p.includes("aliases.csv:6"))).toBe(false);
  });
});
