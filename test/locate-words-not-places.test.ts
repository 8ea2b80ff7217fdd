import { beforeAll, describe, expect, it } from "vitest";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

let g: Gazetteer;
beforeAll(async () => {
  g = await shippedGazetteer();
});

describe("everyday words that happen to be place names", () => {
  it.each([
    "jalan rusak parah banget tolong diperbaiki",
    "lampu jalan mati sudah seminggu",
    "sampah menumpuk di pinggir jalan baunya parah",
    "pasar tradisional kotor banyak sampah",
    "di pasar banyak sampah berserakan",
    "tolong pak wali jalan di depan rumah saya berlubang",
    "jalanan baru diaspal sudah rusak lagi",
    "pkl liar makan bahu jalan tengah kota",
    "air ledeng di rumah gak keluar dari subuh",
    "merdeka! tapi jalan masih bolong",
    "sayuran di pasar mahal banget",
    "gurame bakar enak di sini",
    "dirgahayu ri ke 80, merdeka",
    "peta banjir kota sudah ada belum pak",
    "anak jalanan di lampu merah makin banyak",
    "sederhana aja pak, angkut sampahnya",
    "garuda di dadaku, jalan di kampungku rusak",
    "baru aja lewat, macet banget",
    "di tengah jalan ada lubang besar",
    "sekolah negeri pungli ppdb",
    "viking konvoi bikin macet",
    "naik damri lama banget datangnya",
  ])("finds no place in %j", (text) => {
    expect(locate(g, { tokens: words(text) }).location).toEqual({ source: "none" });
  });

  it.each([
    ["dago macet", "a short name with no cue before it"],
    ["kopo banjir lagi", "a short name with no cue before it"],
    ["cihapit", "a one-word tweet is still a distinctive name"],
  ])("treats %j as %s", (text, why) => {
    const { location } = locate(g, { tokens: words(text) });
    if (why.startsWith("a short")) expect(location.source).toBe("none");
    else expect(location).toMatchObject({ source: "text", kelurahan: "Cihapit" });
  });

  it.each([
    ["jalan pasar", "pasar is a kind of place, not a name"],
    ["di baru", "baru is an everyday word"],
    ["di tengah", "tengah is an everyday word"],
    ["di jalan", "jalan is a cue, not a name"],
  ])("does not stretch %j into a similar-looking name (%s)", (text) => {
    expect(locate(g, { tokens: words(text) }).location.source).toBe("none");
  });
});
