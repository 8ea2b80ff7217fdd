import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { childEnv } from "./support/test-env.js";
import { runRedriveCli } from "../src/cli/redrive-cli.js";
import { ReplyRefusedError } from "../src/ports/tweet-publisher.js";
import { parkingDeps } from "../src/app/platform.js";
import { parkCauseOf, parkEffect } from "../src/supervision/parking.js";
import { replyEffectKey } from "../src/redis/keys.js";
import { createLogger } from "../src/runtime/logger.js";

/**
 * Work that ends for good is never silent: the whole pipeline (ingest, workers, bot) against the
 * simulators and real Redis. A group that removed the bot, an X refusal, a lost card job: each is
 * parked visibly (/healthz, /metrics, one supervisors' message, /macet) and re-driven without
 * duplicates once the cause clears.
 */

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], httpPort: 0 });
});
afterAll(async () => {
  await h?.close();
});
// A test that fails half way must not leave the next one without its group.
afterEach(() => {
  h.world.telegram.setBotStatus(chat("dsdabm"), "administrator");
  h.world.x.clearFaults();
});

const SUPERVISOR = 9001;
const chat = (id: string) => {
  const c = h.world.chatIds[id];
  if (c === undefined) throw new Error(`no chat ${id}`);
  return c;
};
const messagesWith = (chatName: string, text: string) =>
  h.world.telegram.messages(chat(chatName)).filter((m) => (m.text ?? "").includes(text) && !m.deleted);
const get = async (path: string) => {
  const res = await fetch(`${h.aduan.httpUrl}${path}`);
  return { status: res.status, text: await res.text() };
};
const reconcileNow = () => h.aduan.queues.sla.add("reconcile", { kind: "reconcile" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a group that removed the bot", () => {
  it("gets the card in the triage group with its buttons, parks the refusal once, and sends it home when the bot is back", async () => {
    h.world.telegram.setBotStatus(chat("dsdabm"), "kicked");
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan berlubang parah di jl. pagarsih, motor sering jatuh. tolong diperbaiki",
      author: { username: "warga_pagarsih" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    expect(ticket.agency).toBe("dsdabm");

    const standIn = await waitFor(() => messagesWith("diskominfo", ticket.id)[0], "the triage group's card");
    expect(standIn.text).toMatch(/^⚠️ Grup DSDABM tidak bisa dihubungi: kartu dikirim ke meja triase/);
    expect(standIn.buttons.flat().map((b) => b.text)).toEqual(
      expect.arrayContaining(["Ambil", "Alihkan", "Selesai", "Tolak"]),
    );
    const parked = await waitFor(() => h.aduan.parked.get(ticket.id, "card"), "the parked card");
    expect(parked).toMatchObject({ code: "chat_kicked", standIn: true, agency: "dsdabm", attempts: 1 });

    const notice = await waitFor(() => messagesWith("supervisors", ticket.id)[0], "the supervisors' message");
    expect(notice.text).toContain("Bot dikeluarkan dari grup DSDABM");
    expect(notice.text).toContain("meja triase");

    const health = await get("/healthz");
    expect(health.status).toBe(503);
    expect(JSON.parse(health.text)).toMatchObject({ status: "degraded", checks: { parked_effects: 1 } });
    expect((await get("/livez")).status).toBe(200);
    expect((await get("/metrics")).text).toMatch(/^aduan_parked_effects\{effect="card"\} 1$/m);

    h.world.telegram.sendUserMessage({ chatId: chat("supervisors"), userId: SUPERVISOR, text: "/antrian" });
    const queue = await waitFor(
      () => messagesWith("supervisors", "efek macet: lihat /macet")[0],
      "/antrian with the parked count",
    );
    expect(queue.text).toMatch(/⚠️ 1 efek macet: lihat \/macet$/);

    // Re-driven while the group still refuses: parked once more, no second message.
    await reconcileNow();
    await waitFor(
      async () => ((await h.aduan.parked.get(ticket.id, "card"))?.attempts ?? 0) >= 2,
      "a re-drive",
    );
    await sleep(500);
    expect(messagesWith("supervisors", `${ticket.id} macet`)).toHaveLength(1);
    expect(messagesWith("diskominfo", ticket.id)).toHaveLength(1);

    h.world.telegram.setBotStatus(chat("dsdabm"), "administrator");
    await reconcileNow();
    await waitFor(async () => (await h.aduan.parked.get(ticket.id, "card")) === null, "the card to recover");
    const home = await waitFor(() => messagesWith("dsdabm", ticket.id)[0], "the card in its own group");
    expect(home.buttons.flat().map((b) => b.text)).toContain("Ambil");
    await waitFor(
      () => messagesWith("diskominfo", ticket.id)[0]?.buttons.length === 0,
      "the triage copy to lose its buttons",
    );
    await waitFor(
      () => messagesWith("supervisors", "pulih").some((m) => (m.text ?? "").includes(ticket.id)),
      "pulih",
    );
    expect((await h.aduan.store.get(ticket.id))?.telegram).toMatchObject({ chat_id: chat("dsdabm") });
    expect(messagesWith("dsdabm", ticket.id)).toHaveLength(1);
    expect(messagesWith("supervisors", `${ticket.id} macet`)).toHaveLength(1);
    expect(messagesWith("supervisors", `${ticket.id}: kartu sudah terkirim (pulih)`)).toHaveLength(1);
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(1);
    const healthy = await get("/healthz");
    expect(JSON.parse(healthy.text).checks.parked_effects).toBe(0);
    expect((await get("/metrics")).text).toMatch(/^aduan_parked_effects\{effect="card"\} 0$/m);
  }, 60_000);
});

describe("X refusing a reply", () => {
  it("parks the reply, lists it in /macet, refuses a stranger's press, and posts it once when a supervisor retries", async () => {
    h.world.x.addFault({ endpoint: "post", status: 403, count: 1 });
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung sampah numpuk udh 3 hari di TPS pasar kosambi, bau bgt",
      author: { username: "warga_kosambi" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    const parked = await waitFor(() => h.aduan.parked.get(ticket.id, "reply:received"), "the parked reply");
    expect(parked.code).toBe("x_forbidden");
    await waitFor(() => messagesWith("supervisors", `${ticket.id} macet`)[0], "the supervisors' message");

    h.world.telegram.sendUserMessage({ chatId: chat("supervisors"), userId: SUPERVISOR, text: "/macet" });
    const list = await waitFor(
      () => messagesWith("supervisors", "efek macet").find((m) => (m.text ?? "").includes(ticket.id)),
      "the /macet list",
    );
    expect(list.text).toMatch(
      /balasan diterima · X menolak balasan kita \(403\) · sejak \d+ \w+ \d{4} \d\d\.\d\d WIB/,
    );
    const row = list.buttons.findIndex((r) => r.some((b) => b.text.endsWith("Coba lagi")));
    const retry = list.buttons[row]?.[0]?.text ?? "";
    expect(list.buttons.flat().some((b) => b.text.endsWith("Abaikan"))).toBe(false);

    // Someone who is not (or no longer) a supervisor.
    const stranger = { id: 777001, name: "Orang Lewat" };
    h.world.telegram.setMember(chat("supervisors"), { ...stranger, status: "member" });
    const pressing = h.world.telegram.press({
      chatId: chat("supervisors"),
      messageId: list.messageId,
      userId: stranger.id,
      button: retry,
    });
    h.world.telegram.setMember(chat("supervisors"), { ...stranger, status: "left" });
    const refused = await pressing;
    expect(refused).toMatchObject({ answered: true, show_alert: true });
    expect(await h.aduan.parked.get(ticket.id, "reply:received")).not.toBeNull();
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(0);

    const pressed = await h.world.telegram.press({
      chatId: chat("supervisors"),
      messageId: list.messageId,
      userId: SUPERVISOR,
      button: retry,
    });
    expect(pressed).toMatchObject({ answered: true, text: expect.stringContaining("dicoba lagi") });
    await waitFor(() => h.world.x.tweets({ inReplyTo: tweet.id }).length > 0, "the reply");
    await waitFor(async () => (await h.aduan.parked.get(ticket.id, "reply:received")) === null, "cleared");
    await reconcileNow();
    await sleep(1000);
    expect(h.world.x.tweets({ inReplyTo: tweet.id })).toHaveLength(1);
  }, 60_000);

  it("offers Abaikan for a tweet that is gone, and records the dismissal on the ticket", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung lampu lalu lintas mati di perempatan jl. soekarno hatta buahbatu, macet parah",
      author: { username: "warga_buahbatu" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    await waitFor(() => h.world.x.tweets({ inReplyTo: tweet.id }).length > 0, "the received reply");
    // The same path the reply worker takes when X answers "deleted or not visible" to a resolved reply.
    const parking = parkingDeps({
      queues: h.aduan.queues,
      store: h.aduan.store,
      settings: h.aduan.settings,
      parked: h.aduan.parked,
      now: Date.now,
      log: createLogger({ level: "silent" }),
    });
    const gone = new ReplyRefusedError("not-found", "X answered 400: the tweet is deleted or not visible");
    await parkEffect(parking, {
      ticketId: ticket.id,
      effect: "reply:resolved",
      round: 1,
      cause: parkCauseOf(gone, false),
    });

    h.world.telegram.sendUserMessage({ chatId: chat("supervisors"), userId: SUPERVISOR, text: "/macet" });
    const list = await waitFor(
      () =>
        messagesWith("supervisors", "efek macet").find(
          (m) => (m.text ?? "").includes(ticket.id) && (m.text ?? "").includes("dihapus"),
        ),
      "the /macet list",
    );
    const dismiss = list.buttons.flat().find((b) => b.text.endsWith("Abaikan"));
    expect(dismiss).toBeDefined();
    const pressed = await h.world.telegram.press({
      chatId: chat("supervisors"),
      messageId: list.messageId,
      userId: SUPERVISOR,
      button: dismiss?.text ?? "",
    });
    expect(pressed).toMatchObject({ answered: true, text: expect.stringContaining("diabaikan") });
    expect(await h.aduan.parked.get(ticket.id, "reply:resolved")).toBeNull();
    const after = await h.aduan.store.get(ticket.id);
    expect(after?.history.at(-1)).toMatchObject({
      type: "dismissed",
      actor: `tg:${SUPERVISOR}`,
      to: "reply:resolved",
      note: "tweet_gone",
    });
    expect(await h.aduan.store.getEffect(replyEffectKey(ticket.id, "resolved", 1))).toMatchObject({
      state: "done",
      result: "dismissed: tweet_gone",
    });
  }, 60_000);
});

describe("the reconciler", () => {
  it("sends the card and the received reply a lost job never sent, once, however often it runs", async () => {
    const onX = h.world.x.addTweet({
      text: "@PemkotBandung jalan rusak di jl. cijerah, lubang besar",
      author: { username: "warga_cijerah" },
    });
    // A ticket whose jobs were lost (a crash before they were queued), three minutes ago.
    const at = new Date(Date.now() - 3 * 60_000).toISOString();
    const { ticket } = await h.aduan.store.createFromTweet(
      sampleTweet({ id: onX.id, text: onX.text, author_username: "warga_cijerah", mentions_us: true }),
      sampleVerdict({ id: onX.id, agency: "dsdabm" }),
      at,
    );
    await h.aduan.store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, at, "system");

    await Promise.all([reconcileNow(), reconcileNow(), reconcileNow()]);
    await waitFor(() => messagesWith("dsdabm", ticket.id).length > 0, "the card");
    await waitFor(() => h.world.x.tweets({ inReplyTo: onX.id }).length > 0, "the reply");
    await reconcileNow();
    await sleep(1500);
    expect(messagesWith("dsdabm", ticket.id)).toHaveLength(1);
    expect(h.world.x.tweets({ inReplyTo: onX.id })).toHaveLength(1);
  }, 60_000);
});

describe("npm run redrive", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        env: childEnv({ ADUAN_PREFIX: h.prefix, ADUAN_CONFIG_DIR: "config" }),
        out: (t: string) => void out.push(t),
        err: (t: string) => void err.push(t),
        progress: false,
      },
    };
  };

  it("explains itself with --help", async () => {
    const run = io();
    expect(await runRedriveCli(["--help"], run.io)).toBe(0);
    expect(run.out.join("")).toMatch(/--list[\s\S]*--ticket <id>[\s\S]*--all[\s\S]*--prefix <prefix>/);
  });

  it("lists parked effects and re-drives one ticket's, which then gets through", async () => {
    h.world.x.addFault({ endpoint: "post", status: 401, count: 1 });
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung air pdam mati total dari kemarin di sukajadi",
      author: { username: "warga_sukajadi" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    await waitFor(() => h.aduan.parked.get(ticket.id, "reply:received"), "the parked reply");

    const listed = io();
    expect(await runRedriveCli(["--list"], listed.io)).toBe(0);
    expect(listed.out.join("")).toMatch(
      new RegExp(`${ticket.id} · balasan diterima · X menolak kunci akses`),
    );

    const one = io();
    expect(await runRedriveCli(["--ticket", ticket.id], one.io)).toBe(0);
    expect(one.out.join("")).toContain(`${ticket.id}: re-driven reply:received`);
    await waitFor(() => h.world.x.tweets({ inReplyTo: tweet.id }).length > 0, "the reply");
    await waitFor(async () => (await h.aduan.parked.get(ticket.id, "reply:received")) === null, "cleared");

    const none = io();
    expect(await runRedriveCli(["--ticket", ticket.id], none.io)).toBe(1);
    expect(none.err.join("")).toContain("has nothing parked");
    const all = io();
    expect(await runRedriveCli(["--all"], all.io)).toBe(0);
    expect(all.out.join("")).toMatch(/^re-driven \d+ parked effects?\n$/);
    expect(await runRedriveCli(["--list", "--all"], io().io)).toBe(2);
  }, 60_000);
});
