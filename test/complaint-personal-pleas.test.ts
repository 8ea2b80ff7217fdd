import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";

let model: TriageModel;
beforeAll(async () => {
  model = await loadTriageModel("config");
});
const run = (text: string): TriageVerdict => triage(model, { id: "t", text });

describe("a personal plea about a public service is a report with no breakdown word", () => {
  it.each([
    ["pak kenapa keluarga kami tidak dapat bantuan PKH padahal suami sudah tidak bekerja", "dinsos"],
    ["kulo tiyang alit boten angsal bantuan sembako saking desa, mohon dibantu", "dinsos"],
    ["ibu saya dirawat di RSUD tapi tidak bisa pakai BPJS, kami butuh biaya pengobatan", "dinkes"],
    ["anak saya butuh biaya sekolah pak, saya tidak mampu bayar SPP", "disdik"],
  ])("%s → %s", (text, agency) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(v.candidates[0]?.agency).toBe(agency);
  });

  it.each([
    "alhamdulillah keluarga kami sudah dapat bantuan PKH bulan ini, terima kasih pak",
    "besok saya mau ke puskesmas buat imunisasi anak",
  ])("a family's news with no need is not a report: %s", (text) => {
    expect(run(text).disposition).toBe("audit");
  });
});

describe("a fee asked for a document, school or health service is a report", () => {
  it.each([
    ["bikin KK sama akta kelahiran sekarang gratis gak sih?", "disdukcapil"],
    ["sekolah anak saya minta sumbangan 500rb buat seragam, apa boleh begitu?", "disdik"],
    ["ganti alamat di KTP dikenai biaya 50rb di kelurahan, bener gitu?", "disdukcapil"],
  ])("%s → %s", (text, agency) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(v.candidates[0]?.agency).toBe(agency);
  });

  it("paying for parking is chatter, not a fee report", () => {
    expect(run("abis bayar parkir 5rb di mall, lumayan juga ya").disposition).toBe("audit");
  });
});

describe("an official activity report is vetoed whatever problem it names", () => {
  it.each([
    "Penindakan parkir liar di atas trotoar jl. Dipatiukur oleh tim gabungan kecamatan pagi ini",
    "PKL yang berjualan di trotoar alun alun telah ditertibkan bersama petugas Satpol PP",
  ])("not a report: %s", (text) => {
    const v = run(text);
    expect(v.disposition).toBe("audit");
    expect(v.evidence.some((e) => e.reason.startsWith("an official activity report"))).toBe(true);
  });

  it("a citizen asking for the action by a team is still a report", () => {
    const v = run("mohon penertiban PKL liar di trotoar jl. Kepatihan oleh petugas, sudah sangat semrawut");
    expect(v).toMatchObject({ complaint: true, agency: "satpolpp" });
  });
});

describe("how to obtain a public service is a question the city answers", () => {
  it("bagaimana cara mendapatkan KIS is a report for the owning agency's topic", () => {
    const v = run("mohon info bagaimana cara mendapatkan KIS untuk ibu saya yang sudah lansia");
    expect(v.complaint).toBe(true);
  });
});

describe("`sma` is chat for `sama` as often as it is a school", () => {
  it("is not expanded to a school, yet still counts for disdik on its own", () => {
    const chat = run("jalan di depan rumah rusak parah, sma kayak tahun lalu pak");
    expect(chat.candidates[0]?.agency).toBe("dsdabm");
    expect(run("pungutan di SMA negeri 3 mahal sekali pak").candidates[0]?.agency).toBe("disdik");
  });
});
