import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { normalise } from "../src/triage/normalise.js";
import type { SlangLexicon } from "../src/triage/normalise.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";

let model: TriageModel;
let slang: SlangLexicon;
beforeAll(async () => {
  const setup = await loadTriageSetup("config");
  model = setup.model;
  slang = setup.model.slang;
});

const run = (text: string): TriageVerdict => triage(model, { id: "t", text });
const routedTo = (v: TriageVerdict): string | null | undefined =>
  v.disposition === "desk" ? v.candidates[0]?.agency : v.agency;

describe("a harm feared from something in a public place is a report", () => {
  it.each([
    ["lubang di jalan Cijerah tolong ditutup pak, takut ada motor yang jatuh"],
    ["tutup selokan di Jl. Pasirkoja bolong, khawatir anak-anak terperosok"],
    ["kabel PJU menjuntai ke trotoar, takut ada yang kesetrum pas hujan"],
  ])("%s", (text) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(v.evidence.some((e) => e.reason.startsWith("a harm to people feared"))).toBe(true);
  });

  it("fear with no city matter is chatter", () => {
    expect(run("aku takut jatuh cinta lagi sama kamu").complaint).toBe(false);
  });
});

describe("a public space turned over to vehicles or trade", () => {
  it.each([
    ["trotoar Dago baru dibangun bagus eh malah jadi jalan motor tiap sore", "dishub"],
    ["pagi2 motor pada naik ke trotoar di Jl. Merdeka biar ga kena macet", "dishub"],
    ["ojol nerobos trotoar Cihampelas tiap jam pulang kantor, pejalan kaki kepepet", "dishub"],
  ] as const)("%s → %s", (text, agency) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(routedTo(v)).toBe(agency);
  });

  it.each([
    ["sore ini jalan kaki di trotoar Asia Afrika, adem"],
    ["Mungkin ada urusan mendadak, jd mobilnya parkir di situ sebentar"],
  ])("not a misuse: %s", (text) => {
    const v = run(text);
    expect(v.evidence.some((e) => /turned into|ridden onto/.test(e.reason))).toBe(false);
  });
});

describe("green laser pointers sold on the street", () => {
  it.each([
    ["ada yang jual laser hijau di perempatan Kiaracondong, suka ditembakin ke pengendara"],
    ["pedagang sinar laser di alun-alun makin banyak, tolong ditertibkan @Satpolppbdg"],
  ])("%s → Satpol PP", (text) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(routedTo(v)).toBe("satpolpp");
  });
});

describe("a vendor describing his own trade is not a stall to clear", () => {
  it.each([
    ["saya pedagang di pasar Kosambi, tiap hujan kios saya kebanjiran karena selokan mampet", "dsdabm"],
    [
      "kami pedagang sayur di Jl. Pagarsih, sampah di TPS depan lapak saya sudah seminggu tidak diangkut",
      "dlh",
    ],
  ] as const)("%s → %s", (text, agency) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(routedTo(v)).toBe(agency);
  });

  it("a stall on the sidewalk still goes to Satpol PP", () => {
    expect(
      run("pedagang kaki lima menutup trotoar di Jl. Dalem Kaum, pejalan kaki turun ke jalan").agency,
    ).toBe("satpolpp");
  });
});

describe("breaking traffic rules is for the police", () => {
  it.each([
    ["tiap pagi banyak pengendara melanggar rambu dilarang belok di perempatan Buah Batu"],
    ["pelanggar lalu lintas di depan pasar dibiarkan saja, penegak hukum ke mana?"],
  ])("%s → polisi", (text) => {
    const v = run(text);
    expect(v.complaint).toBe(true);
    expect(routedTo(v)).toBe("polisi");
  });
});

describe("words that read as something else out of context", () => {
  it("`kk` is the family card next to a civil-registry errand", () => {
    const v = run("min mau tanya, syarat bikin KK baru setelah nikah apa aja?");
    expect(v.complaint).toBe(true);
    expect(routedTo(v)).toBe("disdukcapil");
  });

  it("`kk` is the family card when the tweet says where its issuing stands", () => {
    const v = run("@PemkotBandung KK baru belum jadi padahal sudah sebulan, mohon ditindaklanjuti");
    expect(v.disposition).toBe("agency");
    expect(v.agency).toBe("disdukcapil");
  });

  it("`kk` addressing an admin is not the family card", () => {
    const v = run("kk admin, bus TMB koridor 3 hari ini kok ga lewat2 ya?");
    expect(v.candidates.map((c) => c.agency)).not.toContain("disdukcapil");
  });

  it.each([
    ["budak sakola mah meuntas di dieu", "sekolah", "kola"],
    ["jalan gang sudah diurug sirtu sama warga", "ditimbun", "longsor"],
    ["urugan tanah proyek nutup selokan", "timbunan", "longsor"],
  ])("%s has `%s`, not `%s`", (text, has, hasNot) => {
    const tokens = normalise(text, slang).tokens;
    expect(tokens).toContain(has);
    expect(tokens).not.toContain(hasNot);
  });
});
