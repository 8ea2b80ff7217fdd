import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildTriageModel, triage, type TriageConfig, type TriageModel } from "../src/triage/triage.js";

let cfg: TriageConfig;
let model: TriageModel;
beforeAll(async () => {
  cfg = await loadTriageConfig("config");
  model = buildTriageModel({ ...cfg, officialAccounts: ["PemkotBandung", "dishub_kotabdg"] });
});

describe("the triage verdict", () => {
  it("routes a clear complaint to its agency with confidence, candidates and evidence", () => {
    const v = triage(model, { id: "1", text: "@PemkotBandung lampu merah per4an Kopo mati, macet parah" });
    expect(v).toMatchObject({
      id: "1",
      complaint: true,
      agency: "dishub",
      external: null,
      urgency: "normal",
    });
    expect(v.confidence).toBeGreaterThan(0.3);
    expect(v.candidates[0]?.agency).toBe("dishub");
    for (const field of ["complaint", "agency"]) expect(v.evidence.some((e) => e.field === field)).toBe(true);
  });

  it("sends a complaint no rule routes to the command center, saying so", () => {
    const v = triage(model, {
      id: "2",
      text: "pak tolong, lift di gedung pelayanan publik mati dan dibiarkan berbulan2",
    });
    expect(v.complaint).toBe(true);
    expect(v.agency).toBe("diskominfo");
    expect(v.evidence.some((e) => e.field === "agency" && /routed by hand/.test(e.reason))).toBe(true);
  });

  it("sends a tie between two agencies to the command center", () => {
    const tied = buildTriageModel({
      ...cfg,
      agencies: [
        ...cfg.agencies.filter((a) => a.kind === "command_center"),
        { id: "alpha", name: "A", short_name: "A", kind: "agency", keywords: { selokan: 2 } },
        { id: "beta", name: "B", short_name: "B", kind: "agency", keywords: { selokan: 2 } },
      ],
    });
    const v = triage(tied, { id: "3", text: "selokan mampet" });
    expect(v.agency).toBe("diskominfo");
    expect(v.evidence.some((e) => /tie between/.test(e.reason))).toBe(true);
  });

  it.each([
    ["listrik padam dari sore, kapan nyala lagi?", "pln"],
    ["hp saya dijambret di angkot tadi siang", "polisi"],
  ])("marks an out-of-city complaint external: %s", (text, external) => {
    const v = triage(model, { id: "4", text });
    expect(v.complaint).toBe(true);
    expect(v.external).toBe(external);
    expect(v.agency).toBe(external);
    expect(v.evidence.some((e) => e.field === "external")).toBe(true);
  });

  it("never treats a retweet as a complaint", () => {
    const v = triage(model, { id: "5", text: "jalan rusak parah di Cicaheum", is_retweet: true });
    expect(v.complaint).toBe(false);
    expect(v.agency).toBeNull();
    expect(v.evidence[0]?.reason).toMatch(/retweet/);
  });

  it("never treats an official account's post as a complaint", () => {
    const v = triage(model, {
      id: "6",
      text: "lampu merah di Kopo mati, petugas menuju lokasi",
      author_username: "Dishub_KotaBdg",
    });
    expect(v.complaint).toBe(false);
    expect(v.evidence[0]?.reason).toMatch(/official/);
  });

  it("reads an old-style `RT @official:` as the official's post, but `RT @citizen:` as the citizen's report", () => {
    expect(
      triage(model, { id: "7", text: "RT @PemkotBandung: perbaikan jalan rusak di Cibiru hari ini" })
        .complaint,
    ).toBe(false);
    expect(
      triage(model, { id: "8", text: "RT @warga_bdg: jalan rusak parah di Cibiru, mohon diperbaiki" })
        .complaint,
    ).toBe(true);
  });

  it("uses the abuse check and the locator it is given, and flags an abusive complaint without dropping it", () => {
    const m = buildTriageModel({
      ...cfg,
      abuse: (_text, tokens) => ({
        abusive: tokens.includes("goblok"),
        evidence: tokens.includes("goblok") ? [{ field: "abusive", reason: "insult", match: "goblok" }] : [],
      }),
      locate: (input) => ({
        location: input.tokens.includes("dago")
          ? { kecamatan: "Coblong", source: "text" }
          : { source: "none" },
        evidence: [],
      }),
    });
    const v = triage(m, { id: "9", text: "jalan di Dago rusak, pemkot goblok" });
    expect(v).toMatchObject({
      complaint: true,
      abusive: true,
      location: { kecamatan: "Coblong", source: "text" },
    });
  });

  it("gives a non-complaint no agency and normal urgency, keeping its best guesses for the desk", () => {
    const v = triage(model, { id: "10", text: "terima kasih petugas sampah, lingkungan jadi bersih" });
    expect(v).toMatchObject({
      complaint: false,
      disposition: "audit",
      agency: null,
      confidence: 0,
      urgency: "normal",
      external: null,
    });
    // The waste words still point at DLH, should a person bring the tweet back.
    expect(v.candidates[0]?.agency).toBe("dlh");
    expect(v.candidates.length).toBeGreaterThanOrEqual(3);
  });

  it("is stable on hostile input", () => {
    const texts = [
      "",
      "😡".repeat(5000),
      "\u200b".repeat(1000),
      "jalan ".repeat(20_000),
      "<script>alert(1)</script>",
    ];
    for (const text of texts) expect(() => triage(model, { id: "x", text })).not.toThrow();
  });
});
