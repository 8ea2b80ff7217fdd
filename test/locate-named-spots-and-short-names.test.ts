import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

const where = (text: string) => locate(g, { tokens: words(text), raw: text }).location;

describe("junctions, bridges, tunnels and housing estates not in the lists", () => {
  it.each([
    ["pagar jembatan cikapundung udah bolong", "Jembatan Cikapundung"],
    ["banjir lagi di komp. pharmindo blok c", "Komplek Pharmindo"],
    ["perum griya cempaka arum gelap gulita", "Perumahan Griya Cempaka Arum"],
    ["genangan di terowongan cisokan tiap hujan", "Terowongan Cisokan"],
    ["lampu lalin bundaran ciwastra mati", "Bundaran Ciwastra"],
  ])("%j names the spot as written", (text, landmark) => {
    expect(where(text)).toMatchObject({ source: "text", landmark });
  });

  it("an area named inside the estate's name still gives the kecamatan", () => {
    expect(where("komplek griya bumi antapani kebanjiran")).toMatchObject({
      kecamatan: "Antapani",
      landmark: "Komplek Griya Bumi",
    });
  });

  it("a listed street after the junction word is still that street", () => {
    expect(where("simpang dago macet parah")).toMatchObject({ street: "Jalan Ir. H. Djuanda" });
  });

  it.each(["jembatan rusak parah min", "perumahan baru bikin banjir", "simpang tiga itu rawan"])(
    "a kind with an everyday word after it names nothing (%j)",
    (text) => {
      expect(where(text).landmark).toBeUndefined();
    },
  );
});

describe("words of position in Sundanese, Javanese and run together", () => {
  it.each([
    ["hareupeun SMPN 40 aya nu mabok", "SMPN 40"],
    ["tukangeun SD 7 runtah numpuk", "SD 7"],
    ["ngarep SMK 9 dalane bolong", "SMK 9"],
    ["parkir liar didepan SMA 22", "SMA 22"],
  ])("%j points at the building after it", (text, landmark) => {
    expect(where(text)).toMatchObject({ source: "text", landmark });
  });

  it.each(["hareupeun imah abdi aya runtah", "ngarep omahku dalane rusak", "gigireun imah tatangga"])(
    "a home or a neighbour after the position word is no building's name (%j)",
    (text) => {
      expect(where(text).source).toBe("none");
    },
  );
});

describe("landmarks by the short names people use", () => {
  it.each([
    ["trotoar di bec dipake parkir motor", "Bandung Electronic Center", "Sumur Bandung"],
    ["demo di balkot bikin macet", "Taman Sejarah Balai Kota Bandung", "Sumur Bandung"],
    ["pasar palasari becek pisan", "Simpang Pasar Palasari", "Lengkong"],
  ])("%j", (text, landmark, kecamatan) => {
    expect(where(text)).toMatchObject({ source: "text", landmark, kecamatan });
  });

  it.each([
    ["antrian rs hasan sadikin sampai luar", { kelurahan: "Pasteur", kecamatan: "Sukajadi" }],
    ["sampah berserakan di bonbin", { kelurahan: "Lebak Siliwangi", kecamatan: "Coblong" }],
    ["lampu taman lansia pada mati", { kelurahan: "Citarum", kecamatan: "Bandung Wetan" }],
    ["parkir liar pas bola di gbla", { kelurahan: "Rancanumpang", kecamatan: "Gedebage" }],
    ["trotoar depan ciwalk dipake pkl", { street: "Jalan Cihampelas", kecamatan: "Coblong" }],
  ])("%j: a place named by what stands there gives its area", (text, expected) => {
    expect(where(text)).toMatchObject({ source: "text", ...expected });
  });

  it("a junction written with a space in its number form is still a junction cue", () => {
    expect(where("lampu merah per 3an merdeka mati")).toMatchObject({ street: "Jalan Merdeka" });
  });
});
