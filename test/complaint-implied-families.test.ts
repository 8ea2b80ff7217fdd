import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import { complaintFileSchema } from "../src/triage/lexicon-schema.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";

let model: TriageModel;
beforeAll(async () => {
  model = await loadTriageModel("config");
});
const run = (text: string): TriageVerdict => triage(model, { id: "t", text });

describe("implied problems: words that name no problem alone, but do together", () => {
  it.each([
    ["banyak mobil nongkrong di atas trotoar jl. Riau, pejalan kaki susah lewat", "a car on a sidewalk"],
    ["gerobak bakso mangkal di zebra cross depan sekolah", "a stall on a crossing"],
    ["gang kami tidak ada lampu jalan sama sekali pak, kalau malam", "a street light missing"],
    ["tolong dibenerin jalan depan SD kami pak", "a repair asked for a road"],
    ["emang boleh ya bangun kios di atas saluran air?", "is it even allowed?"],
  ])("a report: %s (%s)", (text) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(v.kind).toBe("keluhan");
  });

  it.each([
    "tidak ada motor di trotoar sekarang, mantap",
    "jalan di sini tidak ada yang rusak, aman",
    "kalau ada yang buang sampah sembarangan, foto aja",
  ])("negated or hypothetical, not a report: %s", (text) => {
    expect(run(text).disposition).toBe("audit");
  });

  it("children working a junction go to the desk even with no agency word", () => {
    const v = run("bocah bocah joget di perempatan buah batu sampai malam");
    expect(v.disposition).toBe("desk");
    expect(v.candidates.length).toBeGreaterThanOrEqual(3);
  });
});

describe("service failures with no breakdown word", () => {
  it.each([
    ["aspal jl. cikutra terkikis, kerikilnya kemana-mana", "dsdabm"],
    ["pelayanan KTP di kecamatan kurang jelas prosedurnya, petugasnya tidak ramah", "disdukcapil"],
    ["proyek jembatan di desa kami mangkrak sejak tahun lalu", "dsdabm"],
    ["sudah sebulan lapor tapi belum ada tanggapan soal pipa bocor", "tirtawening"],
    ["Kenapa dana BOS di sekolah anak saya belum turun juga?", "disdik"],
  ])("%s → %s", (text, agency) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(v.agency).toBe(agency);
  });
});

describe("asking for an official's action is a request, not an activity report", () => {
  it("mohon penertiban counts for the report, while a completed penertiban counts against", () => {
    const asked = run("mohon penertiban PKL di trotoar jalan Dalem Kaum");
    expect(asked).toMatchObject({ complaint: true, agency: "satpolpp" });
    expect(asked.evidence.some((e) => e.reason.startsWith("asked for, not done or seen"))).toBe(true);
    const done = run("Penertiban PKL di sepanjang jl. Merdeka oleh petugas Satpol PP pagi ini");
    expect(done.complaint).toBe(false);
  });
});

describe("courtesy is neither for nor against a report", () => {
  it("a question about a civil-registry service opening with salam and closing with thanks reaches Disdukcapil", () => {
    const v = run("Assalamualaikum pak, mau tanya syarat pengurusan KK baru apa saja ya? terima kasih");
    expect(v).toMatchObject({ complaint: true, kind: "pertanyaan" });
    expect(v.disposition === "desk" ? v.candidates[0]?.agency : v.agency).toBe("disdukcapil");
  });
});

describe("complaint.yaml's new sections are validated", () => {
  const base = { problems: { rusak: 2 }, requests: { mohon: 1 }, not_complaint: { promo: 2 } };

  it("a pair family needs both sides", () => {
    const r = complaintFileSchema.safeParse({
      ...base,
      threshold: 1.5,
      threshold_without_topic: 2.5,
      place_weight: 0.8,
      pairs: { misuse: { about: "x", weight: 2, a: ["motor"] } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.some((i) => i.path.join(".") === "pairs.misuse.b")).toBe(true);
  });

  it("asked_for and negated_good default to empty when left out", () => {
    const r = complaintFileSchema.parse({
      ...base,
      threshold: 1.5,
      threshold_without_topic: 2.5,
      place_weight: 0.8,
    });
    expect(r.asked_for.markers).toEqual([]);
    expect(r.negated_good.words).toEqual([]);
    expect(r.pairs).toEqual({});
  });
});
