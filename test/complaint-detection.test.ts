import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildTriageModel, triage, type TriageModel } from "../src/triage/triage.js";

let model: TriageModel;
beforeAll(async () => {
  model = buildTriageModel(await loadTriageConfig("config"));
});
const isComplaint = (text: string): boolean => triage(model, { id: "t", text }).complaint;

describe("telling complaints from everything else", () => {
  it.each([
    "@PemkotBandung jln Cibaduyut berlubang, udh 2 minggu ga dibenerin",
    "pak wali, lampu merah simpang Dago mati dari pagi, lalin semrawut",
    "sampah di pasar numpuk sampai ke jalan, baunya kemana2 😷",
    "air pdam teu ngocor tos tilu dinten, punten dicek",
    "selokan mampet, tiap ujan jalan depan sekolah tergenang",
    "parkir liar di depan BIP bikin macet parah tiap sore",
    "tolong ditertibkan pengamen yg maksa di perempatan",
    "macet total di Pasteur dari jam 6 pagi",
    "trotoar dipenuhi PKL, pejalan kaki terpaksa turun ke jalan",
    "KTP-el blm jadi udh 6 bulan, alasannya blanko habis terus",
    "PJU di jl. Cijerah mati sudah seminggu, gelap dan rawan",
    "ada kebakaran di gang Sukaasih, api membesar",
    "motor saya dibegal di jalan Soekarno Hatta tadi malam",
    "rumah kebanjiran setinggi lutut, saluran air buntu",
  ])("a complaint: %s", (text) => {
    expect(isComplaint(text)).toBe(true);
  });

  it.each([
    "terima kasih pak wali, jalan depan rumah sudah mulus sekarang 🙏",
    "alhamdulillah air PDAM sudah mengalir lagi, nuhun",
    "keren pak, taman barunya bagus banget, anak2 senang",
    "selamat pagi warga Bandung, semangat beraktivitas!",
    "mau tanya pak, pendaftaran beasiswa kuliah kapan dibuka ya?",
    "#WartaBDG Wali Kota resmikan trotoar baru di jalan Asia Afrika",
    "Penertiban PKL di sepanjang jl. Merdeka oleh petugas Satpol PP pagi ini",
    "ayo pesan sendal bulu, diskon 50% hari ini aja, hubungi kami",
    "kapan ada acara car free day lagi di Dago?",
    "naik angkot hari ini lancar, ga macet sama sekali",
    "semoga Persib juara musim ini!",
  ])("not a complaint: %s", (text) => {
    expect(isComplaint(text)).toBe(false);
  });

  it("praise that mentions a problem word is still praise", () => {
    expect(isComplaint("mantap pak, sekarang sudah ga ada lagi sampah numpuk di sungai, bersih")).toBe(false);
  });

  it("a complaint with two problems is one complaint", () => {
    const v = triage(model, { id: "t", text: "jalan rusak parah, terus sampah juga numpuk di pinggirnya" });
    expect(v.complaint).toBe(true);
    expect(v.candidates.map((c) => c.agency)).toEqual(expect.arrayContaining(["dsdabm", "dlh"]));
  });

  it("a negated problem is not a problem", () => {
    const v = triage(model, { id: "t", text: "alhamdulillah jalan ke kantor tidak macet hari ini" });
    expect(v.complaint).toBe(false);
    expect(v.evidence.some((e) => e.reason.startsWith("negated"))).toBe(true);
  });

  it("says which words made it a complaint", () => {
    const v = triage(model, { id: "t", text: "selokan mampet lagi pak" });
    expect(v.evidence).toContainEqual(expect.objectContaining({ field: "complaint", match: "mampat" }));
  });
});

describe("a problem named as a goal or a hypothesis is not a problem seen", () => {
  it.each([
    "pak, sebaiknya angkot ditata ulang supaya tidak macet lagi di kota",
    "usul pak wali, perbanyak taman resapan untuk mencegah banjir musim depan",
    "solusi kemacetan menurut saya ya transportasi umum yang nyaman",
    "perlu ada edukasi biar ga buang sampah sembarangan",
  ])("an opinion, not a report: %s", (text) => {
    expect(isComplaint(text)).toBe(false);
  });

  it.each([
    "jalan depan pasar berlubang, tolong ditambal supaya tidak ada yang jatuh",
    "selokan mampet tiap hujan, mohon dikeruk agar tidak banjir lagi",
    "lampu jalan mati seminggu, tolong dinyalakan biar tidak rawan",
  ])("a report that also says what it hopes for: %s", (text) => {
    expect(isComplaint(text)).toBe(true);
  });

  it("an advice reply that points to another account is not a report", () => {
    expect(
      isComplaint("@warga untuk lampu lalu lintas silakan hubungi dishub ya, itu kewenangan mereka"),
    ).toBe(false);
  });
});
