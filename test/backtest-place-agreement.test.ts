import { describe, expect, it } from "vitest";
import { placeAgrees } from "../src/triage/backtest-metrics.js";
import type { TriageLocation } from "../src/triage/types.js";

const at = (l: Omit<TriageLocation, "source">): TriageLocation => ({ source: "text", ...l });

describe("whether a located place agrees with the annotated place text", () => {
  it.each([
    ["Jalan Sukajadi", at({ street: "Jalan Sukajadi", kecamatan: "Sukajadi" })],
    ["jl. Leuwi Panjang depan terminal", at({ landmark: "Terminal Leuwipanjang" })],
    ["Perempatan Kiaracondong - Jakarta", at({ street: "Jalan Kiaracondong" })],
    ["RW 05 Kelurahan Sukaluyu", at({ kelurahan: "Sukaluyu", kecamatan: "Cibeunying Kaler" })],
    ["depan RS Boromeus", at({ landmark: "Rumah Sakit Santo Borromeus", kelurahan: "Lebak Gede" })],
  ])("%s agrees with %j", (annotated, location) => {
    expect(placeAgrees(annotated, location)).toBe(true);
  });

  it.each([
    ["Jalan Sukajadi", at({ street: "Jalan Setiabudi" })],
    ["Jalan Merdeka", at({ street: "Jalan Riau" })],
    ["Pasar Kosambi", at({ landmark: "Pasar Baru" })],
    ["Jalan Cihampelas", { source: "none" } as TriageLocation],
    ["depan rumah", at({ street: "Jalan Rumah Sakit" })],
  ])("%s does not agree with %j (a kind word alone is no match)", (annotated, location) => {
    expect(placeAgrees(annotated, location)).toBe(false);
  });
});
