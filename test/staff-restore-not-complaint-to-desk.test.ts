import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { correctionAt, toLabelledLines } from "../src/core/correction.js";
import { applyTransition } from "../src/core/lifecycle.js";
import { dueNotices } from "../src/citizens/citizen-notices.js";
import type { Ticket } from "../src/core/ticket.js";
import type { TriageVerdict } from "../src/triage/types.js";
import type { RedisCorrectionLog } from "../src/redis/correction-log.js";
import { sampleTicket, sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { startDashboardKit, type DashboardKit } from "./support/dashboard-kit.js";
import { openCorrectionLogKit, type CorrectionLogKit } from "./support/correction-log-kit.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  KEPALA,
  OPERATOR,
  SUPERVISORS_CHAT,
  TRIAGE_CHAT,
  eventually,
  staffKitForFile,
} from "./support/staff-bot-kit.js";

/**
 * `/jadikanaduan`: a tweet triage kept as "not a report" (status `not_complaint`, no card, no
 * reply) is brought back by the triage desk or a supervisor, lands at the desk as a card once, and
 * its routing from there is recorded as a correction of triage's `audit`.
 */
const PREFIX = `test-restore-${randomUUID().slice(0, 8)}`;
let corrections: CorrectionLogKit;
let log: RedisCorrectionLog;
let seq = 0;
beforeAll(() => {
  corrections = openCorrectionLogKit(PREFIX);
});
afterAll(async () => {
  await corrections?.close();
});
// Registered after the corrections' hooks, so the bot starts after its log and stops before it
// (vitest runs after-hooks in reverse).
const kit = staffKitForFile({
  commandsPerMinute: 100,
  decorateStore: (s) => {
    const recording = corrections.recording(s);
    log = recording.log;
    return recording.store;
  },
});
beforeAll(() => {
  for (const who of [KEPALA, ASEP, OPERATOR]) kit.privateChat(who);
});

const ALL = [0, Date.parse("2100-01-01")] as const;

/** A tweet triage called clearly nothing: stored as `not_complaint`, as the pipeline does. */
async function keptForAudit(
  text: string,
  abusive = false,
  candidates: TriageVerdict["candidates"] = [],
): Promise<Ticket> {
  const tweet = sampleTweet({ id: `18660000000${String(++seq).padStart(8, "0")}`, text, mentions_us: true });
  const verdict = sampleVerdict({
    id: tweet.id,
    complaint: false,
    disposition: "audit",
    kind: null,
    agency: null,
    confidence: 0,
    candidates,
    evidence: [],
    abusive,
  });
  const at = new Date().toISOString();
  const { ticket } = await kit.store.createFromTweet(tweet, verdict, at);
  return (await kit.store.transition(ticket.id, { type: "mark_not_complaint" }, at, "system")).ticket;
}

/** Sends a message as `userId` and waits for the bot's answer in that chat (a card may come first). */
async function ask(chatId: number, userId: number, text: string): Promise<string> {
  const before = kit.sim.messages(chatId).length;
  kit.sim.sendUserMessage({ chatId, userId, text });
  return await eventually(() => {
    const answers = kit.sim
      .messages(chatId)
      .slice(before)
      .filter((m) => m.buttons.length === 0);
    expect(answers.length).toBeGreaterThan(0);
    return answers.at(-1)?.text ?? "";
  });
}

/** The cards of a ticket in a chat: messages naming it with buttons under them. */
const cardsOf = (chatId: number, id: string) =>
  kit.sim.messages(chatId).filter((m) => (m.text ?? "").includes(id) && m.buttons.length > 0);

describe("/jadikanaduan", () => {
  it("brings a not_complaint ticket to the triage desk once: one card, one received reply, a second command refused with its status", async () => {
    // Triage keeps its best guesses on an audit verdict: the desk card offers them as one tap each.
    const kept = await keptForAudit(
      "@PemkotBandung kapan ya pohon di Jl. Tamansari dipangkas, sudah nyangkut kabel",
      false,
      [
        { agency: "dsdabm", score: 2.5 },
        { agency: "dishub", score: 0 },
      ],
    );

    const answer = await ask(TRIAGE_CHAT, OPERATOR.id, `/jadikanaduan ${kept.id}`);
    expect(answer).toBe(
      `${kept.id} dijadikan aduan: kartunya dikirim ke meja triase untuk dipilih dinasnya.`,
    );

    const back = await kit.ticket(kept.id);
    expect(back.status).toBe("new");
    expect(back.history.at(-1)).toMatchObject({
      type: "restored",
      actor: `tg:${OPERATOR.id}`,
      from: "not_complaint",
      to: "new",
    });
    // Triage's verdict is what it was: the later routing is measured against it.
    expect(back.triage).toEqual(kept.triage);
    const cards = cardsOf(TRIAGE_CHAT, kept.id);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.text).toContain("Perlu dipilah");
    expect(cards[0]?.buttons.flat().map((b) => b.text)).toEqual([
      "→ DSDABM",
      "→ Dishub",
      "Bukan aduan",
      "Lainnya…",
    ]);
    expect(back.telegram?.chat_id).toBe(TRIAGE_CHAT);
    expect(kit.replies.filter((r) => r.ticketId === kept.id)).toEqual([
      { ticketId: kept.id, kind: "received", round: 1 },
    ]);

    const again = await ask(SUPERVISORS_CHAT, KEPALA.id, `/jadikanaduan ${kept.id}`);
    expect(again).toMatch(
      new RegExp(
        `^${kept.id} tidak tersimpan sebagai bukan aduan, jadi tidak diubah\\. Statusnya sekarang: .+\\.$`,
      ),
    );
    expect(cardsOf(TRIAGE_CHAT, kept.id)).toHaveLength(1);
    expect(kit.telegramJobs.filter((j) => j.kind === "card" && j.ticketId === kept.id)).toHaveLength(1);
    expect(kit.replies.filter((r) => r.ticketId === kept.id)).toHaveLength(1);
    expect((await kit.ticket(kept.id)).history.filter((e) => e.type === "restored")).toHaveLength(1);
  });

  it("a command repeated after a crash between the restore and its card sends the card once", async () => {
    const kept = await keptForAudit("@PemkotBandung lampu PJU di gang Sukajadi mati seminggu");
    // The first command's process died right after the transition: no card, no reply queued.
    await kit.store.transition(
      kept.id,
      { type: "restore_report" },
      new Date().toISOString(),
      `tg:${OPERATOR.id}`,
    );
    expect(cardsOf(TRIAGE_CHAT, kept.id)).toHaveLength(0);

    for (let i = 0; i < 2; i++) {
      expect(await ask(TRIAGE_CHAT, OPERATOR.id, `/jadikanaduan ${kept.id}`)).toContain(
        "tidak tersimpan sebagai bukan aduan",
      );
    }
    expect(cardsOf(TRIAGE_CHAT, kept.id)).toHaveLength(1);
    // Once the card is recorded a repeat queues nothing more.
    expect(kit.telegramJobs.filter((j) => j.kind === "card" && j.ticketId === kept.id)).toHaveLength(1);
    expect(kit.replies.filter((r) => r.ticketId === kept.id)).toEqual([
      { ticketId: kept.id, kind: "received", round: 1 },
    ]);
  });

  it("an abusive tweet brought back waits in moderation and gets no automatic reply", async () => {
    const kept = await keptForAudit("@PemkotBandung dasar pejabat goblok, jalan rusak dibiarkan", true);
    expect(await ask(TRIAGE_CHAT, OPERATOR.id, `/jadikanaduan ${kept.id}`)).toContain("dijadikan aduan");
    const cards = cardsOf(TRIAGE_CHAT, kept.id);
    expect(cards).toHaveLength(1);
    expect(cards[0]?.buttons.flat().map((b) => b.text)).toContain("Tolak (kasar)");
    expect(kit.replies.filter((r) => r.ticketId === kept.id)).toEqual([]);
  });

  it("a supervisor may bring one back from a private chat", async () => {
    const kept = await keptForAudit("@PemkotBandung sampah sisa kerja bakti RW 03 belum diangkut");
    expect(await ask(KEPALA.id, KEPALA.id, `/jadikanaduan ${kept.id}`)).toContain("dijadikan aduan");
    expect((await kit.ticket(kept.id)).status).toBe("new");
    expect(cardsOf(TRIAGE_CHAT, kept.id)).toHaveLength(1);
  });

  it("refuses an agency member in their group or privately, changing nothing", async () => {
    const kept = await keptForAudit("@PemkotBandung ini aduan yang tersaring");
    const refusal =
      "Maaf, hanya anggota grup triase dan supervisor yang dapat menjadikan aduan, di grup triase, grup supervisor, atau chat pribadi dengan bot.";
    expect(await ask(DISHUB_CHAT, BUDI.id, `/jadikanaduan ${kept.id}`)).toBe(refusal);
    expect(await ask(ASEP.id, ASEP.id, `/jadikanaduan ${kept.id}`)).toBe(refusal);

    const still = await kit.ticket(kept.id);
    expect(still.status).toBe("not_complaint");
    expect(still.history).toEqual(kept.history);
    expect(cardsOf(TRIAGE_CHAT, kept.id)).toHaveLength(0);
    expect(kit.logs).toContainEqual(
      expect.objectContaining({ level: "warn", msg: "refused /jadikanaduan outside the triage desk" }),
    );
  });

  it("answers a ticket that is not kept as not a complaint with its status, and an unknown id as not found", async () => {
    const { ticket } = await kit.dispatched("dsdabm", "@PemkotBandung jalan bolong di Jl. Dago");
    expect(await ask(TRIAGE_CHAT, OPERATOR.id, `/jadikanaduan ${ticket.id}`)).toBe(
      `${ticket.id} tidak tersimpan sebagai bukan aduan, jadi tidak diubah. Statusnya sekarang: Menunggu diambil.`,
    );
    expect(await ask(TRIAGE_CHAT, OPERATOR.id, "/jadikanaduan ADU-999999")).toBe(
      "Tiket ADU-999999 tidak ditemukan.",
    );
    expect(await ask(TRIAGE_CHAT, OPERATOR.id, "/jadikanaduan")).toBe(
      "Jadikan aduan tweet yang tersimpan sebagai bukan aduan, mis. /jadikanaduan ADU-000125",
    );
  });

  it("routing the restored ticket from the desk is a correction of triage's audit, exported as a labelled report", async () => {
    const text = "@PemkotBandung gorong-gorong depan SD Cihampelas mampet lagi";
    const kept = await keptForAudit(text);
    await ask(TRIAGE_CHAT, OPERATOR.id, `/jadikanaduan ${kept.id}`);
    const card = cardsOf(TRIAGE_CHAT, kept.id)[0];
    if (!card) throw new Error("no desk card");

    await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: card.messageId,
      userId: OPERATOR.id,
      button: "Lainnya…",
    });
    await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: card.messageId,
      userId: OPERATOR.id,
      button: "DSDABM",
    });

    const routed = await kit.ticket(kept.id);
    expect(routed.status).toBe("dispatched");
    expect(routed.agency).toBe("dsdabm");
    const mine = (await log.between(...ALL)).filter((c) => c.ticket_id === kept.id);
    expect(mine).toEqual([
      expect.objectContaining({
        decision: "route",
        text,
        actor: `tg:${OPERATOR.id}`,
        triage: { agency: null, kind: null, disposition: "audit", confidence: 0 },
        staff: { agency: "dsdabm", complaint: true },
        agrees: false,
      }),
    ]);
    expect(toLabelledLines(mine)).toEqual([
      expect.objectContaining({ id: kept.id, text, labels: ["dsdabm"], decision: "route" }),
    ]);
    // Routing from the desk sends no second "received": the one from the restore stands.
    expect(kit.replies.filter((r) => r.ticketId === kept.id)).toEqual([
      { ticketId: kept.id, kind: "received", round: 1 },
    ]);
  });

  it("is listed by /help in the triage group and the supervisors' group, not in an agency's group", async () => {
    expect(await ask(TRIAGE_CHAT, OPERATOR.id, "/help")).toContain("/jadikanaduan: Jadikan aduan");
    expect(await ask(SUPERVISORS_CHAT, KEPALA.id, "/help")).toContain("/jadikanaduan");
    expect(await ask(DISHUB_CHAT, BUDI.id, "/help")).not.toContain("/jadikanaduan");
    expect(await ask(ASEP.id, ASEP.id, "/help")).not.toContain("/jadikanaduan");
    expect(await ask(OPERATOR.id, OPERATOR.id, "/help")).toContain("/jadikanaduan");
  });
});

describe("a Telegram citizen's notices on a restored ticket (pure)", () => {
  it("the citizen told 'not a report' is owed one 'received' notice after the restore, and no second 'not a report'", () => {
    const audit = sampleVerdict({
      complaint: false,
      disposition: "audit",
      agency: null,
      confidence: 0,
      candidates: [],
    });
    const fromTelegram = sampleTicket({
      triage: audit,
      agency: null,
      channel: "telegram",
      citizen: { chat_id: 777, first_name: "Rina" },
    });
    const kept = applyTransition(
      fromTelegram,
      { type: "mark_not_complaint" },
      "2026-11-28T07:06:00.000Z",
      "system",
    ).ticket;
    expect(dueNotices(kept)).toEqual([{ notice: "not_report", round: 1 }]);
    const back = applyTransition(kept, { type: "restore_report" }, "2026-11-28T09:00:00.000Z", "tg:1").ticket;
    expect(dueNotices(back)).toEqual([{ notice: "received", round: 1 }]);
    const routed = applyTransition(
      back,
      { type: "dispatch", agency: "dishub" },
      "2026-11-28T09:05:00.000Z",
      "tg:1",
    ).ticket;
    expect(dueNotices(routed)).toEqual([{ notice: "received", round: 1 }]);
  });
});

describe("corrections on a restored ticket (pure)", () => {
  it("rejecting a restored audit ticket agrees with triage; routing it does not", () => {
    const audit = sampleVerdict({
      complaint: false,
      disposition: "audit",
      agency: null,
      confidence: 0,
      candidates: [],
    });
    const base = sampleTicket({ triage: audit, agency: null, status: "new" });
    const restored: Ticket = {
      ...base,
      history: [
        ...base.history,
        {
          at: "2026-11-28T07:05:03.000Z",
          type: "rejected",
          actor: "system",
          from: "new",
          to: "not_complaint",
          note: "bukan_aduan",
        },
        { at: "2026-11-28T09:00:00.000Z", type: "restored", actor: "tg:1", from: "not_complaint", to: "new" },
      ],
    };
    // Triage's own "not a report" and the restore itself are no corrections.
    expect(correctionAt(restored, 1)).toBeNull();
    expect(correctionAt(restored, 2)).toBeNull();
    const rejected: Ticket = {
      ...restored,
      history: [
        ...restored.history,
        {
          at: "2026-11-28T09:05:00.000Z",
          type: "rejected",
          actor: "tg:1",
          from: "new",
          to: "rejected",
          note: "bukan_aduan",
        },
      ],
    };
    expect(correctionAt(rejected, 3)).toMatchObject({
      decision: "reject",
      agrees: true,
      triage: { disposition: "audit" },
    });
    const routed: Ticket = {
      ...restored,
      history: [
        ...restored.history,
        { at: "2026-11-28T09:05:00.000Z", type: "dispatched", actor: "tg:1", from: "new", to: "dishub" },
      ],
    };
    expect(correctionAt(routed, 3)).toMatchObject({
      decision: "route",
      agrees: false,
      staff: { agency: "dishub", complaint: true },
      triage: { disposition: "audit", agency: null },
    });
  });
});

describe("the dashboard's page of a ticket kept as not a complaint", () => {
  let dk: DashboardKit;
  beforeAll(async () => {
    dk = await startDashboardKit();
  });
  afterAll(async () => {
    await dk?.close();
  });

  it("tells staff the command that brings it back, and only on such a ticket", async () => {
    const tweet = sampleTweet({
      id: "1866999000000000001",
      text: "@PemkotBandung kenapa bus TMB koridor 2 tidak jalan hari ini?",
    });
    const audit = sampleVerdict({
      id: tweet.id,
      complaint: false,
      disposition: "audit",
      agency: null,
      confidence: 0,
      candidates: [],
    });
    const at = new Date().toISOString();
    const { ticket } = await dk.store.createFromTweet(tweet, audit, at);
    await dk.store.transition(ticket.id, { type: "mark_not_complaint" }, at, "system");
    const cookie = await dk.login(await dk.linkFromBot(KEPALA));

    const page = await dk.get(`/dasbor/tiket/${ticket.id}`, cookie);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(`<code>/jadikanaduan ${ticket.id}</code>`);
    expect(body).toContain("Triase menyimpan cuitan ini sebagai bukan aduan.");
    // The timeline names triage's reason in words, not as its code.
    expect(body).toContain('<p class="note">Bukan aduan</p>');
    expect(body).not.toContain("bukan_aduan");
    // No web action: the page offers no form to do it.
    expect(body).not.toMatch(/<form[^>]*jadikan/i);

    await dk.store.transition(
      ticket.id,
      { type: "restore_report" },
      new Date().toISOString(),
      `tg:${KEPALA.id}`,
    );
    const after = await (await dk.get(`/dasbor/tiket/${ticket.id}`, cookie)).text();
    expect(after).not.toContain("/jadikanaduan");
    expect(after).toContain("Dijadikan aduan");
  });
});
