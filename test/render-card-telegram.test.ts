import { describe, expect, it } from "vitest";
import { decodeCallbackData } from "../src/core/callback-data.js";
import { applyTransition } from "../src/core/lifecycle.js";
import {
  escapeWithin,
  renderCard,
  TELEGRAM_MAX_TEXT,
  type AgencyInfo,
  type CardContext,
  type InlineKeyboard,
} from "../src/core/render-card.js";
import { formatJakartaTime } from "../src/core/jakarta-time.js";
import type { Ticket } from "../src/core/ticket.js";
import { UI_EN, UI_ID } from "../src/core/ui-strings.js";
import { sampleTicket, sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const AGENCIES: AgencyInfo[] = [
  { id: "dsdabm", name: "Dinas Sumber Daya Air dan Bina Marga", short_name: "DSDABM", kind: "agency" },
  { id: "dishub", name: "Dinas Perhubungan", short_name: "Dishub", kind: "agency" },
  { id: "dlh", name: "Dinas Lingkungan Hidup", short_name: "DLH", kind: "agency" },
  {
    id: "disperkim",
    name: "Dinas Perumahan dan Kawasan Permukiman",
    short_name: "Disperkim",
    kind: "agency",
  },
  {
    id: "diskarpb",
    name: "Dinas Kebakaran dan Penanggulangan Bencana",
    short_name: "Diskar PB",
    kind: "agency",
  },
  { id: "diskominfo", name: "Command Center", short_name: "Diskominfo", kind: "command_center" },
  { id: "pln", name: "PLN", short_name: "PLN", kind: "external" },
];
const CHAT = -1001000000001;
const SECRET = "card-test-secret";
const ctx: CardContext = { lang: "id", agencies: AGENCIES, chatId: CHAT, secret: SECRET };

const AT = "2026-11-28T07:10:00.000Z";
function dispatched(t: Ticket = sampleTicket()): Ticket {
  return applyTransition(t, { type: "dispatch" }, AT, "system").ticket;
}
function claimed(): Ticket {
  return applyTransition(
    dispatched(),
    { type: "claim", assignee: { id: 7, name: "Sari <Bina Marga>" } },
    AT,
    "tg:7",
  ).ticket;
}

function labels(keyboard: InlineKeyboard): string[][] {
  return keyboard.map((row) => row.map((b) => b.text));
}

/** Telegram's HTML parser accepts only these tags and entities; every `&` must start one. */
function assertValidTelegramHtml(html: string): void {
  const withoutTags = html.replace(/<\/?(b|i|a)( href="[^"<>]*")?>/g, "");
  expect(withoutTags).not.toMatch(/[<>]/);
  expect(withoutTags.replace(/&(amp|lt|gt|quot);/g, "")).not.toContain("&");
  const opens = (html.match(/<(b|i|a)[ >]/g) ?? []).length;
  const closes = (html.match(/<\/(b|i|a)>/g) ?? []).length;
  expect(opens).toBe(closes);
}

function cardOf(text: string): string {
  return renderCard(dispatched(sampleTicket({ tweet: sampleTweet({ text }) })), ctx).text;
}

describe("card text", () => {
  it("shows the id, status, tweet, author, place with its source, reasons, Jakarta time and link", () => {
    const { text, parse_mode } = renderCard(dispatched(), ctx);
    expect(parse_mode).toBe("HTML");
    expect(text).toContain("<b>ADU-000123</b> · DSDABM");
    expect(text).toContain("<i>Menunggu diambil</i>");
    expect(text).toContain("jln Sangkuriang depan kampus bolong gede bgt");
    expect(text).toContain("👤 Pelapor: Rina Kusuma (@wargacoblong)");
    expect(text).toContain("📍 Lokasi: Jl. Sangkuriang, Coblong (dari teks)");
    expect(text).toContain("🔎 Alasan: jalan bolong");
    expect(text).toContain("🕑 Diterima: 28 Nov 2026 14.05 WIB");
    expect(text).toContain('<a href="https://x.com/wargacoblong/status/1864000000000000001">Lihat tweet</a>');
    expect(text).not.toContain("MENDESAK");
    assertValidTelegramHtml(text);
  });

  it("an urgent ticket says so at the top", () => {
    const t = dispatched(sampleTicket({ urgency: "urgent", triage: sampleVerdict({ urgency: "urgent" }) }));
    expect(renderCard(t, ctx).text.startsWith("<b>🚨 MENDESAK</b>\n")).toBe(true);
  });

  it.each([
    ["<b>tebal</b> di jalan", "&lt;b&gt;tebal&lt;/b&gt; di jalan"],
    ["selokan </pre> mampet", "selokan &lt;/pre&gt; mampet"],
    ["sampah &amp; bau", "sampah &amp;amp; bau"],
    ["Tom & Jerry <3", "Tom &amp; Jerry &lt;3"],
    ['kata "pak" RT', "kata &quot;pak&quot; RT"],
    ["nomor {ticket} {agency}", "nomor {ticket} {agency}"],
  ])("tweet text %j is shown escaped", (raw, escaped) => {
    const text = cardOf(raw);
    expect(text).toContain(escaped);
    assertValidTelegramHtml(text);
  });

  it("an RTL override in a tweet cannot flip the rest of the card", () => {
    const text = cardOf("jalan \u202Eكسر\u202C rusak \u2067abc\u2069 \u200Fok");
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200F]/);
    expect(text).toContain("كسر");
    assertValidTelegramHtml(text);
  });

  it("zero-width characters are dropped from a card while emoji sequences survive intact", () => {
    const text = cardOf("pohon\u200Btumbang 👨‍👩‍👧 di\u200Dsini");
    expect(text).toContain("👨‍👩‍👧");
    expect(text).toContain("pohontumbang");
    expect(text).toContain("disini");
  });

  it.each([
    ["20 KB of emoji", "🌊".repeat(10_000)],
    ["a family emoji flood", "👨‍👩‍👧‍👦".repeat(3_000)],
    ["escaped characters at the edge", "&<>".repeat(3_000)],
    ["RTL text", "الطريق مكسور ".repeat(800)],
    ["long text with control characters", "a\u0000b\u0007c\r\n".repeat(2_000)],
  ])("%s fits in 4096 characters without cutting an entity or a character", (_what, raw) => {
    const text = cardOf(raw);
    expect(text.length).toBeLessThanOrEqual(TELEGRAM_MAX_TEXT);
    expect(text).toContain("…");
    expect(text).toContain("🕑 Diterima: 28 Nov 2026 14.05 WIB");
    assertValidTelegramHtml(text);
    expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(text).not.toMatch(/&(a|am|l|g)?…/);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F]/);
  });

  it.each([
    ["👨‍👩‍👧‍👦", 3_000],
    ["🇮🇩", 3_000],
    ["e\u0301", 5_000],
    ["👍🏽", 3_000],
  ])("a long run of %s is cut between whole characters", (unit, times) => {
    for (const budget of [100, 101, 102, 103, 4000]) {
      const out = escapeWithin(unit.repeat(times), budget);
      expect(out.length).toBeLessThanOrEqual(budget);
      expect(out.endsWith("…")).toBe(true);
      const kept = out.slice(0, -1);
      expect(kept.length % unit.length).toBe(0);
      expect(kept).toBe(unit.repeat(kept.length / unit.length));
    }
  });

  it("escapeWithin never returns more than its budget", () => {
    for (const budget of [0, 1, 2, 5, 6, 7, 100]) {
      expect(escapeWithin("&&&&&&&&&&😀😀😀".repeat(5), budget).length).toBeLessThanOrEqual(budget);
    }
  });

  it.each([
    [
      "text",
      { street: "Jl. Sangkuriang", kecamatan: "Coblong", source: "text" },
      "Lokasi: Jl. Sangkuriang, Coblong (dari teks)",
    ],
    [
      "coordinates",
      { kecamatan: "Coblong", kelurahan: "Dago", lat: -6.8915, lon: 107.6107, source: "coordinates" },
      "Lokasi: Dago, Coblong (-6.89150, 107.61070) (dari koordinat)",
    ],
    ["profile", { kecamatan: "Antapani", source: "profile" }, "Lokasi: Antapani (dari profil, lemah)"],
    ["place", { kecamatan: "Sukajadi", source: "place" }, "Lokasi: Sukajadi (dari tempat di tweet)"],
    ["none", { source: "none" }, "Lokasi: tidak diketahui"],
  ] as const)("a location %s is shown with its source", (_s, location, expected) => {
    const t = dispatched(sampleTicket({ triage: sampleVerdict({ location: { ...location } }) }));
    expect(renderCard(t, ctx).text).toContain(`📍 ${expected}`);
  });

  it("times are Bandung's wall clock in both languages", () => {
    expect(formatJakartaTime("2026-11-28T07:05:00Z", "id")).toBe("28 Nov 2026 14.05 WIB");
    expect(formatJakartaTime("2026-08-16T20:30:00Z", "id")).toBe("17 Agu 2026 03.30 WIB");
    expect(formatJakartaTime("2026-08-16T20:30:00Z", "en")).toBe("17 Aug 2026 03:30 WIB");
  });

  it("English cards use English text", () => {
    const { text, keyboard } = renderCard(claimed(), { ...ctx, lang: "en" });
    expect(text).toContain("Handled by Sari &lt;Bina Marga&gt;");
    expect(text).toContain("Open tweet");
    expect(labels(keyboard)).toEqual([
      ["Resolve", "Reassign"],
      ["Reject", "Kind"],
    ]);
  });
});

describe("status lines and keyboards", () => {
  it("a dispatched card offers Ambil, Alihkan, Selesai, Tolak and Jenis, at most two a row", () => {
    expect(labels(renderCard(dispatched(), ctx).keyboard)).toEqual([
      ["Ambil", "Alihkan"],
      ["Selesai", "Tolak"],
      ["Jenis"],
    ]);
  });

  it("a claimed card names who handles it and offers Selesai, Alihkan, Tolak, Jenis", () => {
    const { text, keyboard } = renderCard(claimed(), ctx);
    expect(text).toContain("<i>Ditangani oleh Sari &lt;Bina Marga&gt;</i>");
    expect(labels(keyboard)).toEqual([
      ["Selesai", "Alihkan"],
      ["Tolak", "Jenis"],
    ]);
  });

  it("Jenis lists the kinds the ticket is not, two a row, and the card shows the kind staff set", () => {
    const asked = applyTransition(claimed(), { type: "set_kind", kind: "pertanyaan" }, AT, "tg:7").ticket;
    const menu = renderCard(asked, { ...ctx, menu: "kind" });
    expect(labels(menu.keyboard)).toEqual([
      ["Keluhan", "Permintaan"],
      ["Saran", "Batal"],
    ]);
    expect(menu.text).toContain("<b>ADU-000123</b> · DSDABM · Pertanyaan\n");
  });

  it("a resolved card shows the note and has no buttons", () => {
    const t = applyTransition(
      claimed(),
      { type: "resolve", note: "Sudah ditambal <hari ini>" },
      AT,
      "tg:7",
    ).ticket;
    const { text, keyboard } = renderCard(t, ctx);
    expect(text).toContain("<i>Selesai: Sudah ditambal &lt;hari ini&gt;</i>");
    expect(keyboard).toEqual([]);
  });

  it("a rejected duplicate names the original and has no buttons", () => {
    const t = applyTransition(
      dispatched(),
      { type: "reject", reason: "duplikat", duplicateOf: "ADU-000042" },
      AT,
      "tg:7",
    ).ticket;
    const { text, keyboard } = renderCard(t, ctx);
    expect(text).toContain("<i>Ditolak: Duplikat ADU-000042</i>");
    expect(keyboard).toEqual([]);
  });

  it("the old card of a reassigned ticket says where it went and loses its buttons", () => {
    const moved = applyTransition(claimed(), { type: "reassign", agency: "dishub" }, AT, "tg:7").ticket;
    const old = renderCard(moved, { ...ctx, cardAgency: "dsdabm" });
    expect(old.text).toContain("<i>Dialihkan ke Dishub</i>");
    expect(old.keyboard).toEqual([]);
    const fresh = renderCard(moved, { ...ctx, chatId: -1002 });
    expect(fresh.text).toContain("<b>ADU-000123</b> · Dishub");
    expect(labels(fresh.keyboard)[0]).toEqual(["Ambil", "Alihkan"]);
  });

  it("the Alihkan menu lists the other city agencies two per row, then Batal", () => {
    const { keyboard } = renderCard(dispatched(), { ...ctx, menu: "reassign" });
    expect(labels(keyboard)).toEqual([["Dishub", "DLH"], ["Disperkim", "Diskar PB"], ["Batal"]]);
    const first = keyboard[0]![0]!;
    expect("callback_data" in first && decodeCallbackData(first.callback_data, CHAT, SECRET)).toEqual({
      action: "reassign",
      ticketId: "ADU-000123",
      arg: "dishub",
    });
  });

  it("the Tolak menu offers the reasons and Batal", () => {
    expect(labels(renderCard(claimed(), { ...ctx, menu: "reject" }).keyboard)).toEqual([
      ["Bukan aduan", "Spam"],
      ["Duplikat", "Batal"],
    ]);
  });

  it("the Selesai menu offers finishing without a note", () => {
    expect(labels(renderCard(claimed(), { ...ctx, menu: "resolve" }).keyboard)).toEqual([
      ["Selesai tanpa catatan"],
      ["Batal"],
    ]);
  });

  it("every button is signed for the chat the card is in, and at most 64 bytes", () => {
    for (const menu of ["main", "reassign", "reject", "resolve"] as const) {
      for (const row of renderCard(dispatched(), { ...ctx, menu }).keyboard) {
        for (const b of row) {
          if (!("callback_data" in b)) continue;
          expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
          expect(() => decodeCallbackData(b.callback_data, CHAT, SECRET)).not.toThrow();
          expect(() => decodeCallbackData(b.callback_data, -1009, SECRET)).toThrow();
        }
      }
    }
  });
});

describe("the report's kind", () => {
  const withKind = (kind: "keluhan" | "permintaan" | "pertanyaan" | "saran") =>
    dispatched(sampleTicket({ triage: sampleVerdict({ kind }) }));

  it.each([
    ["keluhan", "Keluhan", "Complaint"],
    ["permintaan", "Permintaan layanan", "Service request"],
    ["pertanyaan", "Pertanyaan", "Question"],
    ["saran", "Saran", "Suggestion"],
  ] as const)("a %s shows next to the agency line, in Indonesian or English", (kind, id, en) => {
    expect(renderCard(withKind(kind), ctx).text).toContain(`<b>ADU-000123</b> · DSDABM · ${id}\n`);
    expect(renderCard(withKind(kind), { ...ctx, lang: "en" }).text).toContain(
      `<b>ADU-000123</b> · DSDABM · ${en}\n`,
    );
  });

  it("is on the triage card too", () => {
    const desk = sampleTicket({ agency: null, triage: sampleVerdict({ agency: null, kind: "pertanyaan" }) });
    expect(renderCard(desk, { ...ctx, kind: "triage" }).text).toContain("<b>ADU-000123</b> · Pertanyaan\n");
  });

  it("a ticket stored before report kinds (no kind, or null) shows nothing about it", () => {
    expect(renderCard(dispatched(), ctx).text).toContain("<b>ADU-000123</b> · DSDABM\n");
    const none = dispatched(sampleTicket({ triage: sampleVerdict({ kind: null }) }));
    expect(renderCard(none, ctx).text).toContain("<b>ADU-000123</b> · DSDABM\n");
  });
});

describe("triage and moderation cards", () => {
  const lowConfidence = sampleTicket({
    agency: null,
    triage: sampleVerdict({
      agency: null,
      confidence: 0.21,
      candidates: [
        { agency: "dlh", score: 0.9 },
        { agency: "dishub", score: 0.4 },
      ],
    }),
  });

  it("a desk card offers the triage's three best agencies as one-tap routes, Bukan aduan and Lainnya…", () => {
    const desk = sampleTicket({
      agency: null,
      triage: sampleVerdict({
        agency: "diskominfo",
        disposition: "desk",
        confidence: 0.21,
        candidates: [
          { agency: "dlh", score: 0.9 },
          { agency: "pln", score: 0.6 },
          { agency: "dishub", score: 0.4 },
          { agency: "disperkim", score: 0.3 },
          { agency: "dsdabm", score: 0.2 },
        ],
      }),
    });
    const { text, keyboard } = renderCard(desk, { ...ctx, kind: "triage" });
    expect(text).toContain("Perlu dipilah");
    expect(text).toContain("Usulan dinas: DLH (21%)");
    // An external (PLN) candidate is no routing choice: the next city agency takes its place.
    expect(labels(keyboard)).toEqual([["→ DLH"], ["→ Dishub"], ["→ Disperkim"], ["Bukan aduan", "Lainnya…"]]);
    const decoded = keyboard
      .flat()
      .map((b) => "callback_data" in b && decodeCallbackData(b.callback_data, CHAT, SECRET));
    expect(decoded).toEqual([
      { action: "route", ticketId: "ADU-000123", arg: "dlh" },
      { action: "route", ticketId: "ADU-000123", arg: "dishub" },
      { action: "route", ticketId: "ADU-000123", arg: "disperkim" },
      { action: "reject", ticketId: "ADU-000123", arg: "bukan_aduan" },
      { action: "route_menu", ticketId: "ADU-000123" },
    ]);
  });

  it("Lainnya… opens every city agency, suggestions first, with Tolak and Batal", () => {
    const { keyboard } = renderCard(lowConfidence, { ...ctx, kind: "triage", menu: "route" });
    expect(labels(keyboard)).toEqual([
      ["DLH", "Dishub"],
      ["DSDABM", "Disperkim"],
      ["Diskar PB"],
      ["Tolak", "Batal"],
    ]);
  });

  it("a desk card of an older ticket with fewer candidates offers just those", () => {
    const { keyboard } = renderCard(lowConfidence, { ...ctx, kind: "triage" });
    expect(labels(keyboard)).toEqual([["→ DLH"], ["→ Dishub"], ["Bukan aduan", "Lainnya…"]]);
  });

  it("in English the desk card's buttons are English", () => {
    const { keyboard } = renderCard(lowConfidence, { ...ctx, lang: "en", kind: "triage" });
    expect(labels(keyboard)).toEqual([["→ DLH"], ["→ Dishub"], ["Not a report", "More…"]]);
  });

  it("once routed by hand the triage card says where it went and has no buttons", () => {
    const routed = applyTransition(lowConfidence, { type: "dispatch", agency: "dlh" }, AT, "tg:3").ticket;
    const { text, keyboard } = renderCard(routed, { ...ctx, kind: "triage" });
    expect(text).toContain("<i>Diteruskan ke DLH</i>");
    expect(text).not.toContain("Perlu dipilah");
    expect(keyboard).toEqual([]);
  });

  it("a moderation card warns that no reply goes out and offers reject or route", () => {
    const abusive = sampleTicket({ triage: sampleVerdict({ abusive: true }) });
    const { text, keyboard } = renderCard(abusive, { ...ctx, kind: "moderation" });
    expect(text.startsWith("<b>⚠️ Moderasi: tweet bernada kasar</b>")).toBe(true);
    expect(text).toContain("Tidak ada balasan otomatis");
    expect(labels(keyboard)).toEqual([["Tolak (kasar)"], ["Teruskan ke dinas"]]);
    expect(labels(renderCard(abusive, { ...ctx, kind: "moderation", menu: "route" }).keyboard)).toEqual([
      ["DSDABM", "Dishub"],
      ["DLH", "Disperkim"],
      ["Diskar PB", "Batal"],
    ]);
  });
});

describe("UI dictionaries", () => {
  function leaves(o: unknown): string[] {
    if (typeof o === "string") return [o];
    if (typeof o === "function") return [String((o as (...a: unknown[]) => string)("X", 1))];
    if (o && typeof o === "object") return Object.values(o).flatMap(leaves);
    return [];
  }

  it("Indonesian and English have the same keys and contain no HTML-significant characters", () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === "object" && !Array.isArray(v) ? keys(v).map((s) => `${k}.${s}`) : [k],
      );
    expect(keys(UI_EN).sort()).toEqual(keys(UI_ID).sort());
    for (const s of [...leaves(UI_ID), ...leaves(UI_EN)]) expect(s).not.toMatch(/[<>&]/);
  });
});
