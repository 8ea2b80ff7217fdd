import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/config-error.js";
import { loadTriageModel, loadTriageSetup } from "../src/config/load-triage-config.js";
import { parseYaml } from "../src/config/yaml-file.js";
import { kindsFileSchema, regionalFileSchema } from "../src/triage/lexicon-schema.js";
import { normalise } from "../src/triage/normalise.js";
import { buildTriageModel, triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";

let model: TriageModel;
beforeAll(async () => {
  model = await loadTriageModel("config");
});

const run = (text: string): TriageVerdict => triage(model, { id: "t", text });

describe("report kinds", () => {
  it.each([
    ["jalan Pagarsih berlubang besar udah sebulan, bahaya buat motor", "keluhan", "dsdabm"],
    ["sampah numpuk di TPS Cicadas udh seminggu ga diangkut", "keluhan", "dlh"],
    ["kapan KTP saya jadi? sudah 3 bulan belum jadi", "pertanyaan", "disdukcapil"],
    ["kenapa bus TMB koridor 2 tidak beroperasi hari ini?", "pertanyaan", "dishub"],
    ["tolong pohon di depan rumah kami dipangkas, dahannya sudah kena kabel", "permintaan", "disperkim"],
    ["mohon dibersihkeun runtah di Balubur geus saminggu", "permintaan", "dlh"],
  ] as const)("%s → %s to %s", (text, kind, agency) => {
    const v = run(text);
    expect(v).toMatchObject({ complaint: true, disposition: "agency", kind, agency });
    expect(v.evidence.some((e) => e.field === "kind")).toBe(true);
  });

  it("a suggestion about a named service is a saran, at least on the desk", () => {
    const v = run("saran pak, sebaiknya bus TMB ditambah armadanya di jam sibuk");
    expect(v.kind).toBe("saran");
    expect(v.disposition).not.toBe("audit");
  });

  it.each([
    ["Terima kasih atas respon cepat petugas, jalannya sudah diperbaiki", "praise"],
    ["Penertiban PKL di Jl. Dalem Kaum oleh Satpol PP pagi ini, lanjut patroli", "official_activity"],
    ["selamat pagi warga Bandung, wkwk semangat nonton persib", "chatter"],
    ["promo diskon 50% pesan sekarang gratis ongkir se-Bandung", "promotion"],
  ])("%s is not a report, and the evidence says which family (%s)", (text, family) => {
    const v = run(text);
    expect(v).toMatchObject({
      complaint: false,
      disposition: "audit",
      kind: null,
      agency: null,
      confidence: 0,
    });
    // Kept for a person who brings it back to the desk: three guesses to tap, the city's own first.
    expect(v.candidates.length).toBeGreaterThanOrEqual(3);
    expect(v.candidates.map((c) => c.agency)).not.toContain("diskominfo");
    expect(v.evidence.some((e) => e.field === "kind" && e.reason.includes(`(${family})`))).toBe(true);
  });

  it("a relay of a citizen's report by a media account is a report, with the relay in evidence", () => {
    const v = run("RT @infobdg: info dari warga, jalan Soekarno Hatta depan Metro banjir sedalam lutut");
    expect(v).toMatchObject({ complaint: true, disposition: "agency", kind: "keluhan" });
    expect(["dsdabm", "diskarpb"]).toContain(v.agency);
    expect(v.evidence.some((e) => e.field === "kind" && /passes on/.test(e.reason))).toBe(true);
  });
});

describe("three ways out: agency, desk, audit", () => {
  it("complaint is true exactly when the disposition is not audit, and the desk card names the command center", () => {
    const texts = [
      "lampu merah per4an Kopo mati dari semalam",
      "mohon info syarat pindah datang ke Bandung, apa saja yang dibawa?",
      "@dishub_kotabdg di jalan Riau depan Gedung Sate",
      "wah seru juga ya nonton persib semalam",
      "uwuh numpuk neng pinggir kalen",
    ];
    const dispositions = new Set<string>();
    for (const text of texts) {
      const v = run(text);
      dispositions.add(v.disposition ?? "");
      expect(v.complaint).toBe(v.disposition !== "audit");
      if (v.disposition === "desk") {
        expect(v.agency).toBe("diskominfo");
        expect(v.candidates.length).toBeGreaterThanOrEqual(3);
        expect(v.candidates.map((c) => c.agency)).not.toContain("diskominfo");
      }
    }
    expect([...dispositions].sort()).toEqual(["agency", "audit", "desk"]);
  });

  it("a question about a civil-registry service the gate is unsure of goes to the desk with Disdukcapil first when asked questions are not routed directly", async () => {
    const { config: cfg } = await loadTriageSetup("config");
    const kinds = cfg.kinds;
    if (!kinds) throw new Error("kinds.yaml not loaded");
    const { ask_direct_confidence: _direct, ...deskToDesk } = kinds.desk;
    void _direct;
    const m = buildTriageModel({ ...cfg, kinds: { ...kinds, desk: deskToDesk } });
    const v = triage(m, {
      id: "t",
      text: "mohon info syarat pindah datang ke Bandung, apa saja yang dibawa?",
    });
    expect(v).toMatchObject({ disposition: "desk", kind: "pertanyaan" });
    expect(v.candidates[0]?.agency).toBe("disdukcapil");
    expect(v.evidence.some((e) => e.field === "disposition")).toBe(true);
  });

  // A question about one agency's service goes to that agency; the desk keeps unclear owners.
  it.each([
    ["mohon info syarat pindah datang ke Bandung, apa saja yang dibawa?", "disdukcapil"],
    ["selamat pagi, apakah blanko e-KTP di kecamatan sudah ada?", "disdukcapil"],
    ["min mau tanya, pengajuan akta kelahiran anak bisa online ga ya?", "disdukcapil"],
    ["selamat siang, mau tanya perpanjang SIM C sekarang bisa di polres mana saja?", "polisi"],
  ] as const)("a question about one agency's service goes to it: %s → %s", (text, agency) => {
    const v = run(text);
    expect(v).toMatchObject({ complaint: true, disposition: "agency", agency, kind: "pertanyaan" });
    expect(v.evidence.some((e) => e.field === "disposition" && e.reason.includes("to the agency"))).toBe(
      true,
    );
  });

  it("a place addressed to an agency's account goes to the desk only when the operator turns that path on", async () => {
    const text = "@dishub_kotabdg di jalan Riau depan Gedung Sate";
    expect(run(text).disposition).toBe("audit");
    const { config: cfg } = await loadTriageSetup("config");
    const kinds = cfg.kinds;
    if (!kinds) throw new Error("kinds.yaml not loaded");
    const on = buildTriageModel({
      ...cfg,
      kinds: { ...kinds, desk: { ...kinds.desk, agency_mention: 0.3 } },
    });
    const v = triage(on, { id: "t", text });
    expect(v.disposition).toBe("desk");
    expect(v.candidates[0]?.agency).toBe("dishub");
  });

  it("chatter with no city matter is kept for audit", () => {
    expect(run("wah seru juga ya nonton persib semalam").disposition).toBe("audit");
  });
});

describe("service vocabulary as word families", () => {
  it.each([
    ["bantuan PKH di desa kami tidak tepat sasaran, mohon didata ulang", "dinsos"],
    ["antrean BPJS di puskesmas Ibrahim Adjie lama sekali, dari subuh belum dilayani", "dinkes"],
    ["guru honorer di sekolah kami belum terima TPG sudah 4 bulan", "disdik"],
    ["bikin SKCK di polres kok dipungut biaya tambahan", "polisi"],
    ["motor pada naik ke trotoar di jalan Merdeka, pejalan kaki susah lewat", "dishub"],
    ["anak-anak ngelem di kolong flyover Pasupati tiap malam", "satpolpp"],
    ["banyak petasan dinyalakan tengah malam di gang kami, berisik dan bahaya", "satpolpp"],
    ["surat pindah saya sudah sebulan belum jadi di kantor dukcapil", "disdukcapil"],
    ["saluran irigasi di desa kami jebol, sawah kekeringan", "dsdabm"],
  ])("%s → %s", (text, agency) => {
    expect(run(text)).toMatchObject({ complaint: true, disposition: "agency", agency });
  });

  it.each([
    ["ada pengemis bawa anak kecil di lampu merah Pasteur tiap sore", "dinsos", "dishub"],
    ["jalan berlubang depan RS Borromeus bahaya buat motor", "dsdabm", "dinkes"],
    ["ada ODGJ telantar di depan kantor PLN Asia Afrika", "dinsos", "pln"],
    ["banjir sebetis di lampu merah Pagarsih, motor pada mogok", "dsdabm", "dishub"],
  ])("a place word after a preposition is a location, not the topic: %s", (text, agency, notTopic) => {
    const v = run(text);
    expect(v.agency).toBe(agency);
    expect(v.candidates.map((c) => c.agency)).not.toContain(notTopic);
    expect(v.evidence.some((e) => /names a place here/.test(e.reason))).toBe(true);
  });

  it("without a preposition the same words keep their topic: a dead traffic light is Dishub's", () => {
    expect(run("lampu merah per4an Kopo mati dari semalam").agency).toBe("dishub");
  });
});

describe("Sundanese and Javanese", () => {
  it.each([
    ["raruksak", "rusak"],
    ["balalong", "kolam"],
    ["arageung", "besar"],
    ["dibersihkeun", "dibersihkan"],
    ["dalane", "jalan"],
    ["ngabersihan", "bersih"],
    ["caah", "banjir"],
    ["cileuncang", "genangan"],
    ["tangkal", "pohon"],
    ["banyu", "air"],
    ["uwuh", "sampah"],
    ["wit", "pohon"],
    ["mboten", "tidak"],
  ])("%s reads as %s", (word, indonesian) => {
    expect(normalise(word, model.slang).tokens).toEqual([indonesian]);
  });

  it.each([
    "balubur",
    "babakan",
    "kebanjiran",
    "kehilangan",
    "cicaheum",
    "arcamanik",
    "gedebage",
    "leuwi",
    "gede",
  ])("%s (a place name or an Indonesian word) is left whole", (word) => {
    expect(normalise(word, model.slang).tokens).toEqual([word]);
  });

  it.each([
    ["jalan di Cibiru raruksak pisan, loba liang", "dsdabm"],
    ["caah deui di Pagarsih, cileuncang dimana-mana", "dsdabm"],
    ["tangkal rungkad dina jalan Cihampelas, nutupan jalan", "disperkim"],
    ["dalane bolong akeh, wis suwe ora didandani", "dsdabm"],
    ["banyu PDAM ora mili wis telung dina", "tirtawening"],
    ["wit gedhe ambruk neng dalan", "disperkim"],
    ["sampah numpuk di terminal leuwi panjang udah 3 hari", "dlh"],
  ])("%s → %s", (text, agency) => {
    expect(run(text)).toMatchObject({ complaint: true, agency });
  });
});

describe("abuse with the report in view", () => {
  it.each(["Edan pisan", "Sinting!", "sarap ih"])(
    "a short post that is only name-calling is abusive even with no one named: %s",
    (text) => {
      expect(run(text).abusive).toBe(true);
    },
  );

  it.each(["edan euy hujanna, cileuncang di mana-mana", "gila macetnya hari ini di jalan riau"])(
    "frustration in a report to the city is not abuse: %s",
    (text) => {
      const v = run(text);
      expect(v.complaint).toBe(true);
      expect(v.abusive).toBe(false);
    },
  );
});

describe("kinds.yaml and regional.yaml are validated with file, line and path", () => {
  it("an unknown kind and a missing desk setting are both reported", () => {
    const r = parseYaml(
      "kinds:\n  keluhan: {about: x, phrases: {rusak: 1}}\nrelay: {via: 1}\nnot_report: {}\n",
      "kinds.yaml",
      kindsFileSchema,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.problems.map((p) => `${p.file}:${p.line ?? "?"}:${p.path}`);
    expect(where).toEqual(expect.arrayContaining(["kinds.yaml:2:kinds.keluhan", "kinds.yaml:1:desk"]));
  });

  it("an affix that is not a few lower-case letters is refused", () => {
    const r = parseYaml(
      "sundanese: {caah: banjir}\njavanese: {banyu: air}\naffixes:\n  infixes: [ar]\n  prefixes: [Di-]\n  suffixes: [keun]\n",
      "regional.yaml",
      regionalFileSchema,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 5, path: "affixes.prefixes.0" });
  });

  it("a desk fallback agency that does not exist stops start-up", async () => {
    const { cpSync, mkdtempSync, readFileSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "aduan-kinds-"));
    cpSync("config", dir, { recursive: true });
    const file = join(dir, "lexicon", "kinds.yaml");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("fallback_agencies: [dishub", "fallback_agencies: [dishubb"),
    );
    const err = await loadTriageModel(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/unknown agency id `dishubb`/);
  });
});
