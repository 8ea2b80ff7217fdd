import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAbuseLexicon } from "../src/config/load-triage-config.js";
import { buildAbuseDetector, detectAbuse } from "../src/triage/abuse.js";

// Hand-written sentences: a mild insult shouted in capitals counts as emphasised, the rude
// brush-off `bodo amat` counts as a mild insult of its own, and vices add up (issue #11, abuse recall).

const FILE = "config/lexicon/abuse.yaml";
const parsed = parseAbuseLexicon(readFileSync(FILE, "utf8"), FILE);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const detector = buildAbuseDetector(parsed.value);

const words = (text: string): string[] => text.toLowerCase().match(/[a-z]+/g) ?? [];
const chatter = (text: string) => detectAbuse(detector, text, words(text), { report: false });
const report = (text: string) => detectAbuse(detector, text, words(text), { report: true });

describe("a mild insult shouted in capitals is emphasised", () => {
  const quiet = "Saya sudah bilang dari kemarin kalau rencana proyek ini koplak dan tidak masuk akal";
  const shouted = "Saya sudah bilang dari kemarin kalau rencana proyek ini KOPLAK dan tidak masuk akal";

  it("in lower case the mild word alone stays below the threshold", () => {
    expect(chatter(quiet).abusive).toBe(false);
  });

  it("in capitals it is an insult with emphasis", () => {
    const r = chatter(shouted);
    expect(r.abusive).toBe(true);
    expect(r.evidence.map((e) => e.reason)).toContain('insult "koplak", with emphasis');
  });

  it("in a report, shouting at no one is frustration, not abuse", () => {
    expect(report(shouted).abusive).toBe(false);
  });
});

describe("`bodo amat` is a rude brush-off, not a call of stupidity", () => {
  it("a short brush-off is abusive, named as the brush-off", () => {
    const r = chatter("bodo amat, capek");
    expect(r.abusive).toBe(true);
    expect(r.evidence.map((e) => e.reason)).toEqual(['insult "bodo amat"']);
  });

  it("in a longer post, unstressed, it stays below the threshold", () => {
    expect(chatter("ya sudahlah bodo amat sama komentar orang orang di luar sana tentang aku").abusive).toBe(
      false,
    );
  });
});

describe("a list of vices is name-calling, one vice in the news is not", () => {
  it("`munafik, korup dan zalim` together reach the threshold", () => {
    const r = chatter("Pejabat itu munafik, korup dan zalim, tidak pantas memimpin kota ini");
    expect(r.abusive).toBe(true);
    expect(r.evidence.map((e) => e.match)).toEqual(["munafik", "korup", "zalim"]);
  });

  it("a corrupt official arrested, in a news line, is not abuse", () => {
    expect(chatter("Seorang pejabat korup ditangkap KPK kemarin sore di rumahnya di Bandung").abusive).toBe(
      false,
    );
  });
});
