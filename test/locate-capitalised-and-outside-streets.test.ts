import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { capitalisedStreetWords } from "../src/triage/place-unlisted-street.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

const where = (text: string) => locate(g, { tokens: words(text), raw: text });

describe("small streets named with dictionary words, capitalised after a street cue", () => {
  it.each([
    ["Gg. Melati Indah banjir sebetis", "Gg. Melati Indah"],
    ["sampah di gg Kenanga Putih belum diangkut", "Gg. Kenanga Putih"],
    ["jl. Pelangi Senja gelap, lampunya mati", "Jl. Pelangi Senja"],
  ])("%j names the street", (text, street) => {
    expect(where(text).location).toMatchObject({ source: "text", street });
  });

  it.each(["gg melati indah banjir sebetis", "Jalan Rusak Parah Di Sini", "Jalan Kenanga Putih Banjir"])(
    'lower case, or title case with a full "Jalan", is not read as a name (%j)',
    (text) => {
      expect(where(text).location.street).toBeUndefined();
    },
  );

  it("collects the capitalised run after an abbreviated or lower-case cue, past 'raya'", () => {
    expect([
      ...capitalisedStreetWords("macet di jl. Kenanga Putih tiap pagi, jalan raya Lembang juga"),
    ]).toEqual(["kenanga", "putih", "lembang"]);
    expect(capitalisedStreetWords("Jalan Kenanga Putih Banjir").size).toBe(0);
  });
});

describe("a listed street that lies wholly outside the city", () => {
  it("is shown with no kecamatan when named after a street cue by a town's name", () => {
    const { location, evidence } = where("antrian truk di jalan raya lembang bikin macet");
    expect(location).toEqual({ source: "text", street: "Jalan Raya Lembang" });
    expect(evidence.some((e) => e.reason.includes("outside Kota Bandung"))).toBe(true);
  });

  it("is not taken from an everyday word after the cue", () => {
    expect(where("pkl makan bahu jalan tengah kota").location.source).toBe("none");
  });

  it("gives way to a place inside the city named in the same tweet", () => {
    expect(where("jalan raya lembang sampai setiabudi macet").location).toMatchObject({
      kecamatan: expect.any(String),
    });
  });
});
