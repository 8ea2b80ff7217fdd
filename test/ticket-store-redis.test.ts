import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TransitionRefusedError } from "../src/core/lifecycle.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import { redisKeys } from "../src/redis/keys.js";
import { TicketNotFoundError, type TicketStore } from "../src/ports/ticket-store.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";

const PREFIX = `test:ticket-store:${randomUUID()}:`;
const clients: Redis[] = [];
function connect(): Redis {
  const r = new Redis({ host: "127.0.0.1", port: 6379, lazyConnect: false });
  clients.push(r);
  return r;
}

let redis: Redis;
let prefixCount = 0;
/** A fresh namespace per test so counters and indices start empty. */
function freshRedisStore(): RedisTicketStore {
  return new RedisTicketStore(redis, `${PREFIX}${++prefixCount}`);
}

beforeAll(() => {
  redis = connect();
});

afterAll(async () => {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${PREFIX}*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await Promise.all(clients.map((c) => c.quit()));
});

const T0 = "2026-11-28T07:05:00.000Z";
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const stores: [string, () => TicketStore][] = [
  ["redis", () => freshRedisStore()],
  ["memory", () => new MemoryTicketStore()],
];

describe.each(stores)("%s ticket store", (_name, makeStore) => {
  it("the same tweet seen twice becomes one ticket", async () => {
    const store = makeStore();
    const first = await store.createFromTweet(sampleTweet({ id: "111" }), sampleVerdict(), T0);
    const again = await store.createFromTweet(sampleTweet({ id: "111" }), sampleVerdict(), at(1));
    expect(first.created).toBe(true);
    expect(first.ticket.id).toBe("ADU-000001");
    expect(again.created).toBe(false);
    expect(again.ticket).toEqual(first.ticket);
    const second = await store.createFromTweet(sampleTweet({ id: "222" }), sampleVerdict(), at(2));
    expect(second.ticket.id).toBe("ADU-000002");
    expect((await store.getByTweetId("222"))?.id).toBe("ADU-000002");
  });

  it("a ticket reads back exactly as created, history included", async () => {
    const store = makeStore();
    const { ticket } = await store.createFromTweet(
      sampleTweet({ id: "333", coordinates: [107.6098, -6.8915] }),
      sampleVerdict(),
      T0,
    );
    expect(await store.get(ticket.id)).toEqual(ticket);
    expect(ticket).toMatchObject({ status: "new", agency: "dsdabm", received_at: T0 });
    expect(ticket.history).toEqual([{ at: T0, type: "created", actor: "system", to: "new", note: "dsdabm" }]);
    expect(await store.get("ADU-999999")).toBeNull();
  });

  it("transitions append to the history and never rewrite it", async () => {
    const store = makeStore();
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "444" }), sampleVerdict(), T0);
    await store.transition(ticket.id, { type: "dispatch" }, at(1), "system");
    await store.transition(ticket.id, { type: "claim", assignee: { id: 10, name: "Sari" } }, at(5), "tg:10");
    await store.setTelegramMessage(ticket.id, -100123, 77);
    await store.recordReply(ticket.id, "received", "9990001", at(2));
    const done = await store.transition(
      ticket.id,
      { type: "resolve", note: "Sudah ditambal" },
      at(60),
      "tg:10",
    );
    const stored = await store.get(ticket.id);
    expect(stored).toEqual(done.ticket);
    expect(stored?.history.map((e) => e.type)).toEqual([
      "created",
      "dispatched",
      "claimed",
      "replied",
      "resolved",
    ]);
    expect(stored).toMatchObject({
      status: "resolved",
      dispatched_at: at(1),
      first_response_at: at(5),
      resolved_at: at(60),
      resolution_note: "Sudah ditambal",
      telegram: { chat_id: -100123, message_id: 77 },
      replies: { received: "9990001" },
    });
    expect(stored?.history[0]).toEqual(ticket.history[0]);
  });

  it("a refused transition reports the current state and changes nothing", async () => {
    const store = makeStore();
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "555" }), sampleVerdict(), T0);
    await store.transition(ticket.id, { type: "dispatch" }, at(1), "system");
    await store.transition(ticket.id, { type: "claim", assignee: { id: 10, name: "Sari" } }, at(2), "tg:10");
    const before = await store.get(ticket.id);
    const err = await store
      .transition(ticket.id, { type: "claim", assignee: { id: 11, name: "Budi" } }, at(3), "tg:11")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransitionRefusedError);
    expect(err).toMatchObject({ code: "status", status: "claimed", ticket: { assignee: { name: "Sari" } } });
    expect(await store.get(ticket.id)).toEqual(before);
  });

  it("a button pressed on a card the ticket has moved away from is refused as moved", async () => {
    const store = makeStore();
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "556" }), sampleVerdict(), T0);
    await store.transition(ticket.id, { type: "dispatch" }, at(1), "system");
    await store.transition(ticket.id, { type: "reassign", agency: "dishub" }, at(2), "tg:10");
    const err = await store
      .transition(ticket.id, { type: "claim", assignee: { id: 11, name: "Budi" } }, at(3), "tg:11", {
        agency: "dsdabm",
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "moved", status: "dispatched", ticket: { agency: "dishub" } });
    const ok = await store.transition(
      ticket.id,
      { type: "claim", assignee: { id: 12, name: "Dewi" } },
      at(4),
      "tg:12",
      {
        agency: "dishub",
      },
    );
    expect(ok.ticket.assignee?.name).toBe("Dewi");
  });

  it("an action on a ticket that does not exist is refused as not found", async () => {
    const store = makeStore();
    await expect(store.transition("ADU-000404", { type: "dispatch" }, T0, "system")).rejects.toMatchObject({
      code: "not_found",
      status: null,
    });
    await expect(store.setTelegramMessage("ADU-000404", 1, 2)).rejects.toBeInstanceOf(TicketNotFoundError);
  });

  it("lists open tickets per agency, by status and by time, oldest first", async () => {
    const store = makeStore();
    const make = async (id: string, minutes: number, agency: string) =>
      (await store.createFromTweet(sampleTweet({ id }), sampleVerdict({ agency }), at(minutes))).ticket.id;
    const a = await make("1001", 30, "dishub");
    const b = await make("1002", 10, "dishub");
    const c = await make("1003", 20, "dlh");
    const d = await make("1004", 40, "dishub");
    for (const id of [a, b, c, d]) await store.transition(id, { type: "dispatch" }, at(50), "system");
    await store.transition(a, { type: "claim", assignee: { id: 1, name: "Sari" } }, at(51), "tg:1");
    await store.transition(d, { type: "resolve" }, at(52), "tg:1");

    expect((await store.listOpen({ agency: "dishub" })).map((t) => t.id)).toEqual([b, a]);
    expect((await store.listOpen()).map((t) => t.id)).toEqual([b, c, a]);
    expect((await store.listOpen({ limit: 2 })).map((t) => t.id)).toEqual([b, c]);
    expect((await store.listByStatus("dispatched")).map((t) => t.id)).toEqual([b, c]);
    expect((await store.listByStatus("dispatched", { agency: "dlh" })).map((t) => t.id)).toEqual([c]);
    expect((await store.listByStatus("resolved", { agency: "dishub" })).map((t) => t.id)).toEqual([d]);
    expect(await store.listByStatus("new")).toEqual([]);
    expect(await store.countByStatus("dispatched", "dishub")).toBe(1);
    expect(await store.countByStatus("claimed")).toBe(1);
    expect((await store.listReceivedBetween(at(10), at(40))).map((t) => t.id)).toEqual([b, c, a]);

    await store.transition(b, { type: "reassign", agency: "dlh" }, at(53), "tg:1");
    expect((await store.listOpen({ agency: "dlh" })).map((t) => t.id)).toEqual([b, c]);
    expect((await store.listOpen({ agency: "dishub" })).map((t) => t.id)).toEqual([a]);
  });

  it("an effect is claimed once, then done, and a claim whose worker died can be taken again", async () => {
    const store = makeStore();
    expect(await store.getEffect("ADU-000001-resolved-reply")).toBeNull();
    expect(await store.claimEffect("ADU-000001-resolved-reply", 60_000)).toBe("claimed");
    expect(await store.claimEffect("ADU-000001-resolved-reply", 60_000)).toBe("in_progress");
    await store.completeEffect("ADU-000001-resolved-reply", "tweet:1865");
    expect(await store.claimEffect("ADU-000001-resolved-reply", 60_000)).toBe("done");
    expect(await store.getEffect("ADU-000001-resolved-reply")).toEqual({
      state: "done",
      attempts: 1,
      result: "tweet:1865",
    });

    expect(await store.claimEffect("ADU-000002-received-reply", 60_000)).toBe("claimed");
    await store.releaseEffect("ADU-000002-received-reply");
    expect(await store.claimEffect("ADU-000002-received-reply", 60_000)).toBe("claimed");
    // A claim given back did not happen: the next one is not in doubt.
    expect((await store.getEffect("ADU-000002-received-reply"))?.attempts).toBe(1);
  });
});

describe("redis ticket store under concurrency", () => {
  it("of 20 staff pressing Ambil at once exactly one wins and the others see who did", async () => {
    const prefix = `${PREFIX}race`;
    const connections = Array.from({ length: 5 }, () => connect());
    const stores = connections.map((c) => new RedisTicketStore(c, prefix));
    const { ticket } = await stores[0]!.createFromTweet(sampleTweet({ id: "777" }), sampleVerdict(), T0);
    await stores[0]!.transition(ticket.id, { type: "dispatch" }, at(1), "system");

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % stores.length]!.transition(
          ticket.id,
          { type: "claim", assignee: { id: i, name: `Staf ${i}` } },
          at(2),
          `tg:${i}`,
        ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const winner = (await stores[0]!.get(ticket.id))!;
    for (const r of lost)
      expect(r.reason).toMatchObject({
        code: "status",
        status: "claimed",
        ticket: { assignee: winner.assignee },
      });
    expect(winner.history.filter((e) => e.type === "claimed")).toHaveLength(1);
    expect(await stores[0]!.countByStatus("claimed")).toBe(1);
    expect(await stores[0]!.countByStatus("dispatched")).toBe(0);
  });

  it("the same tweet created by 20 workers at once is one ticket", async () => {
    const prefix = `${PREFIX}create-race`;
    const stores = Array.from({ length: 5 }, () => new RedisTicketStore(connect(), prefix));
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        stores[i % stores.length]!.createFromTweet(sampleTweet({ id: "888" }), sampleVerdict(), T0),
      ),
    );
    expect(new Set(results.map((r) => r.ticket.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await stores[0]!.countByStatus("new")).toBe(1);
  });

  it("20 workers claiming one effect at once: exactly one may post", async () => {
    const stores = Array.from({ length: 5 }, () => new RedisTicketStore(connect(), `${PREFIX}effect-race`));
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 5]!.claimEffect("ADU-000001-received", 30_000)),
    );
    expect(claims.filter((c) => c === "claimed")).toHaveLength(1);
    expect(claims.filter((c) => c === "in_progress")).toHaveLength(19);
  });

  it("an effect lease that runs out can be claimed again and counts the attempt", async () => {
    const store = freshRedisStore();
    expect(await store.claimEffect("ADU-000003-resolved", 30)).toBe("claimed");
    await new Promise((r) => setTimeout(r, 60));
    expect((await store.getEffect("ADU-000003-resolved"))?.state).toBe("released");
    expect(await store.claimEffect("ADU-000003-resolved", 30_000)).toBe("reclaimed");
    expect(await store.getEffect("ADU-000003-resolved")).toEqual({ state: "in_progress", attempts: 2 });
  });

  it("the history list in Redis only grows", async () => {
    const keys = redisKeys(`${PREFIX}history`);
    const store = new RedisTicketStore(redis, keys.namespace);
    const { ticket } = await store.createFromTweet(sampleTweet({ id: "999" }), sampleVerdict(), T0);
    const lengths: number[] = [await redis.llen(keys.history(ticket.id))];
    await store.transition(ticket.id, { type: "dispatch" }, at(1), "system");
    lengths.push(await redis.llen(keys.history(ticket.id)));
    await store
      .transition(ticket.id, { type: "claim", assignee: { id: 1, name: "A" } }, at(2), "tg:1")
      .catch(() => undefined);
    await store
      .transition(ticket.id, { type: "claim", assignee: { id: 2, name: "B" } }, at(2), "tg:2")
      .catch(() => undefined);
    lengths.push(await redis.llen(keys.history(ticket.id)));
    expect(lengths).toEqual([1, 2, 3]);
    const first = await redis.lindex(keys.history(ticket.id), 0);
    expect(JSON.parse(first!)).toEqual(ticket.history[0]);
  });
});

describe("memory ticket store", () => {
  it("an effect lease runs out on the injected clock without sleeping", async () => {
    let now = 1_000;
    const store = new MemoryTicketStore(() => now);
    expect(await store.claimEffect("k", 5_000)).toBe("claimed");
    now += 4_000;
    expect(await store.claimEffect("k", 5_000)).toBe("in_progress");
    now += 2_000;
    expect(await store.claimEffect("k", 5_000)).toBe("reclaimed");
  });
});
