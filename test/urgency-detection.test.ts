import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildTriageModel, triage, type TriageModel } from "../src/triage/triage.js";

let model: TriageModel;
beforeAll(async () => {
  model = buildTriageModel(await loadTriageConfig("config"));
});
const urgency = (text: string): string => triage(model, { id: "t", text }).urgency;

describe("urgency", () => {
  it.each([
    "tolong ada kebakaran rumah di gang Sukamaju, api makin menjalar!!",
    "banjir setinggi dada di Cieunteung, warga terjebak di atap",
    "pohon tumbang menimpa mobil di jl. Cipaganti, ada yg luka",
    "pohon besar tumbang menutup jalan Setiabudi, ga bisa lewat",
    "kecelakaan di flyover Pasupati, korban tergeletak di jalan",
    "kabel listrik putus menjuntai ke jalan, bahaya banget",
    "tebing longsor menimpa rumah warga di Cidadap",
    "anak tenggelam di sungai Cikapundung, tolong!",
  ])("urgent: %s", (text) => {
    expect(urgency(text)).toBe("urgent");
  });

  it.each([
    "jalan berlubang di depan sekolah, mohon ditambal",
    "banjir semata kaki tiap hujan di jl. Pagarsih",
    "pohon di taman kering, takut tumbang",
    "lampu merah mati di per4an Buah Batu",
    "sampah numpuk udh seminggu",
  ])("normal: %s", (text) => {
    expect(urgency(text)).toBe("normal");
  });

  it("gives the reason for an urgent verdict", () => {
    const v = triage(model, { id: "t", text: "banjir di komplek, warga terjebak, mohon evakuasi" });
    expect(v.evidence.filter((e) => e.field === "urgency").length).toBeGreaterThan(0);
  });

  it("does not call a non-complaint urgent", () => {
    expect(urgency("film tentang kebakaran hutan itu bagus banget, keren")).toBe("normal");
  });
});
