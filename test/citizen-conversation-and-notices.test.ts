import { describe, expect, it } from "vitest";
import { flush, step, type Session, type StepContext } from "../src/citizens/conversation.js";
import { citizenStrings } from "../src/citizens/citizen-strings.js";
import { dueNotices, noticeStillTrue, noticeText, CITIZEN_ACTOR } from "../src/citizens/citizen-notices.js";
import { citizenReportId, isReportTweet, reportAsTweet } from "../src/citizens/citizen-report.js";
import { buildReport } from "../src/core/reports/ticket-report.js";
import { withCitizenErased } from "../src/ports/ticket-store.js";
import type { Ticket, TicketEvent } from "../src/core/ticket.js";
import { sampleTicket } from "./support/sample-ticket.js";
import { bandungOffice, continuous, NORMAL_TARGETS } from "./fixtures/sla-calendar.js";

const t = citizenStrings("id");
let msg = 10;
function ctx(over: Partial<StepContext> = {}): StepContext {
  msg += 1;
  return {
    t,
    now: Date.parse("2026-11-28T03:00:00Z"),
    chatId: 5001,
    userId: 5001,
    firstName: "Siti",
    messageId: msg,
    reportId: citizenReportId("k", 5001, msg),
    collectMinutes: 3,
    namesPlace: (text) => /jl\.|jalan \w+ \w+/i.test(text),
    placeOfPin: () => "Lebak Siliwangi, Kec. Coblong",
    ...over,
  };
}

describe("the report conversation", () => {
  it("starts a report on the first message, offers send and location buttons, and schedules the window's end", () => {
    const s = step(null, { kind: "text", text: "lampu jalan mati" }, ctx());
    expect(s.session?.draft.texts).toEqual(["lampu jalan mati"]);
    expect(s.actions).toEqual([
      expect.objectContaining({
        type: "say",
        keyboard: expect.arrayContaining([[{ text: "Kirim laporan" }]]),
      }),
      { type: "schedule_flush", reportId: s.session?.draft.id, delayMs: 180_000 },
    ]);
  });

  it("keeps several messages, a photo and a pin as one report", () => {
    let session: Session | null = step(null, { kind: "text", text: "banjir" }, ctx()).session;
    session = step(session, { kind: "photo", fileId: "F1", caption: "air setinggi lutut" }, ctx()).session;
    const pinned = step(session, { kind: "location", lat: -6.89, lon: 107.61 }, ctx());
    expect(pinned.actions).toEqual([
      { type: "say", text: "Lokasi diterima: Lebak Siliwangi, Kec. Coblong." },
    ]);
    const sent = step(pinned.session, { kind: "text", text: "Kirim laporan" }, ctx());
    expect(sent.session).toBeNull();
    const submit = sent.actions.find((a) => a.type === "submit");
    expect(submit).toMatchObject({
      draft: { texts: ["banjir", "air setinggi lutut"], photos: ["F1"], pin: [107.61, -6.89] },
    });
  });

  it("asks for the place when the text names none and no pin came, then sends with the typed place", () => {
    const first = step(null, { kind: "text", text: "jalan berlubang" }, ctx());
    const asked = step(first.session, { kind: "text", text: "Kirim laporan" }, ctx());
    expect(asked.actions).toEqual([
      {
        type: "say",
        text: t.askPlace,
        keyboard: [[{ text: "📍 Kirim lokasi", request: "location" }], [{ text: "Kirim tanpa lokasi" }]],
      },
    ]);
    const done = step(asked.session, { kind: "text", text: "Jl. Dago depan SMA 1" }, ctx());
    expect(done.actions[0]).toMatchObject({
      type: "submit",
      draft: { texts: ["jalan berlubang", "Jl. Dago depan SMA 1"] },
    });
  });

  it("keeps a shared phone number only when it is the citizen's own", () => {
    const s = step(null, { kind: "text", text: "sampah" }, ctx());
    expect(
      step(s.session, { kind: "contact", phone: "+62811", own: false }, ctx()).session?.draft.phone,
    ).toBeUndefined();
    expect(step(s.session, { kind: "contact", phone: "+62811", own: true }, ctx()).session?.draft.phone).toBe(
      "+62811",
    );
  });

  it("sends the report when its window ends, and nothing for a report already sent or another one", () => {
    const s = step(null, { kind: "text", text: "pohon tumbang" }, ctx());
    const id = s.session?.draft.id ?? "";
    expect(flush(s.session, "tg-other", t).actions).toEqual([]);
    expect(flush(s.session, id, t).actions[0]).toMatchObject({ type: "submit" });
    expect(flush(null, id, t).actions).toEqual([]);
  });

  it("asks for words when a report is only a photo: nothing is sent that triage cannot read", () => {
    const s = step(null, { kind: "photo", fileId: "F9" }, ctx());
    const sent = step(s.session, { kind: "text", text: "Kirim laporan" }, ctx());
    expect(sent.actions).toEqual([{ type: "say", text: t.nothingToSend }]);
    expect(sent.session?.draft.photos).toEqual(["F9"]);
    const id = s.session?.draft.id ?? "";
    expect(flush(s.session, id, t).actions).toEqual([{ type: "say", text: t.nothingToSend }]);
    const worded = step(sent.session, { kind: "text", text: "tiang listrik miring di Jl. Dago" }, ctx());
    expect(step(worded.session, { kind: "text", text: "Kirim laporan" }, ctx()).actions[0]).toMatchObject({
      type: "submit",
      draft: { photos: ["F9"], texts: ["tiang listrik miring di Jl. Dago"] },
    });
  });

  it("names a report by a keyed hash: the same first message, the same id; no Telegram id in it", () => {
    expect(citizenReportId("k", 5001, 7)).toBe(citizenReportId("k", 5001, 7));
    expect(citizenReportId("k", 5001, 7)).not.toBe(citizenReportId("k", 5001, 8));
    expect(citizenReportId("k", 5001, 7)).not.toContain("5001");
    const s = step(null, { kind: "text", text: "lampu mati" }, ctx());
    const tweet = reportAsTweet(s.session!.draft, "2026-11-28T03:00:00Z");
    expect(isReportTweet(tweet)).toBe(true);
    expect(isReportTweet({ ...tweet, id: "tg-5001-7" })).toBe(false);
    expect(tweet).toMatchObject({ mentions_us: false, url: "" });
  });
});

function telegramTicket(events: Partial<TicketEvent>[] = [], over: Partial<Ticket> = {}): Ticket {
  const base = sampleTicket();
  return {
    ...base,
    channel: "telegram",
    citizen: {
      user_id: 5001,
      chat_id: 5001,
      first_name: "Siti",
      photos: ["F1"],
      phone: "+62811",
      pin: [107.6, -6.9],
    },
    status: "dispatched",
    history: [
      ...base.history,
      ...events.map((e) => ({ at: "2026-11-28T08:00:00.000Z", actor: "tg:1", ...e }) as TicketEvent),
    ],
    ...over,
  };
}

describe("status messages to the citizen", () => {
  it("are owed once per transition round, from the history alone", () => {
    const ticket = telegramTicket(
      [
        { type: "dispatched" },
        { type: "claimed" },
        { type: "resolved" },
        { type: "reopened" },
        { type: "claimed" },
      ],
      { status: "claimed" },
    );
    expect(dueNotices(ticket)).toEqual([
      { notice: "received", round: 1 },
      { notice: "claimed", round: 1 },
      { notice: "claimed", round: 2 },
      { notice: "resolved", round: 1 },
      { notice: "reopened", round: 1 },
    ]);
    expect(dueNotices({ ...ticket, channel: "x" })).toEqual([]);
  });

  it("drop a claim or a resolution the ticket has moved past, and a reopen the citizen asked for", () => {
    const ticket = telegramTicket([{ type: "claimed" }, { type: "resolved" }], { status: "resolved" });
    expect(noticeStillTrue(ticket, { notice: "claimed", round: 1 })).toBe(false);
    expect(noticeStillTrue(ticket, { notice: "resolved", round: 1 })).toBe(true);
    const byCitizen = telegramTicket([{ type: "resolved" }, { type: "reopened", actor: CITIZEN_ACTOR }]);
    expect(noticeStillTrue(byCitizen, { notice: "reopened", round: 1 })).toBe(false);
  });

  it("name the agency, or the city's triage desk when none routed it yet", () => {
    const name = (id: string | null) => (id === "dsdabm" ? "DSDABM" : "?");
    expect(noticeText(telegramTicket(), "received", t, name)).toBe(
      "Laporan Anda kami terima: ADU-000123. Diteruskan ke DSDABM.",
    );
    expect(noticeText(telegramTicket([], { status: "new" }), "received", t, name)).toContain(
      "meja triase kota",
    );
    expect(
      noticeText(telegramTicket([], { resolution_note: "sudah ditambal" }), "resolved", t, name),
    ).toContain("ADU-000123 selesai ditangani: sudah ditambal");
  });
});

describe("a citizen's data", () => {
  it("is erased from a Telegram ticket, leaving a tombstone; an X ticket is left alone", () => {
    const ticket = telegramTicket([], {
      tweet: { ...sampleTicket().tweet, author_id: "tg:5001", author_name: "Siti" },
    });
    const erased = withCitizenErased(ticket, "2026-11-29T00:00:00.000Z");
    expect(erased.citizen).toEqual({ erased_at: "2026-11-29T00:00:00.000Z" });
    expect(JSON.stringify(erased)).not.toMatch(/5001|Siti|F1|62811/);
    const x = sampleTicket();
    expect(withCitizenErased(x, "2026-11-29T00:00:00.000Z")).toBe(x);
  });
});

describe("the supervisors' report", () => {
  it("counts channels separately with the channel cut (old tickets are X's)", () => {
    const x = sampleTicket({ id: "ADU-000001" });
    const tg = { ...sampleTicket({ id: "ADU-000002" }), channel: "telegram" as const };
    const report = buildReport([x, tg, { ...tg, id: "ADU-000003" }], {
      from: new Date("2026-11-28T00:00:00Z"),
      to: new Date("2026-11-29T00:00:00Z"),
      now: new Date("2026-11-29T00:00:00Z"),
      cut: "channel",
      calendars: { working_hours: bandungOffice(), continuous },
      targetsFor: () => NORMAL_TARGETS,
    });
    expect(report.groups.map((g) => [g.key, g.received])).toEqual([
      ["telegram", 2],
      ["x", 1],
    ]);
  });
});
