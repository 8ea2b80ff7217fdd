import { readFileSync } from "node:fs";
import twitterText from "twitter-text";
import { describe, expect, it } from "vitest";
import {
  fillTemplate,
  pickTemplate,
  REPLY_KINDS,
  renderReply,
  sanitiseNote,
  weightedLength,
  type ReplyTemplates,
} from "../src/core/render-reply.js";
import { parseReplyTemplates, validateTemplateOverrides } from "../src/core/reply-templates.js";
import type { ReportKind } from "../src/triage/types.js";
import { replyText } from "../src/core/reply-text.js";
import { sampleTicket, sampleVerdict } from "./support/sample-ticket.js";
import { staffSettings } from "./support/staff-bot-kit.js";

function shippedTemplates(): ReplyTemplates {
  const parsed = parseReplyTemplates(readFileSync("config/templates.yaml", "utf8"), "config/templates.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}
const templates = shippedTemplates();
const resolved = pickTemplate(templates, "resolved", "id");

describe("citizen replies", () => {
  it("the received reply names the ticket and the agency", () => {
    const { text } = renderReply(pickTemplate(templates, "received", "id"), {
      ticket: "ADU-000123",
      agency: "Dishub",
    });
    expect(text).toBe("Laporan Anda kami terima (ADU-000123) dan diteruskan ke Dishub. Terima kasih.");
  });

  it("the resolved reply carries the agency, the ticket and the note", () => {
    const { text, shortened } = renderReply(resolved, {
      ticket: "ADU-000123",
      agency: "DSDABM",
      note: "Lubang di Jl. Sangkuriang sudah ditambal.",
    });
    expect(text).toBe(
      "Laporan ADU-000123 sudah ditindaklanjuti DSDABM: Lubang di Jl. Sangkuriang sudah ditambal. Terima kasih atas laporannya.",
    );
    expect(shortened).toEqual([]);
  });

  it("English templates are used when the deployment speaks English", () => {
    expect(
      renderReply(pickTemplate(templates, "redirect", "en"), { redirect: "PLN (call 123)" }).text,
    ).toContain("please contact PLN (call 123)");
  });

  it("an agency's own template overrides the city-wide one", () => {
    const overrides = {
      received: { id: "Dishub menerima laporan {ticket}. Hatur nuhun!", en: "Dishub got {ticket}. Thanks!" },
    };
    expect(pickTemplate(templates, "received", "id", overrides)).toBe(
      "Dishub menerima laporan {ticket}. Hatur nuhun!",
    );
    expect(pickTemplate(templates, "resolved", "id", overrides)).toBe(resolved);
  });

  it.each([
    ["{ticket}", "{ticket}."],
    ["lihat {original} dan {agency}", "lihat {original} dan {agency}."],
    ["$& $1 $$", "$& $1 $$."],
  ])("template markers typed into a note (%s) are not expanded", (note, expected) => {
    const { text } = renderReply(resolved, { ticket: "ADU-000123", agency: "DLH", note });
    expect(text).toContain(`DLH: ${expected} Terima kasih`);
    expect(text.match(/ADU-000123/g)).toHaveLength(1);
  });

  it("a variable without a value is left out, never published as a marker", () => {
    expect(fillTemplate("Tiket {ticket} ke {agency}.", { ticket: "ADU-000001" })).toBe(
      "Tiket ADU-000001 ke .",
    );
  });

  it.each([
    ["@kang_asep sudah dicek", "kang_asep sudah dicek."],
    [".@dishubkotabdg sudah kami teruskan", "dishubkotabdg sudah kami teruskan."],
    ["koordinasi dengan @PLN_123 dan ＠satpolpp", "koordinasi dengan PLN_123 dan satpolpp."],
    ["tim @budi,@ani sudah ke lokasi!", "tim budi,ani sudah ke lokasi!"],
    ["hubungi pengaduan@bandung.go.id", "hubungi pengaduan@bandung.go.id."],
    ["  baris\n\nbaru \u202Edibalik  ", "baris baru dibalik."],
    ["Sudah ditambal", "Sudah ditambal."],
    ["Sudah ditambal.", "Sudah ditambal."],
    ["Sudah dicek?", "Sudah dicek?"],
  ])("the note %j is published as %j", (note, expected) => {
    expect(sanitiseNote(note)).toBe(expected);
  });

  it("a public reply never mentions anyone from the note", () => {
    const { text } = renderReply(resolved, {
      ticket: "ADU-000123",
      agency: "Dishub",
      note: ".@wali_kota @dprd_bdg cc @kang_emil sudah beres",
    });
    expect(twitterText.extractMentions(text)).toEqual([]);
  });
});

describe("280 weighted characters", () => {
  const longNotes: [string, string][] = [
    [
      "plain Indonesian",
      "Lubang sudah ditambal dengan aspal panas oleh tim UPT wilayah Bojonagara, marka jalan juga sudah dicat ulang. ".repeat(
        6,
      ),
    ],
    ["emoji", "✅🚧🛠️👷‍♂️🙏".repeat(80)],
    [
      "URLs",
      "foto sebelum https://dsdabm.bandung.go.id/foto/1234567 dan sesudah https://dsdabm.bandung.go.id/foto/1234568 ".repeat(
        8,
      ),
    ],
    ["bare domains", "cek dishub.bandung.go.id atau bandung.go.id ".repeat(20)],
    ["CJK", "道路修理完了。".repeat(60)],
    ["mentions", "@a_very_long_handle ".repeat(40)],
    ["no spaces", "x".repeat(2_000)],
    ["mixed", "Selesai ✅ lihat https://t.co/abc123 ＠dishub 道路 ".repeat(30)],
  ];

  it.each(longNotes)(
    "a resolved reply with a long %s note fits, keeps the ticket and ends the note with an ellipsis",
    (_kind, note) => {
      const r = renderReply(resolved, { ticket: "ADU-000123", agency: "DSDABM", note });
      expect(r.weightedLength).toBeLessThanOrEqual(280);
      expect(twitterText.parseTweet(r.text).valid).toBe(true);
      expect(r.text).toContain("ADU-000123");
      expect(r.text).toContain("… Terima kasih atas laporannya.");
      expect(r.shortened).toEqual(["note"]);
      expect(r.weightedLength).toBeGreaterThan(240);
    },
  );

  it("when even an empty note does not fit, the other variables are shortened too", () => {
    const r = renderReply(resolved, { ticket: "ADU-000123", agency: "Dinas ".repeat(80), note: "sudah" });
    expect(r.weightedLength).toBeLessThanOrEqual(280);
    expect(r.text).toContain("ADU-000123");
    expect(r.shortened).toEqual(["note", "agency"]);
  });

  it("an overlong template is cut rather than refused by X", () => {
    const r = renderReply("{ticket} " + "panjang sekali ".repeat(40), { ticket: "ADU-000001" });
    expect(r.weightedLength).toBeLessThanOrEqual(280);
    expect(r.text.startsWith("ADU-000001 panjang")).toBe(true);
  });

  it("every shipped template in both languages fits with long names and notes", () => {
    for (const kind of REPLY_KINDS) {
      for (const lang of ["id", "en"] as const) {
        const r = renderReply(pickTemplate(templates, kind, lang), {
          ticket: "ADU-999999",
          original: "ADU-888888",
          agency: "Dinas Perumahan dan Kawasan Permukiman",
          redirect:
            "PLN melalui aplikasi PLN Mobile atau call center 123 (24 jam) https://web.pln.co.id/pelanggan/pengaduan",
          note: "🙏".repeat(300),
          handle: "wargacoblong",
        });
        expect(r.weightedLength).toBeLessThanOrEqual(280);
        expect(weightedLength(r.text)).toBe(r.weightedLength);
        expect(r.text).not.toMatch(/\{[a-z_]+\}/);
      }
    }
  });
});

describe("received replies per report kind", () => {
  const longName = "Dinas Perumahan dan Kawasan Permukiman";
  const received = (kind: ReportKind | null | undefined, lang: "id" | "en") =>
    renderReply(pickTemplate(templates, "received", lang, undefined, kind), {
      ticket: "ADU-000123",
      agency: "Dishub",
    }).text;

  it("a question is forwarded to the agency, who will answer it", () => {
    expect(received("pertanyaan", "id")).toBe(
      "Pertanyaan Anda kami terima (ADU-000123) dan diteruskan ke Dishub, yang akan menjawabnya. Terima kasih.",
    );
    expect(received("pertanyaan", "en")).toContain("forwarded it to Dishub, who will answer it");
  });

  it("a suggestion is thanked and forwarded", () => {
    expect(received("saran", "id")).toBe(
      "Terima kasih atas sarannya (ADU-000123); sudah kami teruskan ke Dishub.",
    );
    expect(received("saran", "en")).toContain("Thank you for the suggestion");
  });

  it("a service request is a request, and a complaint or an older ticket gets the generic reply", () => {
    expect(received("permintaan", "id")).toContain("Permintaan Anda kami terima");
    const generic = "Laporan Anda kami terima (ADU-000123) dan diteruskan ke Dishub. Terima kasih.";
    expect(received("keluhan", "id")).toBe(generic);
    expect(received(null, "id")).toBe(generic);
    expect(received(undefined, "id")).toBe(generic);
  });

  it.each(["keluhan", "permintaan", "pertanyaan", "saran"] as const)(
    "the %s reply names the ticket and the agency within X's length, in both languages",
    (kind) => {
      for (const lang of ["id", "en"] as const) {
        const r = renderReply(pickTemplate(templates, "received", lang, undefined, kind), {
          ticket: "ADU-999999",
          agency: longName,
          handle: "wargacoblong",
        });
        expect(r.weightedLength).toBeLessThanOrEqual(280);
        expect(r.shortened).toEqual([]);
        expect(r.text).toContain("ADU-999999");
        expect(r.text).toContain(longName);
        expect(r.text).not.toMatch(/\{[a-z_]+\}/);
      }
    },
  );

  it("the ticket's reply uses the variant for the kind its triage gave it", () => {
    const ticket = sampleTicket({
      agency: "dishub",
      triage: sampleVerdict({ agency: "dishub", kind: "saran" }),
    });
    expect(replyText(ticket, "received", staffSettings(), templates)).toBe(
      `Terima kasih atas sarannya (${ticket.id}); sudah kami teruskan ke Dishub.`,
    );
  });

  it("an agency's own received reply still wins over the city's per-kind variant", () => {
    const overrides = { received: { id: "Dishub menerima {ticket}.", en: "Dishub got {ticket}." } };
    expect(pickTemplate(templates, "received", "id", overrides, "pertanyaan")).toBe(
      "Dishub menerima {ticket}.",
    );
  });

  it("a variant with a variable received cannot fill, or an unknown kind, is refused with its path", () => {
    const broken = readFileSync("config/templates.yaml", "utf8")
      .replace("diteruskan ke {agency}, yang akan menjawabnya", "diteruskan ke {agency}: {note}")
      .replace(
        "received_by_kind:\n",
        "received_by_kind:\n  pujian:\n    id: Terima kasih {ticket}\n    en: Thanks {ticket}\n",
      );
    const r = parseReplyTemplates(broken, "t.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.path).sort()).toEqual([
      "received_by_kind.pertanyaan.id",
      "received_by_kind.pujian",
    ]);
  });
});

describe("templates file", () => {
  const base = readFileSync("config/templates.yaml", "utf8");

  it("the shipped templates file is valid", () => {
    expect(parseReplyTemplates(base, "config/templates.yaml").ok).toBe(true);
  });

  it("a variable the kind cannot fill is reported with file, line and path", () => {
    const broken = base.replace(
      "Laporan Anda kami terima ({ticket})",
      "Laporan Anda kami terima ({ticket}) {note}",
    );
    const r = parseReplyTemplates(broken, "config/templates.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: "config/templates.yaml",
        path: "received.id",
        line: expect.any(Number),
        message: expect.stringContaining("{note}"),
      }),
    ]);
  });

  it("a missing kind, a missing required variable and an unknown key are all reported at once", () => {
    const broken = base
      .replace(/^duplicate:\n( {2}.*\n)+/m, "")
      .replace("dan diteruskan ke {agency}. Terima kasih.", "dan diteruskan. Terima kasih.")
      .concat("\ngratitude:\n  id: Terima kasih\n  en: Thanks\n");
    const r = parseReplyTemplates(broken, "t.yaml");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.problems.map((p) => p.path).sort();
    expect(paths).toEqual(["duplicate", "gratitude"]);
    const r2 = parseReplyTemplates(base.replace("terima ({ticket})", "terima"), "t.yaml");
    expect(r2.ok ? [] : r2.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "received.id: a `received` reply must contain {ticket}",
    ]);
  });

  it("agency overrides are checked for kind and variables", () => {
    const problems = validateTemplateOverrides(
      {
        received: { id: "Diterima {ticket} oleh {agency}", en: "Got {ticket}: {note}" },
        gratitude: { id: "Terima kasih", en: "Thanks" },
      },
      "config/agencies/dishub.yaml",
    );
    expect(problems.map((p) => p.path)).toEqual(["templates.received.en", "templates.gratitude"]);
    expect(validateTemplateOverrides(undefined, "x.yaml")).toEqual([]);
  });
});
