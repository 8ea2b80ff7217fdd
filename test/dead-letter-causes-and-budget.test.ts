import { randomUUID } from "node:crypto";
import { UnrecoverableError, type Job } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { repliesProcessor } from "../jobs/replies.js";
import { telegramProcessor } from "../jobs/telegram.js";
import { cardParking, citizenParking, replyParking } from "../src/app/roles/workers.js";
import type { Platform } from "../src/app/platform.js";
import { ChatApiError } from "../src/ports/chat-gateway.js";
import { MemoryParkedEffects, type ParkedEffects } from "../src/ports/parked-effects.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { ReplyRefusedError } from "../src/ports/tweet-publisher.js";
import { RedisParkedEffects } from "../src/redis/parked-effects.js";
import {
  citizenParkCauseOf,
  parkCauseOf,
  parkEffect,
  effectGotThrough,
  type ParkingDeps,
} from "../src/supervision/parking.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { staffSettings } from "./support/staff-bot-kit.js";

const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
const prefix = `test-parked-${randomUUID().slice(0, 8)}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const NOW = Date.parse("2026-11-29T03:00:00Z");

/** Parking over the in-memory ticket store, with the supervisors' messages kept in order. */
async function parkingKit(parked: ParkedEffects = new MemoryParkedEffects()) {
  const store = new MemoryTicketStore(() => NOW);
  const { ticket } = await store.createFromTweet(sampleTweet(), sampleVerdict(), new Date(NOW).toISOString());
  await store.transition(
    ticket.id,
    { type: "dispatch", agency: "dishub" },
    new Date(NOW).toISOString(),
    "system",
  );
  const told: { html: string; onceKey: string }[] = [];
  const redriven: string[] = [];
  const logs: { msg: string; obj: object }[] = [];
  const deps: ParkingDeps = {
    parked,
    store,
    settings: staffSettings(),
    now: () => NOW,
    log: {
      info: (obj, msg) => void logs.push({ obj, msg }),
      warn: (obj, msg) => void logs.push({ obj, msg }),
    },
    redrive: {
      card: async (id, round) => void redriven.push(`${id} card ${round}`),
      reply: async (id, kind, round) => void redriven.push(`${id} ${kind} ${round}`),
      citizen: async (id, notice, round) => void redriven.push(`${id} citizen ${notice} ${round}`),
    },
    tellSupervisors: async (html, onceKey) => void told.push({ html, onceKey }),
  };
  return { deps, ticket, told, redriven, logs, parked };
}

/** What a processor touches of a BullMQ job on its `attemptsMade + 1`-th attempt of `attempts`. */
function jobOn<T>(data: T, attemptsMade: number, attempts = 12) {
  return {
    data,
    attemptsMade,
    opts: { attempts },
    moveToDelayed: async () => undefined,
  } as unknown as Job<T>;
}

describe("why an effect is parked", () => {
  it.each([
    [
      new ChatApiError("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat"),
      "chat_kicked",
    ],
    [
      new ChatApiError("sendMessage", 403, "Forbidden: bot is not a member of the supergroup chat"),
      "chat_forbidden",
    ],
    [new ChatApiError("sendMessage", 400, "Bad Request: chat not found"), "chat_not_found"],
    [
      new ChatApiError("sendMessage", 400, "Bad Request: not enough rights to send text messages"),
      "chat_forbidden",
    ],
    [new ChatApiError("sendMessage", 400, "Bad Request: can't parse entities"), "card_refused"],
    [new ReplyRefusedError("unauthorized", "X answered 401: Unauthorized"), "x_unauthorized"],
    [new ReplyRefusedError("forbidden", "X answered 403: Forbidden"), "x_forbidden"],
    [new ReplyRefusedError("not-found", "deleted or not visible"), "tweet_gone"],
    [new ReplyRefusedError("reply-not-allowed", "not allowed"), "reply_not_allowed"],
  ] as const)("reads %s as %s", (err, code) => {
    expect(parkCauseOf(err, false).code).toBe(code);
  });

  it("reads a fault that never cleared as an exhausted retry budget", () => {
    expect(parkCauseOf(new ChatApiError("sendMessage", 502, "Bad Gateway"), true).code).toBe(
      "retries_exhausted",
    );
    expect(parkCauseOf(new Error("socket hang up"), true).code).toBe("retries_exhausted");
  });
});

describe("why a citizen's status message is parked", () => {
  it.each([
    [new ChatApiError("sendMessage", 400, "Bad Request: chat not found"), "citizen_chat_gone"],
    [new ChatApiError("sendMessage", 403, "Forbidden: user is deactivated"), "citizen_chat_gone"],
    [new ChatApiError("sendMessage", 400, "Bad Request: message is too long"), "notice_refused"],
  ] as const)("reads %s as %s (a private chat, not a group)", (err, code) => {
    expect(citizenParkCauseOf(err, false).code).toBe(code);
  });

  it("reads a fault that never cleared as an exhausted retry budget", () => {
    expect(citizenParkCauseOf(new ChatApiError("sendMessage", 502, "Bad Gateway"), true).code).toBe(
      "retries_exhausted",
    );
  });
});

describe("the queues park what fails for good", () => {
  it("parks a citizen's status message whose retry budget ran out, and clears it when a re-drive gets through", async () => {
    const k = await parkingKit();
    const p = { parking: k.deps } as unknown as Platform;
    const failing = telegramProcessor({
      deliver: async () => {
        throw new ChatApiError("sendMessage", 502, "Bad Gateway");
      },
      now: () => NOW,
      citizenParking: citizenParking(p),
    });
    const notice = { kind: "citizen" as const, ticketId: k.ticket.id, notice: "claimed" as const, round: 1 };
    await expect(failing(jobOn(notice, 10))).rejects.toThrow("Bad Gateway");
    expect(await k.parked.count()).toBe(0);
    await expect(failing(jobOn(notice, 11))).rejects.toThrow("Bad Gateway");
    expect(await k.parked.get(k.ticket.id, "citizen:claimed")).toMatchObject({
      code: "retries_exhausted",
      round: 1,
    });
    expect(k.told[0]?.html).toContain(`${k.ticket.id} macet: pesan warga: ditangani`);

    const working = telegramProcessor({
      deliver: async () => "sent",
      now: () => NOW,
      citizenParking: citizenParking(p),
    });
    await working(jobOn(notice, 0));
    expect(await k.parked.count()).toBe(0);
    expect(k.told.at(-1)?.html).toBe(`✅ ${k.ticket.id}: pesan warga: ditangani sudah terkirim (pulih).`);
  });

  it("parks a card whose last attempt failed, once told, and clears it when a re-drive gets through", async () => {
    const k = await parkingKit();
    const p = { parking: k.deps } as unknown as Platform;
    const failing = telegramProcessor({
      deliver: async () => {
        throw new ChatApiError("sendMessage", 502, "Bad Gateway");
      },
      now: () => NOW,
      parking: cardParking(p),
    });
    const card = { kind: "card" as const, ticketId: k.ticket.id, dispatch: 1 };
    // Attempts 1..11 are retried with backoff: nothing parked yet.
    await expect(failing(jobOn(card, 10))).rejects.toThrow("Bad Gateway");
    expect(await k.parked.count()).toBe(0);
    await expect(failing(jobOn(card, 11))).rejects.toThrow("Bad Gateway");
    expect(await k.parked.get(k.ticket.id, "card")).toMatchObject({
      code: "retries_exhausted",
      agency: "dishub",
      attempts: 1,
    });
    // A second job of the same effect failing for good: counted, not told again.
    await expect(failing(jobOn(card, 11))).rejects.toThrow("Bad Gateway");
    expect((await k.parked.get(k.ticket.id, "card"))?.attempts).toBe(2);
    expect(k.told).toHaveLength(1);
    expect(k.told[0]?.html).toContain(`${k.ticket.id} macet: kartu (Dishub)`);
    expect(k.told[0]?.html).toContain("Gagal terus setelah semua percobaan");
    expect(k.logs.filter((l) => l.msg === "parked an effect that failed for good")).toHaveLength(2);

    const working = telegramProcessor({
      deliver: async () => "sent",
      now: () => NOW,
      parking: cardParking(p),
    });
    await working(jobOn({ ...card, redrive: true }, 0));
    expect(await k.parked.count()).toBe(0);
    expect(k.told.map((t) => t.html)).toEqual([
      expect.any(String),
      `✅ ${k.ticket.id}: kartu sudah terkirim (pulih).`,
    ]);
  });

  it("parks a reply X refused on its first attempt and fails the job for good", async () => {
    const k = await parkingKit();
    const p = { parking: k.deps } as unknown as Platform;
    const processor = repliesProcessor({
      send: async () => {
        throw new ReplyRefusedError("unauthorized", "X answered 401: Unauthorized");
      },
      worker: () => undefined,
      now: () => NOW,
      maxPauseMs: 1000,
      parking: replyParking(p),
    });
    await expect(
      processor(jobOn({ ticketId: k.ticket.id, kind: "received", round: 1 }, 0)),
    ).rejects.toBeInstanceOf(UnrecoverableError);
    expect(await k.parked.get(k.ticket.id, "reply:received")).toMatchObject({
      code: "x_unauthorized",
      round: 1,
    });
    expect(k.told[0]?.html).toContain("X menolak kunci akses akun kita (401)");
  });

  it("keeps a card standing in the triage group parked until it reaches its own group", async () => {
    const k = await parkingKit();
    await parkEffect(k.deps, {
      ticketId: k.ticket.id,
      effect: "card",
      round: 1,
      cause: { code: "chat_kicked", detail: "403" },
      standIn: true,
    });
    await k.deps.store.setTelegramMessage(k.ticket.id, -1003100000003, 5, "dishub");
    expect(await effectGotThrough(k.deps, k.ticket.id, "card")).toBeNull();
    expect(await k.parked.count()).toBe(1);
    await k.deps.store.setTelegramMessage(k.ticket.id, -1003100000002, 6);
    expect(await effectGotThrough(k.deps, k.ticket.id, "card")).toMatchObject({ code: "chat_kicked" });
    expect(await k.parked.count()).toBe(0);
  });
});

describe("parked effects in Redis and in memory", () => {
  it.each([
    ["memory", () => new MemoryParkedEffects()],
    ["redis", () => new RedisParkedEffects(redis, `${prefix}-${randomUUID().slice(0, 6)}`)],
  ] as const)(
    "%s: first failure once even when parked at once, newest first, cleared once",
    async (_n, make) => {
      const parked = make();
      const input = (ticketId: string, at: string) => ({
        ticketId,
        effect: "card" as const,
        round: 1,
        code: "chat_kicked" as const,
        detail: "403",
        agency: "dishub",
        at,
      });
      const firsts = await Promise.all(
        [1, 2, 3, 4].map(() => parked.park(input("ADU-000001", "2026-11-29T01:00:00.000Z"))),
      );
      expect(firsts.filter((f) => f.first)).toHaveLength(1);
      await parked.park(input("ADU-000002", "2026-11-29T02:00:00.000Z"));
      expect((await parked.list()).map((i) => i.ticketId)).toEqual(["ADU-000002", "ADU-000001"]);
      expect(await parked.count()).toBe(2);
      expect(await parked.clear("ADU-000001", "card")).toMatchObject({ firstAt: "2026-11-29T01:00:00.000Z" });
      expect(await parked.clear("ADU-000001", "card")).toBeNull();
      expect(await parked.count()).toBe(1);
    },
  );
});
