import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/load-config.js";
import {
  MAX_TWEET_WEIGHT,
  pickTemplate,
  renderReply,
  REPLY_KINDS,
  weightedLength,
  type ReplyKind,
} from "../src/core/render-reply.js";
import { REPORT_KINDS } from "../src/core/reply-templates.js";
import type { Lang } from "../src/core/ui-strings.js";
import type { ReportKind } from "../src/triage/types.js";

/**
 * Every public reply the shipped config can produce (each template, each agency's overrides, each
 * report kind, both languages) read as a sentence a citizen would write: no doubled punctuation,
 * no capitalised clause glued into another ("hubungi Tindak kejahatan …"), no hole where a value
 * was missing, within X's 280 weighted characters.
 */

const config = await loadConfig("config", new Date("2026-11-28T03:00:00Z"));

/** Words that may be capitalised mid-sentence: the agencies' names, the city, app names. */
const properNouns = new Set<string>(["Pemkot", "Bandung", "Mobile", "X", "Anda"]);
for (const a of config.agencies) {
  for (const w of `${a.short_name} ${a.name}`.split(/[\s()/,.]+/)) if (w) properNouns.add(w);
}

const LONG_NOTE =
  "Lubang di Jl. Sangkuriang depan kampus sudah ditambal tim DSDABM pagi ini; marka jalan menyusul minggu depan setelah aspal kering. ".repeat(
    4,
  );

/** `staffWords`: the staff note's own words, free text whose capitals are the staff's. */
function problems(text: string, staffWords: ReadonlySet<string> = new Set()): string[] {
  const found: string[] = [];
  if (/[.,;:!?]\s*[.,;:!?]/.test(text.replace(/\.\.\.|…/g, ""))) found.push("doubled punctuation");
  if (/\s[.,;:!?)]/.test(text)) found.push("space before punctuation");
  if (/\(\s*\)|\s{2,}|\{|\}/.test(text)) found.push("an empty or unfilled placeholder");
  if (!/[.!?)]$/.test(text)) found.push("does not end like a sentence");
  for (const sentence of text.split(/(?<=[.!?…])\s+/)) {
    // A clause after a colon (a staff note) may start with a capital letter.
    const words = sentence.split(/\s+/).filter((_w, i, all) => i > 0 && !all[i - 1]?.endsWith(":"));
    for (const raw of words) {
      const word = raw.replace(/^[("'“]+|[)"'”.,;:!?]+$/g, "");
      if (!/^\p{Lu}\p{Ll}/u.test(word)) continue; // lower case, acronyms (PLN, DSDABM) and ids
      if (!properNouns.has(word) && !staffWords.has(word))
        found.push(`capitalised "${word}" in the middle of a sentence`);
    }
  }
  return found;
}

interface Case {
  lang: Lang;
  agency: string;
  kind: ReplyKind;
  reportKind?: ReportKind;
}

/** Which reply kinds an agency of each kind can get. */
function kindsFor(agencyKind: string): ReplyKind[] {
  if (agencyKind === "external") return ["redirect"];
  return REPLY_KINDS.filter((k) => k !== "redirect");
}

const cases: Case[] = [];
for (const lang of ["id", "en"] as const) {
  for (const a of config.agencies) {
    for (const kind of kindsFor(a.kind)) {
      if (kind === "received") {
        for (const reportKind of REPORT_KINDS) cases.push({ lang, agency: a.id, kind, reportKind });
      } else cases.push({ lang, agency: a.id, kind });
    }
  }
}

const NOTE = "Lubang sudah ditambal pagi ini.";
const wordsOf = (text: string) => new Set(text.split(/[\s.,;:]+/));

function render(c: Case, note = NOTE): string {
  const a = config.agencies.find((x) => x.id === c.agency);
  if (!a) throw new Error(c.agency);
  const template = pickTemplate(config.templates, c.kind, c.lang, a.templates, c.reportKind);
  return renderReply(template, {
    ticket: "ADU-000123",
    agency: a.short_name,
    note,
    redirect: a.redirect?.[c.lang] ?? "",
    original: "ADU-000120",
    handle: "warga_bdg",
  }).text;
}

describe("citizen replies read as sentences", () => {
  it("covers every template of the shipped config, in both languages", () => {
    const kinds = new Set(cases.map((c) => c.kind));
    expect([...kinds].sort()).toEqual([...REPLY_KINDS].sort());
    expect(cases.filter((c) => c.kind === "redirect").map((c) => c.agency)).toEqual(
      expect.arrayContaining(["pln", "polisi"]),
    );
  });

  it.each(cases.map((c) => [`${c.lang} ${c.agency} ${c.kind}${c.reportKind ? `/${c.reportKind}` : ""}`, c]))(
    "%s",
    (_name, c) => {
      const text = render(c as Case);
      expect(problems(text, wordsOf(NOTE)), text).toEqual([]);
      const long = render(c as Case, LONG_NOTE);
      expect(problems(long, wordsOf(LONG_NOTE)), long).toEqual([]);
      expect(weightedLength(long)).toBeLessThanOrEqual(MAX_TWEET_WEIGHT);
    },
  );

  it("the redirect reply sends the citizen on in one sentence", () => {
    expect(render({ lang: "id", agency: "polisi", kind: "redirect" })).toBe(
      "Terima kasih atas laporannya. Masalah ini di luar kewenangan Pemkot; silakan hubungi Polisi di nomor darurat 110.",
    );
    expect(render({ lang: "id", agency: "pln", kind: "redirect" })).toBe(
      "Terima kasih atas laporannya. Masalah ini di luar kewenangan Pemkot; silakan hubungi PLN di nomor 123 atau lewat aplikasi PLN Mobile.",
    );
    expect(render({ lang: "en", agency: "polisi", kind: "redirect" })).toBe(
      "Thank you for reporting. This is outside the city's remit; please contact the police on the emergency number 110.",
    );
  });

  it("the check catches the broken redirect the issue reported", () => {
    expect(
      problems(
        "Terima kasih atas laporannya. Masalah ini di luar kewenangan Pemkot; silakan hubungi Tindak kejahatan ditangani Kepolisian: dalam keadaan darurat segera hubungi Polisi di 110..",
      ),
    ).toEqual(
      expect.arrayContaining(["doubled punctuation", 'capitalised "Tindak" in the middle of a sentence']),
    );
  });
});
