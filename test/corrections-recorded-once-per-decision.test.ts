import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toLabelledLines } from "../src/core/correction.js";
import { isTransitionRefused } from "../src/core/lifecycle.js";
import { backfillCorrections } from "../src/learning/record-corrections.js";
import type { RedisCorrectionLog } from "../src/redis/correction-log.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import {
  ASEP,
  DSDABM_CHAT,
  OPERATOR,
  TRIAGE_CHAT,
  startStaffKit,
  type StaffKit,
} from "./support/staff-bot-kit.js";
import { openCorrectionLogKit, type CorrectionLogKit } from "./support/correction-log-kit.js";

const PREFIX = `test:corrections:${randomUUID().slice(0, 8)}`;
let corrections: CorrectionLogKit;
let n = 0;
const fresh = () => corrections.redisStore({ prefix: `${PREFIX}:${++n}`, retentionDays: 30 });
const T0 = Date.parse("2026-11-28T07:05:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ALL = [0, Date.parse("2100-01-01")] as const;
const OP = `tg:${OPERATOR.id}`;

beforeAll(() => {
  corrections = openCorrectionLogKit(PREFIX);
});
afterAll(async () => {
  await corrections?.close();
});

describe("recording staff corrections through the ticket store", () => {
  it("a routing from the desk is recorded once with the tweet, triage's verdict and the staff's answer, even when the transition is retried", async () => {
    const { store, log } = fresh();
    const text = "@PemkotBandung trotoar depan sekolah dipakai parkir motor tiap pagi";
    const desk = sampleVerdict({ agency: "diskominfo", disposition: "desk", kind: "keluhan", confidence: 0 });
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "5001", text }), desk, at(0));

    await store.transition(ticket.id, { type: "dispatch", agency: "dishub" }, at(1), OP);
    // The same press handled twice (a retried update): the lifecycle refuses the second.
    const retry = await store
      .transition(ticket.id, { type: "dispatch", agency: "dishub" }, at(2), OP)
      .catch((e: unknown) => e);
    expect(isTransitionRefused(retry)).toBe(true);

    const kept = await log.between(...ALL);
    expect(kept).toEqual([
      {
        id: `${ticket.id}#1`,
        ticket_id: ticket.id,
        tweet_id: "5001",
        text,
        tweet_at: ticket.tweet.created_at,
        at: at(1),
        actor: OP,
        decision: "route",
        triage: { agency: "diskominfo", kind: "keluhan", disposition: "desk", confidence: 0 },
        staff: { agency: "dishub", complaint: true },
        agrees: false,
      },
    ]);
  });

  it("the pipeline's own routing, claims and resolutions are not corrections; a reassignment and a 'bukan aduan' are", async () => {
    const { store, log } = fresh();
    const { ticket: a } = await store.createFromTweet(sampleTweet({ id: "6001" }), sampleVerdict(), at(0));
    await store.transition(a.id, { type: "dispatch", agency: "dsdabm" }, at(1), "system");
    await store.transition(a.id, { type: "claim", assignee: ASEP }, at(2), `tg:${ASEP.id}`);
    await store.transition(a.id, { type: "reassign", agency: "dishub" }, at(3), `tg:${ASEP.id}`);
    await store.transition(a.id, { type: "resolve" }, at(4), "tg:7");

    const { ticket: b } = await store.createFromTweet(sampleTweet({ id: "6002" }), sampleVerdict(), at(5));
    await store.transition(b.id, { type: "dispatch", agency: "dsdabm" }, at(6), "system");
    await store.transition(b.id, { type: "reject", reason: "spam" }, at(7), "tg:7");
    const { ticket: c } = await store.createFromTweet(sampleTweet({ id: "6003" }), sampleVerdict(), at(8));
    await store.transition(c.id, { type: "dispatch", agency: "dsdabm" }, at(9), "system");
    await store.transition(c.id, { type: "reject", reason: "bukan_aduan" }, at(10), "tg:7");

    const kept = await log.between(...ALL);
    expect(kept.map((k) => [k.ticket_id, k.decision, k.triage.agency, k.staff.agency])).toEqual([
      [a.id, "reassign", "dsdabm", "dishub"],
      [c.id, "reject", "dsdabm", null],
    ]);
  });

  it("a backfill from the tickets' histories adds nothing already recorded and repairs what was missed", async () => {
    const { store, inner, log } = fresh();
    const { ticket: a } = await store.createFromTweet(sampleTweet({ id: "7001" }), sampleVerdict(), at(0));
    await store.transition(a.id, { type: "dispatch", agency: "dsdabm" }, at(1), "system");
    await store.transition(a.id, { type: "reassign", agency: "dishub" }, at(2), OP);
    // A decision made past the decorator (its record failed): only the history has it.
    await inner.transition(a.id, { type: "reassign", agency: "satpolpp" }, at(3), OP);

    const tickets = await inner.listReceivedBetween(at(-60), at(60));
    expect(await backfillCorrections(tickets, log)).toEqual({ seen: 2, added: 1 });
    expect(await backfillCorrections(tickets, log)).toEqual({ seen: 2, added: 0 });
    const kept = await log.between(...ALL);
    expect(kept.map((k) => k.staff.agency)).toEqual(["dishub", "satpolpp"]);
    // The export keeps the ticket's last answer only.
    expect(toLabelledLines(kept).map((l) => [l.id, l.labels])).toEqual([[a.id, ["satpolpp"]]]);
  });

  it("a changed kind is its own correction; the export answers agency and kind apart, from each one's last decision", async () => {
    const { store, log } = fresh();
    const verdict = sampleVerdict({ agency: "dsdabm", kind: "keluhan" });
    const { ticket: a } = await store.createFromTweet(sampleTweet({ id: "7501" }), verdict, at(0));
    await store.transition(a.id, { type: "dispatch", agency: "dsdabm" }, at(1), "system");
    await store.transition(a.id, { type: "set_kind", kind: "pertanyaan" }, at(2), OP);
    await store.transition(a.id, { type: "reassign", agency: "dishub" }, at(3), OP);
    // Set back to triage's kind: agrees, and the ticket's last kind answer is keluhan again.
    const { ticket: b } = await store.createFromTweet(sampleTweet({ id: "7502" }), verdict, at(4));
    await store.transition(b.id, { type: "dispatch", agency: "dsdabm" }, at(5), "system");
    await store.transition(b.id, { type: "set_kind", kind: "saran" }, at(6), OP);
    await store.transition(b.id, { type: "set_kind", kind: "keluhan" }, at(7), OP);
    // Not a report after all: no kind in the export.
    const { ticket: c } = await store.createFromTweet(sampleTweet({ id: "7503" }), verdict, at(8));
    await store.transition(c.id, { type: "dispatch", agency: "dsdabm" }, at(9), "system");
    await store.transition(c.id, { type: "set_kind", kind: "saran" }, at(10), OP);
    await store.transition(c.id, { type: "reject", reason: "bukan_aduan" }, at(11), OP);

    const kept = await log.between(...ALL);
    expect(kept.map((k) => [k.ticket_id, k.decision, k.staff.agency, k.staff.kind, k.agrees])).toEqual([
      [a.id, "kind", "dsdabm", "pertanyaan", false],
      [a.id, "reassign", "dishub", undefined, false],
      [b.id, "kind", "dsdabm", "saran", false],
      [b.id, "kind", "dsdabm", "keluhan", true],
      [c.id, "kind", "dsdabm", "saran", false],
      [c.id, "reject", null, undefined, false],
    ]);
    expect(toLabelledLines(kept).map((l) => [l.id, l.labels, l.kind, l.decision])).toEqual([
      [a.id, ["dishub"], "pertanyaan", "reassign"],
      [b.id, ["dsdabm"], "keluhan", "kind"],
      [c.id, [], undefined, "reject"],
    ]);
  });

  it("corrections older than the retention are dropped as new ones come in", async () => {
    const { store, log } = fresh(); // 30 days
    const old = await store.createFromTweet(sampleTweet({ id: "8001" }), sampleVerdict(), at(0));
    await store.transition(old.ticket.id, { type: "reject", reason: "bukan_aduan" }, at(1), OP);
    const later = at(31 * 24 * 60);
    const fresh2 = await store.createFromTweet(sampleTweet({ id: "8002" }), sampleVerdict(), later);
    await store.transition(fresh2.ticket.id, { type: "reject", reason: "bukan_aduan" }, later, OP);
    expect((await log.between(...ALL)).map((k) => k.tweet_id)).toEqual(["8002"]);
  });
});

describe("recording staff corrections from the buttons", () => {
  let kit: StaffKit;
  let log: RedisCorrectionLog;
  beforeAll(async () => {
    kit = await startStaffKit({
      decorateStore: (s) => {
        const recording = corrections.recording(s, { prefix: `${PREFIX}:kit` });
        log = recording.log;
        return recording.store;
      },
    });
  });
  afterAll(async () => {
    await kit?.close();
  });

  it("Alihkan pressed twice on the same card and a one-tap routing from the desk give one correction each", async () => {
    const moved = await kit.dispatched("dsdabm", "@PemkotBandung lampu merah Pasteur mati, macet parah");
    await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: moved.messageId,
      userId: ASEP.id,
      button: "Alihkan",
    });
    await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: moved.messageId,
      userId: ASEP.id,
      button: "Dishub",
    });
    // The old card is gone from under the second press: refused, nothing recorded twice.
    await kit.sim
      .press({ chatId: DSDABM_CHAT, messageId: moved.messageId, userId: ASEP.id, button: "Dishub" })
      .catch(() => undefined);

    const desk = await kit.untriaged({
      agency: "diskominfo",
      disposition: "desk",
      candidates: [
        { agency: "dishub", score: 0.4 },
        { agency: "dsdabm", score: 0.3 },
      ],
    });
    await kit.sim.press({
      chatId: TRIAGE_CHAT,
      messageId: desk.messageId,
      userId: OPERATOR.id,
      button: "→ DSDABM",
    });

    const kept = await log.between(...ALL);
    expect(kept.map((k) => [k.ticket_id, k.decision, k.staff.agency, k.actor])).toEqual([
      [moved.ticket.id, "reassign", "dishub", `tg:${ASEP.id}`],
      [desk.ticket.id, "route", "dsdabm", OP],
    ]);
  });
});
