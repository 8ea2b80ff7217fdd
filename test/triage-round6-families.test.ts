import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import type { Gazetteer } from "../src/triage/gazetteer.js";
import { locate } from "../src/triage/locate.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";
import { shippedGazetteer, words } from "./support/shipped-gazetteer.js";

// Hand-written examples for the word families and mechanisms of routing round 6 (issue #11).

let model: TriageModel;
let g: Gazetteer;
beforeAll(async () => {
  model = await loadTriageModel("config");
  g = await shippedGazetteer();
});

const run = (text: string): TriageVerdict => triage(model, { id: "t", text });
const reasons = (v: TriageVerdict): string[] => v.evidence.map((e) => e.reason);

describe("courtesy formulas count for nothing", () => {
  it("a letter closing `terima kasih atas perhatiannya` does not pull a request down", () => {
    const v = run(
      "Mohon jadwal pengangkutan sampah di RW kami diperbaiki, truk sampah tidak datang seminggu. Terima kasih atas perhatiannya",
    );
    expect(v).toMatchObject({ complaint: true, agency: "dlh" });
    expect(reasons(v)).toContain("courtesy, ignored: `terima kasih atas perhatian`");
    expect(reasons(v).some((r) => r.startsWith("not a complaint cue: `terima kasih atas`"))).toBe(false);
  });

  it("a greeting `salam sukses` is not praise", () => {
    const v = run("Salam sukses pak, saya mau menanyakan kenapa tarif bus antar kota naik terus");
    expect(v.complaint).toBe(true);
    expect(reasons(v).some((r) => r.startsWith("not a complaint cue: `sukses`"))).toBe(false);
  });

  it("thanks for work done is still praise, not a report", () => {
    expect(run("terima kasih sudah memperbaiki jalan di depan rumah kami, mulus sekarang").complaint).toBe(
      false,
    );
  });
});

describe("a letter to the office", () => {
  it("a formal plea with no agency topic reaches the desk", () => {
    const v = run(
      "Dengan hormat, perkenalkan nama saya Budi warga desa Sukamaju. Mohon bantuan bapak untuk keluarga kami yang sedang kesulitan",
    );
    expect(v).toMatchObject({ complaint: true, disposition: "desk" });
    expect(reasons(v).some((r) => r.startsWith("a letter to the office"))).toBe(true);
  });

  it("a greeting that asks nothing stays out", () => {
    expect(run("Perkenalkan nama saya Budi, salam kenal semuanya").complaint).toBe(false);
  });
});

describe("service families", () => {
  it.each([
    ["mohon bantuan biaya berobat ibu saya yang sakit keras, kami tidak punya uang", "dinkes"],
    ["warga kami terdampar di pelabuhan, mohon bantuan pemulangan ke kampung", "dinsos"],
    ["minuman keras masih beredar bebas di warung dekat sekolah, tolong ditindak", "satpolpp"],
    ["tiap malam sering dipakai balapan motor di jalan lingkar, mohon ditindak", "polisi"],
    ["proyek jalan di desa kami mangkrak sudah setahun, ruas jalan jadi tidak bisa dilewati", "dsdabm"],
  ])("%s → %s", (text, agency) => {
    expect(run(text)).toMatchObject({ complaint: true, agency });
  });

  it("a request to be given something names a service without a problem word", () => {
    const v = run("Pak, trotoar di Jalan Cihampelas tolong dikasih pembatas biar motor tidak naik");
    expect(v.complaint).toBe(true);
  });

  it("waiting for a team asks for it: the activity noun is not an activity report", () => {
    const v = run("jalan ambles di Jl. Jakarta dekat GOR, menunggu tim URC datang, hati2 yang lewat");
    expect(v).toMatchObject({ complaint: true, agency: "dsdabm" });
  });

  it("exact forms: `tempat tinggal` is not a death, `secara` is not `caranya`", () => {
    const v = run("saya ingin mendaftar secara online, tempat tinggal saya di desa");
    expect(reasons(v).some((r) => r.includes("`=meninggal`"))).toBe(false);
    expect(reasons(v).some((r) => r.includes("caranya"))).toBe(false);
  });
});

describe("a plausible problem whose owner is clear goes to that agency", () => {
  it("skips the desk when only one agency's service is named", () => {
    const v = run("Pembuatan SKCK kok ribet ya, harus ke polsek lalu ke polres");
    expect(v.disposition).toBe("agency");
    expect(v.agency).toBe("polisi");
  });
});

describe("places: initials, unlisted buildings, an address after a street name", () => {
  it.each([
    ["parkir liar di DU tiap sore", "street", "Jalan Dipatiukur"],
    ["mobil parkir sembarangan depan BI", "landmark", "Bank Indonesia"],
    ["di CFD Dago banyak motor masuk", "street", "Jalan Ir. H. Djuanda"],
  ] as const)("%j names %s %j", (text, field, name) => {
    expect(locate(g, { tokens: words(text) }).location[field]).toBe(name);
  });

  it("two letters alone, with no cue, are not a place", () => {
    expect(locate(g, { tokens: words("bi ayeuna hujan ageung") }).location.source).toBe("none");
  });

  it.each([
    ["jalan depan smk 15 rusak parah", "SMK 15"],
    ["trotoar samping salon memory dipagari besi", "Salon Memory"],
    ["sampah numpuk seberang masjid alikhlas", "Masjid Alikhlas"],
  ])("a building after a position word: %j → %j", (text, landmark) => {
    const { location, evidence } = locate(g, { tokens: words(text) });
    expect(location).toMatchObject({ source: "text", landmark });
    expect(evidence.some((e) => e.reason.includes("not in the landmark list"))).toBe(true);
  });

  it("a bare kind of building or an everyday word after it is not a place", () => {
    expect(locate(g, { tokens: words("sampah numpuk depan sekolah") }).location.source).toBe("none");
    expect(locate(g, { tokens: words("depan toko ada motor parkir") }).location.source).toBe("none");
  });

  it("an unlisted building keeps the kecamatan another name gives", () => {
    const { location } = locate(g, { tokens: words("banjir depan sd 3 kel cicaheum") });
    expect(location).toMatchObject({ kelurahan: "Cicaheum", kecamatan: "Kiaracondong", landmark: "SD 3" });
  });

  it("a kelurahan after a one-word street name counts the street cue (jl garu babakan sari)", () => {
    const { location } = locate(g, { tokens: words("air ga ngalir di jl garu babakan sari") });
    expect(location).toMatchObject({ kelurahan: "Babakan Sari", kecamatan: "Kiaracondong" });
  });

  it("a part of a place is a cue: parkiran bandara", () => {
    const { location } = locate(g, { tokens: words("antre lama di parkiran bandara") });
    expect(location.kelurahan).toBe("Husein Sastranegara");
  });
});
