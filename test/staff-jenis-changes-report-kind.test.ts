import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BullSlaJobQueue } from "../jobs/sla-job-queue.js";
import { bullPrefix, type SlaQueueJob } from "../jobs/queues.js";
import { toLabelledLines } from "../src/core/correction.js";
import { slaStatus } from "../src/core/sla/sla-clock.js";
import { supervisionContext, type SupervisionContext } from "../src/core/supervision-context.js";
import type { Ticket } from "../src/core/ticket.js";
import { RecordCorrections } from "../src/learning/record-corrections.js";
import { RedisCorrectionLog } from "../src/redis/correction-log.js";
import { planSlaJobs } from "../src/supervision/escalation.js";
import { ReplanOnChange } from "../src/supervision/replan-on-change.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import {
  ASEP,
  BUDI,
  DSDABM_CHAT,
  SARI,
  cardIn,
  pressThenLeave,
  startStaffKit,
  type StaffKit,
} from "./support/staff-bot-kit.js";

const PREFIX = `test-jenis-${randomUUID().slice(0, 8)}`;
const ALL = [0, Date.parse("2100-01-01")] as const;

let kit: StaffKit;
let redis: Redis;
let log: RedisCorrectionLog;
let queue: Queue<SlaQueueJob>;
let sla: SupervisionContext;
const planFailures: unknown[] = [];

beforeAll(async () => {
  const config = await shippedConfig();
  // A question is answered sooner than a repair is done: its own, shorter targets.
  // (DSDABM's own `sla` block would win over any kind's targets: this deployment has none.)
  sla = supervisionContext({
    ...config,
    agencies: config.agencies.map(({ sla: _own, ...a }) => a),
    sla: { ...config.sla, targets_by_kind: { pertanyaan: { first_response_hours: 2, resolution_hours: 4 } } },
  });
  redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
  queue = new Queue<SlaQueueJob>("sla", { connection: redis, prefix: bullPrefix(PREFIX) });
  log = new RedisCorrectionLog(redis, PREFIX);
  const jobs = new BullSlaJobQueue(queue);
  // The production order of decorators: corrections over SLA re-planning over the store.
  kit = await startStaffKit({
    decorateStore: (store) =>
      new RecordCorrections(
        new ReplanOnChange(
          store,
          async (t) => void (await planSlaJobs({ queue: jobs, sla, now: Date.now }, t)),
          (_id, err) => planFailures.push(err),
        ),
        log,
        (_id, err) => planFailures.push(err),
      ),
  });
});

afterAll(async () => {
  await kit?.close();
  await queue?.close();
  await deleteKeys(PREFIX);
  await deleteKeys(bullPrefix(PREFIX));
  await redis?.quit();
});

const dueOf = (ticket: Ticket) => {
  const { targets, calendar } = sla.slaOf(ticket);
  return slaStatus(ticket, targets, calendar, new Date()).first_response.due_at.getTime();
};

describe("Jenis: staff change a ticket's report kind from its card", () => {
  it("lists the kinds, sets the one pressed, shows it on the card, keeps the status and history", async () => {
    const { ticket, messageId } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung kapan jalan Sangkuriang mau diperbaiki ya? sudah 3 bulan rusak",
    );

    const menu = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Jenis" });
    expect(menu).toMatchObject({ answered: true, show_alert: false });
    // No kind yet (a ticket from before report kinds): every kind is offered, two a row.
    const shown = cardIn(kit.sim, DSDABM_CHAT, messageId).message.buttons.map((r) => r.map((b) => b.text));
    expect(shown).toEqual([["Keluhan", "Permintaan"], ["Pertanyaan", "Saran"], ["Batal"]]);

    const set = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId,
      userId: ASEP.id,
      button: "Pertanyaan",
    });
    expect(set).toMatchObject({
      answered: true,
      show_alert: false,
      text: `Jenis ${ticket.id} sekarang Pertanyaan.`,
    });

    const card = cardIn(kit.sim, DSDABM_CHAT, messageId);
    expect(card.text).toContain(`${ticket.id} · DSDABM · Pertanyaan`);
    expect(card.buttons).toEqual(["Ambil", "Alihkan", "Selesai", "Tolak", "Jenis"]);
    const now = await kit.ticket(ticket.id);
    expect(now).toMatchObject({ status: "dispatched", agency: "dsdabm", kind: "pertanyaan" });
    expect(now.history.at(-1)).toMatchObject({
      type: "kind_changed",
      from: "-",
      to: "pertanyaan",
      actor: `tg:${ASEP.id}`,
    });

    // Now a question: the menu offers the other three.
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Jenis" });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toEqual([
      "Keluhan",
      "Permintaan",
      "Saran",
      "Batal",
    ]);
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Batal" });
    expect(cardIn(kit.sim, DSDABM_CHAT, messageId).buttons).toContain("Jenis");
  });

  it("moves the ticket's SLA checks to the new kind's targets", async () => {
    const { ticket, messageId } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung jam buka UPT pengaduan jalan?",
    );
    await planSlaJobs({ queue: new BullSlaJobQueue(queue), sla, now: Date.now }, ticket);
    const before = await queue.getJob(`${ticket.id}-breach-first-response-1`);
    expect(before?.data).toMatchObject({ at: new Date(dueOf(ticket)).toISOString() });

    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Jenis" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Pertanyaan" });

    const asked = await kit.ticket(ticket.id);
    expect(dueOf(asked)).toBeLessThan(dueOf(ticket));
    const after = await queue.getJob(`${ticket.id}-breach-first-response-1`);
    expect(after?.data).toMatchObject({ at: new Date(dueOf(asked)).toISOString() });
    expect(planFailures).toEqual([]);
  });

  it("is recorded as one kind correction, exported with the kind label and the agency that kept it", async () => {
    const { ticket, messageId } = await kit.dispatched(
      "dsdabm",
      "@PemkotBandung usul taman di Dago diberi lampu",
    );
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Jenis" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Saran" });
    // A second tap from a phone still showing the menu: the kind is already so, nothing new recorded.
    const again = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Jenis" });
    expect(again.answered).toBe(true);
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: SARI.id, button: "Batal" });

    const mine = (await log.between(...ALL)).filter((c) => c.ticket_id === ticket.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      decision: "kind",
      actor: `tg:${SARI.id}`,
      staff: { agency: "dsdabm", complaint: true, kind: "saran" },
      triage: { agency: "dsdabm", kind: null },
      agrees: false,
    });
    expect(toLabelledLines(mine)).toEqual([
      expect.objectContaining({ id: ticket.id, labels: ["dsdabm"], kind: "saran", decision: "kind" }),
    ]);
  });

  it("refuses someone outside the agency's group and the supervisors, and changes nothing", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Jenis" });

    const refused = await pressThenLeave(kit.sim, DSDABM_CHAT, messageId, BUDI, "Saran");

    expect(refused).toMatchObject({ answered: true, show_alert: true });
    expect((await kit.ticket(ticket.id)).kind).toBeUndefined();
  });
});
