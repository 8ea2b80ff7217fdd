import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

const where = (text: string) => locate(g, { tokens: words(text) });

describe("place names in the text of a complaint", () => {
  it.each([
    [
      "jln pagarsih banjir lagi, mobil gk bisa lewat",
      { kecamatan: "Bojongloa Kaler", street: "Jalan Pagarsih Barat" },
    ],
    ["Jl. Sangkuriang rusak parah min", { kecamatan: "Coblong", street: "Jalan Sangkuriang" }],
    ["jalan dipatiukur macet total dr pagi", { kecamatan: "Coblong", street: "Jalan Dipatiukur" }],
    ["perempatan buah batu lampu merahnya mati", { kecamatan: "Bandung Kidul", street: "Jalan Buah Batu" }],
    ["jl dr djunjunan banyak lubang", { street: "Jalan Dr. Djunjunan" }],
    ["jl. juanda dpn superindo macet", { kecamatan: "Coblong", street: "Jalan Ir. H. Djuanda" }],
    ["jalan merdeka trotoarnya dipake pkl", { kecamatan: "Sumur Bandung", street: "Jalan Merdeka" }],
  ])("finds the street in %j", (text, expected) => {
    const { location } = where(text);
    expect(location).toMatchObject({ source: "text", ...expected });
  });

  it.each([
    ["lampu merah dpn RS Borromeus mati", "Rumah Sakit Santo Borromeus", "Coblong", "Lebak Gede"],
    ["sampah numpuk di terminal leuwipanjang", "Terminal Leuwipanjang", "Bojongloa Kidul", "Situsaeur"],
    ["sampah numpuk di terminal leuwi panjang", "Terminal Leuwipanjang", "Bojongloa Kidul", "Situsaeur"],
    ["depan rumah sakit santo borromeus parkir liar", "Rumah Sakit Santo Borromeus", "Coblong", "Lebak Gede"],
    ["deket ITB banyak pengamen", "ITB", "Coblong", "Lebak Siliwangi"],
    ["pasar baru macet parah tiap sore", "Pasar Baru", "Sumur Bandung", "Braga"],
    ["psr kosambi becek sampahnya bau", "Pasar Kosambi", "Sumur Bandung", "Kebon Pisang"],
  ])("finds the landmark in %j with its point", (text, landmark, kecamatan, kelurahan) => {
    const { location } = where(text);
    expect(location).toMatchObject({ source: "text", landmark, kecamatan, kelurahan });
    expect(location.lat).toBeLessThan(-6.8);
    expect(location.lon).toBeGreaterThan(107.5);
  });

  it.each([
    ["kec. coblong banjir di mana2", { kecamatan: "Coblong" }],
    ["kel sekeloa sampah gak diangkut", { kecamatan: "Coblong", kelurahan: "Sekeloa" }],
    ["macet di dago", { kecamatan: "Coblong", kelurahan: "Dago" }],
    ["banjir di pasteur", { kecamatan: "Sukajadi", kelurahan: "Pasteur" }],
    ["sekitar gegerkalong air mati", { kecamatan: "Sukasari", kelurahan: "Gegerkalong" }],
    ["kecamatan bandung wetan", { kecamatan: "Bandung Wetan" }],
    ["batununggal banjir", { kecamatan: "Batununggal" }],
    ["kel. cimincrang jalannya rusak", { kecamatan: "Gedebage", kelurahan: "Cimincrang" }],
    ["daerah cimencrang banjir", { kecamatan: "Gedebage", kelurahan: "Cimincrang" }],
  ])("finds the area in %j", (text, expected) => {
    expect(where(text).location).toMatchObject({ source: "text", ...expected });
  });

  it.each([
    // popular names of areas (config/places/aliases.csv)
    ["rel kereta di kircon macet parah tiap sore", { kecamatan: "Kiaracondong" }],
    ["lampu jalan di bubat mati semua", { kecamatan: "Buahbatu" }],
    ["banjir di ujung berung, air setinggi lutut", { kecamatan: "Ujungberung" }],
    ["air pdam di kel ankid teu ngocor", { kecamatan: "Antapani", kelurahan: "Antapani Kidul" }],
    ["parkir liar di bandara bikin macet", { kecamatan: "Cicendo", kelurahan: "Husein Sastranegara" }],
    ["banyak pengemis di masjid agung", { kecamatan: "Regol", kelurahan: "Balong Gede" }],
    // the office of the lurah as a cue, a misspelt kelurahan after it
    ["sampah numpuk dekat kntr lurah cgending", { kecamatan: "Ujungberung", kelurahan: "Cigending" }],
    // a park and a terminal by their short forms
    ["air mancur di tmn vanda mati", { landmark: "Taman Vanda" }],
    // the parts of an address cue the kelurahan after them
    ["air ga ngalir jl kenanga no 12 rt 3 rw 10 babakan sari", { kelurahan: "Babakan Sari" }],
    // a street cue before an area with no street of that name: the street runs through the area
    ["lampu pju di jalan lengkong mati", { kecamatan: "Lengkong" }],
    // a street named as a street wins over a kelurahan named elsewhere
    [
      "trotoar jl. cihampelas rusak, coba kayak di braga",
      { street: "Jalan Cihampelas", kecamatan: "Coblong" },
    ],
  ])("finds a place by its popular name, address or street cue in %j", (text, expected) => {
    expect(where(text).location).toMatchObject({ source: "text", ...expected });
  });

  it.each([
    ["macet di dpn rs borromeous", "Rumah Sakit Santo Borromeus"],
    ["sampah di terminal leuwipanjag", "Terminal Leuwipanjang"],
  ])("reads the misspelt landmark in %j and says it guessed", (text, landmark) => {
    const { location, evidence } = where(text);
    expect(location.landmark).toBe(landmark);
    expect(evidence[0]?.reason).toMatch(/similarity 0\.9\d/);
  });

  it.each([
    ["dkt rs boromeus ada pohon rawan tumbang", "Rumah Sakit Santo Borromeus"],
    ["sampah di terminal leuwipanjanng", "Terminal Leuwipanjang"],
  ])("treats doubled or single letters in %j as the same name", (text, landmark) => {
    const { location, evidence } = where(text);
    expect(location.landmark).toBe(landmark);
    expect(evidence[0]?.reason).not.toContain("similarity");
  });

  it.each([
    ["jalan cihampelaz macet", "Jalan Cihampelas"],
    ["di jl pagarsi banjir", "Jalan Pagarsih Barat"],
    ["kel sekelowa sampah", undefined],
  ])("reads the misspelt name in %j", (text, street) => {
    const { location } = where(text);
    expect(location.source).toBe("text");
    if (street) expect(location.street).toBe(street);
    else expect(location.kelurahan).toBe("Sekeloa");
  });

  it("says which kecamatan a street spans and which one it took", () => {
    const { location, evidence } = where("jln pagarsih banjir lagi");
    expect(location.kecamatan).toBe("Bojongloa Kaler");
    const e = evidence.find((x) => x.field === "location");
    expect(e?.match).toBe("jln pagarsih");
    expect(e?.reason).toContain("Bojongloa Kaler 43%, Astanaanyar 34%, Babakan Ciparay 23%");
  });

  it("uses the part inside the city of a street that lies mostly outside it", () => {
    const { location, evidence } = where("jl sangkuriang gelap lampunya mati");
    expect(location.kecamatan).toBe("Coblong");
    expect(evidence[0]?.reason).toContain("82% of it lies outside Kota Bandung");
  });

  it("lets a kelurahan named beside a street choose among the kecamatan the street crosses", () => {
    const { location } = where("jalan cihampelas kel cipaganti trotoar rusak");
    expect(location).toMatchObject({
      kecamatan: "Coblong",
      kelurahan: "Cipaganti",
      street: "Jalan Cihampelas",
    });
  });

  it("prefers a landmark over the street it stands on and keeps both", () => {
    const { location } = where("jl dipatiukur depan unpad banyak parkir liar");
    expect(location).toMatchObject({ kecamatan: "Coblong", landmark: "UNPAD", street: "Jalan Dipatiukur" });
  });

  it("reports a name that disagrees with the rest and does not use it", () => {
    const { location, evidence } = where("kel sekeloa coblong, bukan kec gedebage");
    expect(location.kecamatan).toBe("Coblong");
    expect(evidence.some((e) => e.reason.includes("ignored") && e.match.includes("gedebage"))).toBe(true);
  });

  it("shows a street wholly outside the city with no kecamatan, and says why", () => {
    const { location, evidence } = where("jalan raya lembang macet parah");
    expect(location).toEqual({ source: "text", street: "Jalan Raya Lembang" });
    expect(evidence[0]?.reason).toContain("outside Kota Bandung");
  });
});

describe("popular names and short forms from aliases.csv", () => {
  it.each([
    ["flyover pasupati macet parah sore ini", { street: "Jalan Layang Professor Mochtar Kusumaatmadja" }],
    ["lampu jalan di soetta mati semua", { street: "Jalan Soekarno-Hatta" }],
    ["trotoar otista dipake parkir motor", { street: "Jalan Otto Iskandardinata" }],
    ["banyak pengamen di depan BIP", { landmark: "Bandung Indah Plaza" }],
    ["parkir liar di depan tsm bikin macet", { landmark: "Trans Studio Mall" }],
  ])("finds %j", (text, expected) => {
    expect(where(text).location).toMatchObject({ source: "text", ...expected });
  });
});
