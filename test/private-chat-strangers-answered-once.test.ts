import { randomUUID } from "node:crypto";
import { Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createQueues, queueEffects, workerOptions, type Queues } from "../jobs/queues.js";
import { telegramProcessor, telegramQueue } from "../jobs/telegram.js";
import { cardRenderer } from "../src/app/platform.js";
import { deliverDeps } from "../src/app/roles/workers.js";
import { cardRound } from "../src/core/routing.js";
import { uiStrings } from "../src/core/ui-strings.js";
import { deliverTelegramJob } from "../src/dispatch/deliver-card.js";
import type { TelegramJob } from "../src/ports/effects.js";
import { TELEGRAM_LIMITS, type RateGate, type SendPriority } from "../src/ports/rate-gate.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { SendRateGate } from "../src/redis/send-rate-gate.js";
import { createAduanBot, type AduanBot } from "../src/telegram/aduan-bot.js";
import { startTelegramSimulator, type TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import {
  ASEP,
  DSDABM_CHAT,
  eventually,
  KEPALA,
  SECRET,
  staffSettings,
  startStaffKit,
  SUPERVISORS_CHAT,
  type LogEntry,
  type StaffKit,
} from "./support/staff-bot-kit.js";

/** `/help` as a private chat gets it (its title; the lines depend on who asks). */
const PRIVATE_HELP = /^Bantuan Aduan · chat pribadi/;

const t = uiStrings("id");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const STRANGERS = Array.from({ length: 40 }, (_, i) => ({
  id: 7_200_001 + i,
  name: `Warga ${String(i + 1).padStart(2, "0")}`,
}));
/** What each stranger writes in a few seconds: commands, chat, a ticket id. */
const FLOOD = ["/help", "/start", "halo pak, jalan depan rumah rusak", "/tiket ADU-000001", "/help"];

/** One acquire of the shared gate as the workers asked it, and what it answered. */
interface GateCall {
  chatId: number;
  priority: SendPriority;
  wait: number;
}

/** The real Redis gate, with each answer written down (gate accounting, not a stand-in). */
function accountedGate(real: SendRateGate, calls: GateCall[]): RateGate {
  return {
    async acquire(chatId, nowMs, priority = "bulk") {
      const wait = await real.acquire(chatId, nowMs, priority);
      calls.push({ chatId, priority, wait });
      return wait;
    },
    coolDown: (chatId, untilMs, nowMs) => real.coolDown(chatId, untilMs, nowMs),
    coolingFor: (chatId, nowMs) => real.coolingFor(chatId, nowMs),
  };
}

function jobLabel(job: TelegramJob): string {
  if (job.kind === "card") return `card:${job.ticketId}`;
  if (job.kind === "text") return `${job.priority ?? "bulk"}:${job.chatId}`;
  return job.kind;
}

describe("strangers in private chats", () => {
  it("answers each of 40 strangers once, logs one line each, and sends a ticket's cards before any of their answers", async () => {
    const sim: TelegramSimulator = await startTelegramSimulator({
      // Telegram's own flood limits are on: a send past them would fail with 429.
      chats: [
        { id: DSDABM_CHAT, title: "DSDABM — Aduan", members: [{ ...ASEP, status: "member" }] },
        { id: SUPERVISORS_CHAT, title: "Supervisor Aduan", members: [{ ...KEPALA, status: "creator" }] },
        { id: KEPALA.id, title: KEPALA.name, type: "private", members: [{ ...KEPALA, status: "member" }] },
        ...STRANGERS.map((s) => ({
          id: s.id,
          title: s.name,
          type: "private" as const,
          members: [{ ...s, status: "member" as const }],
        })),
      ],
    });
    cleanups.push(() => sim.close());
    const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
    const prefix = `test-strangers-${randomUUID().slice(0, 8)}`;
    cleanups.push(async () => {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });
    const connection: ConnectionOptions = { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null };
    const queues: Queues = createQueues(connection, prefix);
    cleanups.push(() => queues.close());
    const store = new RedisTicketStore(redis, prefix);
    const settings = staffSettings();
    const logs: LogEntry[] = [];
    const log = {
      info: (obj: object, msg: string) => void logs.push({ level: "info", obj, msg }),
      warn: (obj: object, msg: string) => void logs.push({ level: "warn", obj, msg }),
      error: (obj: object, msg: string) => void logs.push({ level: "error", obj, msg }),
    };
    const gateCalls: GateCall[] = [];
    const gate = accountedGate(new SendRateGate(redis, prefix, TELEGRAM_LIMITS), gateCalls);
    const app: AduanBot = createAduanBot({
      token: sim.token,
      apiRoot: sim.url,
      redis,
      prefix,
      store,
      effects: queueEffects(queues),
      settings,
      secret: SECRET,
      log,
      gate,
    });
    await new Promise<void>((resolve) => app.launchPolling(resolve));
    cleanups.push(() => app.stop("test over"));

    // The strangers write first; the bot handles it all while no worker sends anything yet.
    for (const s of STRANGERS) {
      for (const text of FLOOD) sim.sendUserMessage({ chatId: s.id, userId: s.id, text });
    }
    await eventually(async () => {
      expect(sim.pendingUpdates()).toHaveLength(0);
      expect(logs.filter((l) => l.msg.startsWith("answered a stranger"))).toHaveLength(STRANGERS.length);
      expect((await queues.telegram.getJobCounts("prioritized")).prioritized).toBe(STRANGERS.length);
    }, 30_000);

    // A supervisor asks for the queue in their group and for help in private, and three tickets are dispatched.
    sim.sendUserMessage({ chatId: SUPERVISORS_CHAT, userId: KEPALA.id, text: "/antrian" });
    sim.sendUserMessage({ chatId: KEPALA.id, userId: KEPALA.id, text: "/help" });
    const tickets = [];
    for (let i = 0; i < 3; i++) {
      const id = `18910000000${String(i + 1).padStart(8, "0")}`;
      const at = new Date().toISOString();
      const { ticket } = await store.createFromTweet(
        sampleTweet({ id }),
        sampleVerdict({ id, agency: "dsdabm" }),
        at,
      );
      const { ticket: sent } = await store.transition(
        ticket.id,
        { type: "dispatch", agency: "dsdabm" },
        at,
        "system",
      );
      await queueEffects(queues).telegram({
        kind: "card",
        ticketId: sent.id,
        dispatch: cardRound(sent.history),
      });
      tickets.push(sent);
    }
    await eventually(async () => {
      expect((await queues.telegram.getJobCounts("wait")).wait).toBe(2);
    }, 15_000);

    // Now the telegram worker starts, as a workers process would.
    const started: string[] = [];
    const deliver = deliverDeps({
      store,
      chat: app.chat,
      gate,
      settings,
      renderCard: cardRenderer(settings, SECRET),
      now: Date.now,
      onMigrated: async () => undefined,
      log,
    });
    const worker = new Worker(
      telegramQueue.name,
      telegramProcessor({
        deliver: (job) => {
          started.push(jobLabel(job));
          return deliverTelegramJob(deliver, job);
        },
        now: Date.now,
      }),
      workerOptions(connection, prefix, telegramQueue.concurrency),
    );
    cleanups.push(() => worker.close());

    await eventually(() => {
      for (const s of STRANGERS) expect(sim.messages(s.id)).toHaveLength(1);
      expect(sim.messages(DSDABM_CHAT)).toHaveLength(3);
    }, 60_000);

    // Each stranger got exactly the one polite answer; staff in private got their answer.
    for (const s of STRANGERS) expect(sim.messages(s.id)[0]?.text).toBe(t.staff.strangerNotice);
    expect(sim.messages(KEPALA.id).map((m) => m.text)).toEqual([expect.stringMatching(PRIVATE_HELP)]);
    expect(sim.messages(SUPERVISORS_CHAT)).toHaveLength(1);
    expect(logs.filter((l) => l.msg.startsWith("answered a stranger"))).toHaveLength(STRANGERS.length);
    // Finding out someone is a stranger costs one getChatMember per configured group, once, not per message.
    const groups = new Set([...settings.agencies.values()].flatMap((a) => (a.chatId ? [a.chatId] : [])));
    groups.add(SUPERVISORS_CHAT);
    expect(sim.stats().getChatMember ?? 0).toBeLessThanOrEqual((STRANGERS.length + 1) * groups.size);
    // Queue order: the supervisor's two answers, then the three cards, then the strangers.
    expect(started.slice(0, 2).sort()).toEqual(
      [`interactive:${KEPALA.id}`, `interactive:${SUPERVISORS_CHAT}`].sort(),
    );
    expect(started.slice(2, 5).sort()).toEqual(tickets.map((x) => `card:${x.id}`).sort());
    expect(started.slice(5).every((l) => l.startsWith("courtesy:"))).toBe(true);
    // Gate accounting: no card ever waited; the strangers' answers were spread out instead.
    const cardCalls = gateCalls.filter((c) => c.chatId === DSDABM_CHAT);
    expect(cardCalls).toHaveLength(3);
    expect(cardCalls.every((c) => c.wait === 0 && c.priority === "bulk")).toBe(true);
    const courtesy = gateCalls.filter((c) => c.priority === "courtesy");
    expect(courtesy.filter((c) => c.wait === 0)).toHaveLength(STRANGERS.length);
    expect(courtesy.some((c) => c.wait > 0)).toBe(true);
    expect((await queues.telegram.getJobCounts("failed")).failed).toBe(0);
  }, 120_000);
});

describe("staff in private chats", () => {
  let kit: StaffKit;
  afterEach(async () => kit.close());

  it("limits a staff member's commands per minute in private: answered up to the limit, told once, then ignored", async () => {
    // A clock stopped early in a minute: the fourteen commands fall into one minute's count.
    const minuteStart = Math.floor(Date.now() / 60_000) * 60_000;
    kit = await startStaffKit({ now: () => minuteStart + 1_000 });
    kit.sim.addChat({ id: KEPALA.id, title: KEPALA.name, type: "private", members: [{ ...KEPALA }] });
    for (let i = 0; i < 14; i++)
      kit.sim.sendUserMessage({ chatId: KEPALA.id, userId: KEPALA.id, text: "/help" });
    await eventually(() => {
      expect(kit.sim.pendingUpdates()).toHaveLength(0);
      expect(kit.sim.messages(KEPALA.id)).toHaveLength(11);
    }, 15_000);
    const texts = kit.sim.messages(KEPALA.id).map((m) => m.text);
    expect(texts.filter((x) => PRIVATE_HELP.test(x ?? ""))).toHaveLength(10);
    expect(texts.filter((x) => x === t.staff.rateLimited)).toHaveLength(1);
    expect(kit.logs.filter((l) => l.msg === "command rate limit reached")).toHaveLength(1);
  });
});

describe("a stranger who joins", () => {
  let kit: StaffKit;
  afterEach(async () => kit.close());

  it("is answered as staff once added to an agency's group, without waiting for the stranger window to end", async () => {
    kit = await startStaffKit();
    const newcomer = { id: 7_300_001, name: "Rudi Pegawai Baru" };
    kit.sim.addChat({ id: newcomer.id, title: newcomer.name, type: "private", members: [{ ...newcomer }] });
    kit.sim.sendUserMessage({ chatId: newcomer.id, userId: newcomer.id, text: "/help" });
    await eventually(() =>
      expect(kit.sim.messages(newcomer.id).map((m) => m.text)).toEqual([t.staff.strangerNotice]),
    );

    kit.sim.setMember(DSDABM_CHAT, { ...newcomer, status: "member" });
    await eventually(() => expect(kit.sim.pendingUpdates()).toHaveLength(0));
    kit.sim.sendUserMessage({ chatId: newcomer.id, userId: newcomer.id, text: "/help" });
    await eventually(() =>
      expect(kit.sim.messages(newcomer.id).map((m) => m.text)).toEqual([
        t.staff.strangerNotice,
        expect.stringMatching(PRIVATE_HELP),
      ]),
    );
  });
});
