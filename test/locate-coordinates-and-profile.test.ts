import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

describe("where a complaint is when the tweet carries coordinates", () => {
  it.each([
    // [lon, lat], kecamatan, kelurahan: points taken from the landmark list (ITB, Gedung Sate, Leuwipanjang).
    [[107.6105, -6.8906], "Coblong", "Lebak Siliwangi"],
    [[107.6187, -6.9025], "Bandung Wetan", "Citarum"],
    [[107.5932, -6.946], "Bojongloa Kidul", "Situsaeur"],
  ] as const)("puts %j in kecamatan %s, kelurahan %s", (point, kecamatan, kelurahan) => {
    const { location, evidence } = locate(g, {
      tokens: words("jalan berlubang"),
      coordinates: [point[0], point[1]],
    });
    expect(location).toEqual({ kecamatan, kelurahan, lon: point[0], lat: point[1], source: "coordinates" });
    expect(evidence[0]?.reason).toContain(`kecamatan ${kecamatan}`);
  });

  it("trusts coordinates over a place named in the text", () => {
    const { location } = locate(g, {
      tokens: words("kec gedebage banjir"),
      coordinates: [107.6105, -6.8906],
    });
    expect(location).toMatchObject({ source: "coordinates", kecamatan: "Coblong" });
  });

  it.each([
    ["Jakarta", [106.8272, -6.1754]],
    ["Cimahi", [107.5425, -6.8722]],
    ["nonsense", [Number.NaN, 200]],
  ] as const)("ignores coordinates in %s and falls back to the text", (_where, point) => {
    const { location, evidence } = locate(g, {
      tokens: words("jln pagarsih banjir"),
      coordinates: [point[0], point[1]],
    });
    expect(location).toMatchObject({ source: "text", kecamatan: "Bojongloa Kaler" });
    expect(evidence[0]?.reason).toContain("outside Kota Bandung");
  });
});

describe("the place X attached and the author's profile location", () => {
  it.each([
    ["Coblong, Indonesia", { kecamatan: "Coblong" }],
    ["Sukajadi, Indonesia", { kecamatan: "Sukajadi" }],
    ["Cihapit, Bandung", { kecamatan: "Bandung Wetan", kelurahan: "Cihapit" }],
  ])("uses the attached place %j when the text names none", (place, expected) => {
    const { location } = locate(g, { tokens: words("sampah numpuk"), place_tokens: words(place) });
    expect(location).toEqual({ ...expected, source: "place" });
  });

  it("skips an attached place that is only the city and reads the text instead", () => {
    const { location } = locate(g, {
      tokens: words("kel sekeloa banjir"),
      place_tokens: words("Bandung, Indonesia"),
    });
    expect(location).toMatchObject({ source: "text", kelurahan: "Sekeloa" });
  });

  it.each([
    ["Dago, Bandung", { kecamatan: "Coblong", kelurahan: "Dago" }],
    ["Antapani - Bandung", { kecamatan: "Antapani" }],
    ["Buahbatu, Kota Bandung", { kecamatan: "Buahbatu" }],
  ])("falls back to the profile location %j as a weak hint", (profile, expected) => {
    const { location, evidence } = locate(g, {
      tokens: words("lampu jalan mati"),
      profile_tokens: words(profile),
    });
    expect(location).toMatchObject({ ...expected, source: "profile" });
    expect(evidence[0]?.reason).toContain("weak hint");
  });

  it("prefers a place named in the text over the profile", () => {
    const { location } = locate(g, {
      tokens: words("dpn rs borromeus macet"),
      profile_tokens: words("Cibiru, Bandung"),
    });
    expect(location).toMatchObject({ source: "text", kecamatan: "Coblong" });
  });

  it.each(["Bandung, Jawa Barat", "Bandung", "Kota Kembang"])(
    "gives no location for a profile %j that names only the city",
    (profile) => {
      const { location } = locate(g, { tokens: words("air mati"), profile_tokens: words(profile) });
      expect(location).toEqual({ source: "none" });
    },
  );

  it("says why a city-only profile was not used", () => {
    const { evidence } = locate(g, {
      tokens: words("air mati"),
      profile_tokens: words("Bandung, Jawa Barat"),
    });
    expect(evidence).toEqual([
      {
        field: "location",
        reason: expect.stringContaining("only the city") as string,
        match: "bandung jawa barat",
      },
    ]);
  });

  it.each(["Jakarta Selatan", "Kebon Jeruk, Jakarta", "Bekasi"])(
    "does not read the profile %j as a Bandung place",
    (profile) => {
      const { location } = locate(g, { tokens: words("jalan rusak"), profile_tokens: words(profile) });
      expect(location.source).toBe("none");
    },
  );

  it("gives no location and no evidence when there is nothing to go on", () => {
    expect(locate(g, { tokens: [] })).toEqual({ location: { source: "none" }, evidence: [] });
  });
});
