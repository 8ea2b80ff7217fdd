import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildAgencyMatcher, scoreAgencies, type AgencyMatcher } from "../src/triage/agency-rules.js";
import { buildSlangLexicon, normalise, type SlangLexicon } from "../src/triage/normalise.js";

let slang: SlangLexicon;
let matcher: AgencyMatcher;
beforeAll(async () => {
  const cfg = await loadTriageConfig("config");
  slang = buildSlangLexicon({ words: cfg.slang.words, particles: cfg.slang.particles });
  matcher = buildAgencyMatcher(cfg.agencies, slang, cfg.placeWords);
});
const score = (text: string) => scoreAgencies(matcher, normalise(text, slang));
const agencies = (text: string): string[] => score(text).candidates.map((c) => c.agency);

describe("place words read as places, not topics", () => {
  it.each([
    // a place after fillers and in a list of places
    ["banyak pengemis di setiap perempatan / lampu merah kota, mohon ditertibkan", "dinsos", "dishub"],
    ["anak punk nongkrong di tiap lampu merah sampai malam", "dinsos", "dishub"],
    // Javanese and Sundanese words of position
    ["lampu jalan kulon puskesmas Bobotsari mati sudah seminggu", "dishub", "dinkes"],
    ["runtah numpuk hareupeun SD Cikutra, bau pisan", "dlh", "disdik"],
    // an office is a landmark after a word of position, not after `ke`
    ["pohon besar depan PDAM Kalimanah miring, takut roboh", "disperkim", "tirtawening"],
    ["PKL jualan di trotoar samping polsek Cicendo", "satpolpp", "polisi"],
    // a pole or a factory as the spot
    ["banyak stiker sedot WC ditempel di tiang listrik sepanjang jalan", "satpolpp", "pln"],
  ])("%s → %s, not %s", (text, agency, notTopic) => {
    const s = score(text);
    expect(s.top).toBe(agency);
    expect(s.candidates.map((c) => c.agency)).not.toContain(notTopic);
    expect(s.evidence.some((e) => e.reason.includes("names a place here"))).toBe(true);
  });

  it.each([
    // an institution's own conduct makes it the topic where it is named as the place
    ["ada pungli di sekolah negeri, orang tua diminta bayar", "disdik"],
    ["orang tua diminta sumbangan wajib di sekolah padahal katanya gratis", "disdik"],
    ["pasien BPJS ditolak di rumah sakit, disuruh pulang", "dinkes"],
  ])("%s → %s: the institution's own conduct, not just the spot", (text, agency) => {
    expect(score(text).top).toBe(agency);
  });

  it("keeps a school as only the spot when what happens there is another agency's", () => {
    expect(agencies("banjir di depan sekolah, air selutut")).not.toContain("disdik");
    expect(score("pengemis di lampu merah dekat sekolah tiap hari").top).toBe("dinsos");
  });

  it("keeps an office as the topic after `ke`: `lapor ke PDAM` is about water", () => {
    expect(score("sudah lapor ke PDAM tapi tagihan tetap naik").top).toBe("tirtawening");
    expect(score("bikin SKCK di polres lama sekali").top).toBe("polisi");
  });

  it("counts a later occurrence that is not a place: `di puskesmas … petugas puskesmas`", () => {
    const s = score("saya periksa di puskesmas kemarin, petugas puskesmas malah menolak");
    expect(s.top).toBe("dinkes");
  });

  it("reads a context word where its context stands, not only at its first occurrence", () => {
    expect(score("jalan ke pasar tiap pagi ramai, nah jalan di gang kami rusak parah").top).toBe("dsdabm");
  });
});

describe("an effect of another topic weighs less than its cause", () => {
  it("halves a problem after `menyebabkan` when another agency's topic stands before it", () => {
    const s = score("trotoar dipakai pedagang berjualan, menyebabkan banjir dan kecelakaan");
    expect(s.top).toBe("satpolpp");
    expect(s.evidence.some((e) => e.reason.includes("an effect of another topic"))).toBe(true);
  });

  it("keeps the full weight when nothing else is named as the cause", () => {
    const s = score("pabrik di desa kami menimbulkan polusi udara tiap malam");
    expect(s.top).toBe("dlh");
    expect(s.evidence.some((e) => e.reason.includes("an effect of another topic"))).toBe(false);
  });

  it("still routes by the effect when it is the only topic", () => {
    expect(agencies("hujan sebentar saja sehingga banjir lagi di gang kami")).toContain("dsdabm");
  });
});
