import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { isDictionaryWord } from "../src/triage/place-unlisted-street.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

describe("a street missing from the street list, named after a street cue", () => {
  it.each([
    ["air pdam ga ngalir 3 hari di gg mawarsari", "Gg. Mawarsari"],
    ["lampu jalan di jln kalijati 2 mati", "Jl. Kalijati"],
    ["jalan sukaresmi rusak parah tolong diaspal", "Jl. Sukaresmi"],
    ["Alamat: gg.sekepanjang no 12, air bau", "Gg. Sekepanjang"],
    ["banjir lagi di jl raya cijerokaso", "Jl. Raya Cijerokaso"],
    ["jl. taman hanjuang indah banyak sampah", "Jl. Taman Hanjuang"],
    ["jalan bukit jarian selatan gelap pak", "Jl. Bukit Jarian Selatan"],
  ])("reads %j as the street %j with no kecamatan of its own", (text, street) => {
    const { location, evidence } = locate(g, { tokens: words(text) });
    expect(location.street).toBe(street);
    expect(location.source).toBe("text");
    expect(evidence.some((e) => e.reason.includes("not in the street list"))).toBe(true);
  });

  it("takes the kecamatan from a kelurahan named with it, and keeps the street", () => {
    const { location } = locate(g, { tokens: words("air mati di gg wulukusari kel. babakan sari") });
    expect(location).toMatchObject({
      source: "text",
      street: "Gg. Wulukusari",
      kelurahan: "Babakan Sari",
      kecamatan: "Kiaracondong",
    });
  });

  it("prefers a listed street over an unlisted one", () => {
    const { location } = locate(g, { tokens: words("dari gg. marjuk ke jalan pagarsih macet") });
    expect(location.street).toMatch(/^Jalan Pagarsih/);
  });

  it.each([
    "jalan rusak parah banget",
    "capek jalan kaki dari terminal",
    "jalan-jalan sore ke alun alun kota macet",
    "jalan terus aja pak, gak ada yang peduli",
    "jalan butut pisan euy",
    "jalannya berlubang dan becek",
    "jalan diperbaiki tapi ditutup total",
    "jalan gede meni poek",
    "jalan ora tau diaspal",
    "jalan apbd kok cepat rusak",
    "jalan 2 minggu belum dibenerin",
    "jalan gitu aja sudah macet",
    "gang sempit banget susah lewat",
    "jalan taman",
  ])("finds no street in %j", (text) => {
    expect(locate(g, { tokens: words(text) }).location.street).toBeUndefined();
  });
});

describe("which words count as Indonesian words, affixes peeled", () => {
  it.each([
    ["berlubang", true],
    ["diperbaiki", true],
    ["menutup", true],
    ["perbaikannya", true],
    ["dibetulin", true],
    ["sekepondok", false],
    ["arumsari", false],
    ["dipatiukur", false],
    ["cingised", false],
  ])("%s → %s", (word, expected) => {
    expect(isDictionaryWord(word)).toBe(expected);
  });
});

describe("a misspelt word never lands on a business without its kind word", () => {
  it("reads an exact hotel name, and a misspelt one only after the word hotel", () => {
    expect(locate(g, { tokens: words("macet di santika") }).location.landmark).toBe("Hotel Santika");
    expect(locate(g, { tokens: words("macet depan hotel santica") }).location.landmark).toBe("Hotel Santika");
    expect(locate(g, { tokens: words("macet di santica") }).location.landmark).toBeUndefined();
    expect(locate(g, { tokens: words("banjir di grand pasundn") }).location.landmark).toBeUndefined();
  });

  it("still reads a misspelt public landmark with or without its kind", () => {
    expect(locate(g, { tokens: words("antri di terminal leuwipanjag") }).location.landmark).toBe(
      "Terminal Leuwipanjang",
    );
    expect(locate(g, { tokens: words("depan rs borromeous") }).location.landmark).toBe(
      "Rumah Sakit Santo Borromeus",
    );
  });
});
