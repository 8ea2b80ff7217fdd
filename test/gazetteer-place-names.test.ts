import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Polygon } from "geojson";
import { parse } from "yaml";
import { loadPlaces } from "../src/config/load-places.js";
import { buildGazetteer, type PlacesData } from "../src/triage/gazetteer.js";
import { areaAt } from "../src/triage/place-areas.js";
import { canonicalWord } from "../src/triage/place-keys.js";
import {
  compilePlaceVocabulary,
  cueNeedOf,
  placeVocabularySchema,
  prepareTokens,
} from "../src/triage/place-vocabulary.js";
import { reconcileKelurahan } from "../src/triage/reconcile-kelurahan.js";

/** The shipped words around place names (abbreviations, cues, titles). */
const vocabulary = compilePlaceVocabulary(
  placeVocabularySchema.parse(parse(readFileSync("config/places/vocabulary.yaml", "utf8"))),
);

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: "Polygon",
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});

/** A toy city: Utara Jaya (kelurahan Cialpha, "Cialpa" in the polygons) in the north, Selatan Makmur (Cibeta) in the south. */
const toyCity = (): PlacesData => ({
  vocabulary,
  areas: [
    { level: "kecamatan", code: "1.1", name: "Utara Jaya", kecamatan: "Utara Jaya" },
    { level: "kecamatan", code: "1.2", name: "Selatan Makmur", kecamatan: "Selatan Makmur" },
    { level: "kelurahan", code: "1.1.1", name: "Cialpha", kecamatan: "Utara Jaya" },
    { level: "kelurahan", code: "1.2.1", name: "Cibeta", kecamatan: "Selatan Makmur" },
  ],
  streets: [
    {
      name: "Jalan Panjangsekali Barat",
      altNames: ["Jalan Lama Panjangsekali"],
      highway: "primary",
      shares: [
        { kecamatan: "OUTSIDE_KOTA_BANDUNG", share: 0.5 },
        { kecamatan: "Utara Jaya", share: 0.3 },
        { kecamatan: "Selatan Makmur", share: 0.2 },
      ],
      lon: 0.5,
      lat: 0.5,
    },
  ],
  landmarks: [
    {
      name: "Rumah Sakit Santo Yosefus A",
      lon: 0.2,
      lat: 0.8,
      kecamatan: "Utara Jaya",
      kelurahan: "Cialpha",
    },
    {
      name: "Rumah Sakit Santo Yosefus B",
      lon: 0.3,
      lat: 0.7,
      kecamatan: "Utara Jaya",
      kelurahan: "Cialpha",
    },
    {
      name: "Seberang Terminal Cibeta",
      lon: 0.4,
      lat: 0.2,
      kecamatan: "Selatan Makmur",
      kelurahan: "Ci Beta",
    },
  ],
  kecamatanPolygons: [
    { name: "Utara Jaya", kecamatan: "Utara Jaya", geometry: square(0, 0.5, 1, 1) },
    { name: "Selatan Makmur", kecamatan: "Selatan Makmur", geometry: square(0, 0, 1, 0.5) },
  ],
  kelurahanPolygons: [
    { name: "Cialpa", kecamatan: "Utara Jaya", geometry: square(0, 0.5, 1, 1) },
    { name: "Ci Beta", kecamatan: "Selatan Makmur", geometry: square(0, 0, 1, 0.5) },
  ],
});

const hitsFor = (g: ReturnType<typeof buildGazetteer>, text: string) =>
  g.aliases.get(
    prepareTokens(vocabulary, [text])
      .map((t) => t.key)
      .join(""),
  ) ?? [];

describe("folding place-name spellings", () => {
  it.each([
    ["Djuanda", "juanda"],
    ["Tjipto", "cipto"],
    ["Soekarno", "sukarno"],
    ["Setiabudhi", "setiabudi"],
    ["Borromeus", "boromeus"],
    ["Leuwipanjanng", "leuwipanjang"],
    ["SMAN 11", "sman11"],
    ["Cimahi", "cimahi"],
  ])("reads %s as %s", (word, key) => {
    expect(canonicalWord(word)).toBe(key);
  });

  it.each([
    [
      ["jl.", "sangkuriang"],
      ["jalan", "sangkuriang"],
    ],
    [
      ["jln", "pagarsih"],
      ["jalan", "pagarsih"],
    ],
    [
      ["dpn", "rumah", "sakit", "borromeus"],
      ["depan", "rs", "boromeus"],
    ],
    [["kec.coblong"], ["kecamatan", "coblong"]],
    [
      ["per4an", "gg", "psr"],
      ["perempatan", "gang", "pasar"],
    ],
    [
      ["sma", "negeri", "3"],
      ["sman", "3"],
    ],
    [["alun-alun"], ["alunalun"]],
  ])("prepares %j as %j", (input, keys) => {
    expect(prepareTokens(vocabulary, input).map((t) => t.key)).toEqual(keys);
  });

  it.each([
    [["merdeka"], "kelurahan", "kind-cue"],
    [["ledeng"], "kelurahan", "kind-cue"],
    [["jakarta"], "street", "kind-cue"],
    [["dago"], "kelurahan", "any-cue"],
    [["pagarsih"], "street", "none"],
    [["rs", "boromeus"], "landmark", "none"],
    [["lebak", "gede"], "kelurahan", "any-cue"],
    [["bandung", "wetan"], "kecamatan", "none"],
  ] as const)("says %j (%s) needs %s before it is believed", (tokens, kind, need) => {
    expect(cueNeedOf(vocabulary, tokens, kind)).toBe(need);
  });
});

describe("matching one source's kelurahan spelling to the official list", () => {
  const official = [
    { name: "Cimincrang", kecamatan: "Gedebage" },
    { name: "Cimenerang", kecamatan: "Rancasari" },
    { name: "Balong Gede", kecamatan: "Regol" },
  ];

  it.each([
    ["Cimencrang", "Gedebage", "Cimincrang"],
    ["Balonggede", "Regol", "Balong Gede"],
    ["balong gede", undefined, "Balong Gede"],
  ])("maps %s (%s) to %s", (name, kecamatan, expected) => {
    expect(reconcileKelurahan(name, kecamatan, official)?.name).toBe(expected);
  });

  it.each([
    ["Cimencrang", undefined],
    ["Cikutra", "Gedebage"],
  ])("refuses to guess %s (%s) when the match is not certain", (name, kecamatan) => {
    expect(reconcileKelurahan(name, kecamatan, official)).toBeUndefined();
  });
});

describe("building the gazetteer", () => {
  it("knows a landmark by its full name, its short form and its bare name, with stop variants merged", () => {
    const g = buildGazetteer(toyCity());
    for (const form of ["rumah sakit santo yosefus", "rs yosefus", "yosefus", "rs santo yosefus"]) {
      const hit = hitsFor(g, form).find((h) => h.place.kind === "landmark");
      expect(hit?.place).toMatchObject({
        name: "Rumah Sakit Santo Yosefus",
        kecamatan: "Utara Jaya",
        kelurahan: "Cialpha",
      });
    }
  });

  it("drops 'Seberang' from a stop name and maps the polygon spelling of its kelurahan", () => {
    const g = buildGazetteer(toyCity());
    const hit = hitsFor(g, "terminal cibeta")[0];
    expect(hit?.place).toMatchObject({ name: "Terminal Cibeta", kelurahan: "Cibeta" });
  });

  it("knows a street without Jalan, without its Barat suffix and by its other name", () => {
    const g = buildGazetteer(toyCity());
    for (const form of ["panjangsekali barat", "panjangsekali", "lama panjangsekali"])
      expect(hitsFor(g, form).map((h) => h.place.name)).toContain("Jalan Panjangsekali Barat");
  });

  it("re-scales a street's shares to the part inside the city", () => {
    const street = hitsFor(buildGazetteer(toyCity()), "panjangsekali")[0]?.place;
    expect(street?.outsideShare).toBeCloseTo(0.5);
    expect(street?.shares?.map((s) => [s.kecamatan, Number(s.share.toFixed(2))])).toEqual([
      ["Utara Jaya", 0.6],
      ["Selatan Makmur", 0.4],
    ]);
  });

  it("answers point-in-polygon with official names, and nothing outside", () => {
    const g = buildGazetteer(toyCity());
    expect(areaAt(g, 0.5, 0.9)).toEqual({ kecamatan: "Utara Jaya", kelurahan: "Cialpha" });
    expect(areaAt(g, 0.5, 0.1)).toEqual({ kecamatan: "Selatan Makmur", kelurahan: "Cibeta" });
    expect(areaAt(g, 5, 5)).toBeUndefined();
  });

  it("indexes the shipped Bandung data: all 30 kecamatan and 151 kelurahan, Cimencrang under both spellings", async () => {
    const g = buildGazetteer(await loadPlaces("config/places"));
    expect(g.kecamatan.size).toBe(30);
    expect(g.kelurahan.size).toBe(151);
    expect(hitsFor(g, "cimencrang")[0]?.place.name).toBe(hitsFor(g, "cimincrang")[0]?.place.name);
    expect(hitsFor(g, "borromeus").find((h) => h.place.kind === "landmark")?.place.name).toBe(
      "Rumah Sakit Santo Borromeus",
    );
  });
});
