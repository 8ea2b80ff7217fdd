import { beforeAll, describe, expect, it } from "vitest";
import { loadTriageModel } from "../src/config/load-triage-config.js";
import { triage, type TriageModel } from "../src/triage/triage.js";
import type { TriageVerdict } from "../src/triage/types.js";

// Hand-written sentences for the report gate's false-alarm families (issue #11: officials' own
// activity, news, job seeking, remedies and suppositions are not reports).

let model: TriageModel;
beforeAll(async () => {
  model = await loadTriageModel("config");
});

const run = (text: string): TriageVerdict => triage(model, { id: "t", text });
const reasons = (v: TriageVerdict): string[] => v.evidence.map((e) => e.reason);

describe("an official's visit or hand-over is not a report", () => {
  it("a camat inspecting a flood with the village police is kept for audit", () => {
    const v = run("Camat Coblong bersama Babinsa meninjau lokasi banjir di Jalan Sukajadi kemarin sore");
    expect(v.complaint).toBe(false);
    expect(reasons(v).some((r) => r.startsWith("an official's visit or hand-over, not a report"))).toBe(true);
  });

  it("a lurah handing over aid to fire victims is kept for audit", () => {
    expect(run("Pak Lurah menyerahkan bantuan untuk korban kebakaran di RW 05 tadi pagi").complaint).toBe(
      false,
    );
  });

  it("a citizen asking the camat to come and look is still a report", () => {
    const v = run("Mohon pak camat meninjau banjir di Jalan Sukajadi, air sudah masuk rumah warga");
    expect(v.complaint).toBe(true);
    expect(reasons(v).some((r) => r.startsWith("an official's visit"))).toBe(false);
  });
});

describe("job seeking, news and arrests already made are not reports", () => {
  it("asking how to apply for a job as a bus driver is no question about a city service", () => {
    const v = run("Min, saya mau melamar kerja jadi sopir bus kota, lamarannya dikirim ke mana ya?");
    expect(v.complaint).toBe(false);
    expect(reasons(v)).toContain("not a complaint cue: `lamaran kerja` (−2)");
  });

  it("a news item citing its source is kept for audit", () => {
    expect(
      run("Dilansir dari media lokal, jalan amblas di kawasan Cibiru sudah ditutup. Selengkapnya di tautan")
        .complaint,
    ).toBe(false);
  });

  it("an arrest of muggers already made is news, a mugging seen is a report", () => {
    expect(run("Dua pelaku begal di Jalan Soekarno Hatta berhasil diamankan polisi semalam").complaint).toBe(
      false,
    );
    expect(run("Tolong pak, tiap malam ada begal di Jalan Soekarno Hatta, warga takut lewat").complaint).toBe(
      true,
    );
  });
});

describe("a remedy or supposition names no problem seen", () => {
  it("an effort to ease congestion is not congestion", () => {
    const v = run("Pemkot terus berupaya mengurai kemacetan di simpang Dago dengan rekayasa lalu lintas");
    expect(v.complaint).toBe(false);
    expect(reasons(v)).toContain("a goal or hypothesis, not something seen: `macet` (+0)");
  });

  it("`jika` makes a flood a supposition; the flood itself is a report", () => {
    const v = run("jika nanti banjir lagi, warga sini sudah pasrah");
    expect(v.complaint).toBe(false);
    expect(reasons(v)).toContain("a goal or hypothesis, not something seen: `banjir` (+0)");
    expect(run("Jalan Pagarsih banjir lagi setinggi lutut, motor pada mogok").complaint).toBe(true);
  });

  it("a purpose clause reaches past the short window, up to a comma", () => {
    const v = run("Petugas harus sering keliling biar nggak ada parkir liar lagi yang bikin macet");
    expect(v.complaint).toBe(false);
    expect(reasons(v)).toContain("a goal or hypothesis, not something seen: `macet` (+0)");
    const seen = run("Mohon dirapikan biar enak dilihat, sampahnya menumpuk di pinggir Jalan Cibiru");
    expect(seen.complaint).toBe(true);
    expect(reasons(seen)).toContain("names a problem: `menumpuk` (+2)");
  });
});
