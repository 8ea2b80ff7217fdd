import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildAgencyMatcher, scoreAgencies, type AgencyMatcher } from "../src/triage/agency-rules.js";
import { buildSlangLexicon, normalise, type SlangLexicon } from "../src/triage/normalise.js";
import type { AgencyFile } from "../src/triage/agency-schema.js";

let slang: SlangLexicon;
let matcher: AgencyMatcher;
beforeAll(async () => {
  const cfg = await loadTriageConfig("config");
  slang = buildSlangLexicon({ words: cfg.slang.words, particles: cfg.slang.particles });
  matcher = buildAgencyMatcher(cfg.agencies, slang);
});
const top = (text: string): string | null => scoreAgencies(matcher, normalise(text, slang)).top;

describe("agency rules on the Bandung configuration", () => {
  it.each([
    ["jln Kiaracondong berlubang gede bgt, motor sy hampir jatoh", "dsdabm"],
    ["aspal di jl. Terusan Jakarta ambles, bahaya", "dsdabm"],
    ["selokan depan rumah mampet, tiap hujan tergenang", "dsdabm"],
    ["gorong2 di gang kami jebol pak", "dsdabm"],
    ["lampu merah per4an Kopo udh 2 hari mati", "dishub"],
    ["PJU sepanjang jl Soekarno Hatta mati semua, gelap", "dishub"],
    ["parkir liar makan setengah jalan di depan minimarket", "dishub"],
    ["angkot ngetem sembarangan di mulut gang bikin macet", "dishub"],
    ["sampah di TPS Cicadas numpuk udh seminggu", "dlh"],
    ["truk sampah ga dateng2, bau busuk", "dlh"],
    ["pohon di taman kering dan rapuh, takut roboh", "disperkim"],
    ["lampu taman di taman lansia mati semua", "disperkim"],
    ["air PDAM ga ngocor dari kemarin", "tirtawening"],
    ["cai teu ngocor tos saminggon", "tirtawening"],
    ["air ledeng keruh kecoklatan", "tirtawening"],
    ["pipa bocor di gang, airnya muncrat", "tirtawening"],
    ["ada kebakaran rumah di Babakan Ciparay, api makin besar", "diskarpb"],
    ["tebing longsor nutup jalan di Cidadap", "diskarpb"],
    ["ada ular kobra masuk rumah warga", "diskarpb"],
    ["PKL jualan di trotoar sampai pejalan kaki turun ke jalan", "satpolpp"],
    ["bangunan liar berdiri di atas saluran, tanpa IMB", "satpolpp"],
    ["supir angkot ngerokok terus, asapnya kemana2", "satpolpp"],
    ["pengemis anak kecil maksa minta uang di lampu merah", "dinsos"],
    ["ada ODGJ telantar tidur di emperan toko", "dinsos"],
    ["pengamen maksa di angkot, serem", "dinsos"],
    ["puskesmas tutup padahal jam pelayanan", "dinkes"],
    ["di RW kami banyak yang kena DBD, mohon fogging", "dinkes"],
    ["pungutan sekolah pas daftar ulang mahal bgt", "disdik"],
    ["sistem zonasi PPDB bikin anak saya ga dapet sekolah", "disdik"],
    ["KTP-el blm jadi2, katanya blanko habis", "disdukcapil"],
    ["bikin akta kelahiran anak ribet bgt", "disdukcapil"],
    ["listrik padam dari jam 7, kapan nyala?", "pln"],
    ["mati lampu lagi di Cibiru, ini kenapa", "pln"],
    ["motor tetangga dibegal semalam di jalan sepi", "polisi"],
    ["copet beraksi di angkot jurusan Cicaheum", "polisi"],
  ])("routes %j to %s", (text, agency) => {
    expect(top(text)).toBe(agency);
  });

  it("reads a weak word only with its context: `lampu` alone says nothing", () => {
    expect(top("lampu di rumah saya bagus")).toBeNull();
    expect(top("lampu di jalan depan rumah mati")).toBe("dishub");
  });

  it("matches phrases on stems, so berlubang/lubang and perbaikan/diperbaiki both hit", () => {
    const s1 = scoreAgencies(matcher, normalise("jalannya berlubang", slang));
    const s2 = scoreAgencies(matcher, normalise("banyak lubang di jalan", slang));
    expect(s1.top).toBe("dsdabm");
    expect(s2.top).toBe("dsdabm");
  });

  it("names the phrase behind each point of score as evidence", () => {
    const s = scoreAgencies(matcher, normalise("lampu merah mati, lalu lintas semrawut", slang));
    expect(s.evidence.some((e) => e.field === "agency" && e.reason.includes("lampu merah"))).toBe(true);
    expect(s.candidates[0]).toEqual({ agency: "dishub", score: expect.any(Number) as number });
  });

  it("ranks both agencies of a two-problem tweet", () => {
    const s = scoreAgencies(
      matcher,
      normalise("sampah numpuk di pinggir jalan, terus lampu PJU juga mati", slang),
    );
    expect(
      s.candidates
        .map((c) => c.agency)
        .slice(0, 2)
        .sort(),
    ).toEqual(["dishub", "dlh"]);
  });

  it("counts the agency's own account as a hint", () => {
    const s = scoreAgencies(matcher, normalise("@pdamtirtawening teu ngocor", slang));
    expect(s.top).toBe("tirtawening");
    expect(s.evidence.some((e) => e.reason.includes("mentions"))).toBe(true);
  });

  it("does not count a phrase twice when two spellings stem alike", () => {
    const once = scoreAgencies(matcher, normalise("macet", slang)).candidates[0]?.score;
    const twice = scoreAgencies(matcher, normalise("kemacetan", slang)).candidates[0]?.score;
    expect(twice).toBe(once);
  });

  it("reports a tie instead of choosing, and gives full confidence to a lone clear winner", () => {
    const agencies: AgencyFile[] = [
      { id: "alpha", name: "A", short_name: "A", kind: "agency", keywords: { sampah: 2 } },
      { id: "beta", name: "B", short_name: "B", kind: "agency", keywords: { sampah: 2, selokan: 3 } },
    ];
    const m = buildAgencyMatcher(agencies, slang);
    const tie = scoreAgencies(m, normalise("sampah", slang));
    expect(tie.tied).toBe(true);
    expect(tie.top).toBeNull();
    const clear = scoreAgencies(m, normalise("selokan penuh sampah", slang));
    expect(clear.top).toBe("beta");
    expect(clear.confidence).toBeGreaterThan(0.3);
    expect(clear.confidence).toBeLessThan(1);
  });
});
