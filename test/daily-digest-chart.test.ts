import { Redis } from "ioredis";
import { Telegram } from "telegraf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { ManualClock } from "../src/runtime/clock.js";
import {
  gatedSupervisorChannel,
  sendBreachSummary,
  sendDigest,
  type DigestDeps,
} from "../src/supervision/digest.js";
import { renderResolutionChart } from "../src/chart/resolution-chart.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import { TelegrafChatGateway } from "../src/telegram/telegraf-chat-gateway.js";
import { SendRateGate } from "../src/redis/send-rate-gate.js";
import { TELEGRAM_LIMITS } from "../src/ports/rate-gate.js";
import { startTelegramSimulator, type TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import type { TicketAction } from "../src/core/lifecycle.js";
import type { Ticket } from "../src/core/ticket.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { deleteKeys, shippedConfig } from "./support/pipeline-harness.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const SUPERVISORS = -1001000000999;
const prefix = `test-digest-${process.pid}`;
/** Friday 27 Nov 2026, 07:00 WIB: the digest is about Thursday 26 Nov. */
const FRIDAY_7 = Date.parse("2026-11-27T00:00:00Z");
/** A local (WIB) time as an ISO instant. */
const wib = (local: string) => new Date(Date.parse(`${local}+07:00`)).toISOString();

let redis: Redis;
let sim: TelegramSimulator;
let deps: DigestDeps;
let replanned: string[];
const tickets: Record<string, Ticket> = {};

async function ticket(
  name: string,
  agency: string,
  receivedLocal: string,
  steps: [TicketAction, string][],
): Promise<void> {
  const id = `18670000000000000${String(Object.keys(tickets).length + 10)}`;
  const store = deps.store as RedisTicketStore;
  const { ticket: t } = await store.createFromTweet(
    sampleTweet({ id, url: `https://x.com/wargacoblong/status/${id}` }),
    sampleVerdict({ id, agency }),
    wib(receivedLocal),
  );
  let current = t;
  for (const [action, at] of [[{ type: "dispatch" }, receivedLocal] as [TicketAction, string], ...steps]) {
    current = (await store.transition(t.id, action, wib(at), "tg:1001")).ticket;
  }
  tickets[name] = current;
}

beforeAll(async () => {
  const config = await shippedConfig();
  redis = new Redis("redis://127.0.0.1:6379");
  sim = await startTelegramSimulator({ floodControl: true });
  sim.addChat({
    id: SUPERVISORS,
    title: "Supervisor · Aduan",
    type: "supergroup",
    members: [{ id: 9001, name: "Bu Kepala", status: "administrator" }],
  });
  const clock = new ManualClock(FRIDAY_7);
  const chat = new TelegrafChatGateway(new Telegram(sim.token, { apiRoot: sim.url, webhookReply: false }));
  const usage = new XUsageCounter(redis, prefix);
  replanned = [];
  deps = {
    store: new RedisTicketStore(redis, prefix),
    sla: supervisionContext(config),
    settings: pipelineSettings(config, {}, { supervisors: SUPERVISORS }),
    channel: gatedSupervisorChannel(chat, new SendRateGate(redis, prefix, TELEGRAM_LIMITS), () =>
      clock.now(),
    ),
    now: () => clock.now(),
    replan: async (t) => {
      replanned.push(t.id);
    },
    holidays: config.holidays,
    usage,
    xCost: config.app.x.cost,
    renderChart: renderResolutionChart,
  };

  const claim: TicketAction = { type: "claim", assignee: { id: 1001, name: "Sari" } };
  // Resolved in 25 working hours (Mon 7 h, Tue 8 h, Wed 8 h, Thu 2 h), yesterday.
  await ticket("slowPothole", "dsdabm", "2026-11-23T09:00", [
    [claim, "2026-11-23T10:00"],
    [{ type: "resolve", note: "Sudah ditambal" }, "2026-11-26T10:00"],
  ]);
  // Resolved in 12 working hours (Tue 8 h, Wed 4 h).
  await ticket("fastPothole", "dsdabm", "2026-11-24T08:00", [[{ type: "resolve" }, "2026-11-25T12:00"]]);
  // Rubbish: 14 working hours (Wed 7 h, Thu 7 h), resolved yesterday.
  await ticket("rubbish", "dlh", "2026-11-25T09:00", [[{ type: "resolve" }, "2026-11-26T15:00"]]);
  // Received yesterday, still within its target.
  await ticket("trafficLight", "dishub", "2026-11-26T08:30", []);
  // Diskar PB must claim within 4 working hours: due Thursday 13:00, still unclaimed.
  await ticket("hydrant", "diskarpb", "2026-11-26T09:00", []);
  // 17,000 reads and 10 posts this month: US$85.15 of the US$100 budget.
  await usage.countReads(17_000, FRIDAY_7);
  for (let i = 0; i < 10; i++) await usage.countPost(FRIDAY_7);
});

afterAll(async () => {
  await sim?.close();
  redis?.disconnect();
  await deleteKeys(prefix);
});

describe("the daily digest in the supervisors' group", () => {
  it("sends yesterday's figures, the overdue list, the X spend and the missing holiday list", async () => {
    const out = await sendDigest(deps);

    expect(out).toMatchObject({ date: "2026-11-26", text: "sent", chart: "sent", overdue: 1, xPercent: 85 });
    const text = sim.messages(SUPERVISORS)[0]?.text ?? "";
    expect(text).toContain("📊 Ringkasan harian Aduan: 26 Nov 2026");
    // One narrow block per agency, by its short name: resolved yesterday, received earlier.
    expect(text).toMatch(/^DSDABM\nMasuk 0 · selesai 1 · ditolak 0\nTerbuka 0$/m);
    expect(text).toMatch(/^Dishub\nMasuk 1 · selesai 0 · ditolak 0\nTerbuka 1$/m);
    expect(text).toMatch(/^Penyelesaian:\n {2}median 14 jam\n {2}9 dari 10 dalam 25 jam\n/m);
    expect(text).not.toMatch(/\b(dsdabm|dishub)\b/);
    expect(text).toContain("Terlambat sekarang: 1");
    expect(text).toContain(
      `${tickets["hydrant"]!.id} · Diskar PB · belum diambil · respons pertama terlambat 18 jam`,
    );
    expect(text).toContain(
      "X bulan 2026-11: 17.000 tweet dibaca, 10 dikirim ≈ US$85,15 dari anggaran US$100,00 (85%)",
    );
    expect(text).toContain("⚠️ Biaya X sudah 85% dari anggaran bulan ini.");
    expect(text).toContain("Belum ada daftar hari libur untuk 2027");
    // Every open ticket's SLA jobs were planned again, in case a plan was lost.
    expect(replanned.sort()).toEqual([tickets["hydrant"]!.id, tickets["trafficLight"]!.id].sort());
  });

  it("delivers the resolution-time chart as a real PNG image", async () => {
    const photo = sim.messages(SUPERVISORS).find((m) => m.photo);
    expect(photo?.caption).toContain("Waktu penyelesaian per dinas, 20 Nov 2026 – 26 Nov 2026");
    const png = sim.file(photo!.photo!.fileId)?.data;
    expect(png).toBeDefined();
    expect(png!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png!.subarray(12, 16).toString("ascii")).toBe("IHDR");
    const width = png!.readUInt32BE(16);
    const height = png!.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(600);
    expect(width).toBeLessThanOrEqual(2560);
    expect(height).toBeGreaterThanOrEqual(200);
    expect(height).toBeLessThanOrEqual(2560);
    expect(png!.length).toBeGreaterThan(2 * 1024);
  });

  it("warns once a month in a message of its own when the X spend reaches 80% of the budget", async () => {
    const alerts = sim
      .messages(SUPERVISORS)
      .filter((m) => (m.text ?? "").includes("Biaya X bulan 2026-11 sudah"));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain("US$85,15, 85% dari anggaran US$100,00");
  });

  it("a second run on the same day (a retried or doubled scheduler) sends nothing new", async () => {
    const before = sim.messages(SUPERVISORS).length;

    const again = await sendDigest(deps);

    expect(again).toMatchObject({ text: "already_sent", chart: "already_sent", budgetAlert: "already_sent" });
    expect(sim.messages(SUPERVISORS)).toHaveLength(before);
  });
});

describe("the daily breach summary", () => {
  it("lists every open ticket past a deadline with its owner, once a day", async () => {
    const before = sim.messages(SUPERVISORS).length;

    const out = await sendBreachSummary(deps);
    const again = await sendBreachSummary(deps);

    expect(out).toMatchObject({ sent: "sent", overdue: 1 });
    expect(again.sent).toBe("already_sent");
    const messages = sim.messages(SUPERVISORS).slice(before);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain("🔴 Tiket terlambat per 27 Nov 2026 07.00 WIB: 1");
    expect(messages[0]!.text).toContain(`${tickets["hydrant"]!.id} · Diskar PB · belum diambil`);
  });
});
