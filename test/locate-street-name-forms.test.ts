import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

const where = (text: string) => locate(g, { tokens: words(text), raw: text }).location;

describe("street names written with titles, numbers and longer names", () => {
  it.each([
    ["trotoar jl raa wiranatakusumah dipake jualan", "Jalan Raden Adipati Aria Wiranatakusumah", "Coblong"],
    ["pohon tumbang di Jl. R.A.A. Wiranatakusumah", "Jalan Raden Adipati Aria Wiranatakusumah", "Coblong"],
    ["jl raden adipati aria wiranatakusumah gelap", "Jalan Raden Adipati Aria Wiranatakusumah", "Coblong"],
  ])(
    "a title of several words before the name (%j) names the city's street, not its namesake outside",
    (text, street, kecamatan) => {
      expect(where(text)).toMatchObject({ source: "text", street, kecamatan });
    },
  );

  it.each([
    ["air mampet di jl kenanga iv babakan sari", "Babakan Sari"],
    ["got meluap di jl. anggrek ii kebon pisang", "Kebon Pisang"],
  ])(
    "an area after a street's number or roman part is read with the street's cue (%j)",
    (text, kelurahan) => {
      expect(where(text)).toMatchObject({ source: "text", kelurahan });
    },
  );

  it("a street whose name begins with a name head keeps its whole name over a popular name inside it", () => {
    const loc = where("aspal jl. bukit dago utara ngelupas");
    expect(loc.street).toBe("Jl. Bukit Dago Utara");
    expect(loc.street).not.toBe("Jalan Ir. H. Djuanda");
  });

  it("the popular name alone after a cue is still the street it stands for", () => {
    expect(where("jl dago macet banget")).toMatchObject({ street: "Jalan Ir. H. Djuanda" });
  });
});
