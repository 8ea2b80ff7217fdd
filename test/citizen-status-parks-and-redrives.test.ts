import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";
import { citizenReportId } from "../src/citizens/citizen-report.js";

/**
 * A citizen's status message that Telegram refuses for good (its private chat is gone, as the
 * simulator answers through telegraf) is never a silently failed job: it is parked like a card or
 * a reply (/healthz, /metrics, one supervisors' message, /macet with "Coba lagi"), and once the
 * cause clears a re-drive delivers it exactly once, however often the reconciler runs after.
 */

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], httpPort: 0 });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const SUPERVISOR = 9001;
const CITIZEN = { id: 882_001, name: "Euis Komalasari" };

const chat = (id: string) => {
  const c = h.world.chatIds[id];
  if (c === undefined) throw new Error(`no chat ${id}`);
  return c;
};
const messagesWith = (chatId: number, text: string) =>
  h.world.telegram.messages(chatId).filter((m) => (m.text ?? "").includes(text) && !m.deleted);
const get = async (path: string) => {
  const res = await fetch(`${h.aduan.httpUrl}${path}`);
  return { status: res.status, text: await res.text() };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a citizen's status messages that do not reach them", () => {
  it("parks, shows in /macet, and after the cause clears a re-drive delivers it exactly once", async () => {
    h.world.telegram.addPrivateChat(CITIZEN);
    const opened = h.world.telegram.sendUserMessage({
      chatId: CITIZEN.id,
      userId: CITIZEN.id,
      text: "Lampu jalan mati total di Jl. Cihampelas",
    });
    h.world.telegram.sendUserMessage({ chatId: CITIZEN.id, userId: CITIZEN.id, text: "Kirim laporan" });
    const reportId = citizenReportId("test-secret", CITIZEN.id, opened.message_id);
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(reportId);
      return t?.telegram && t.agency ? t : undefined;
    }, "the ticket and its card");
    await waitFor(() => messagesWith(CITIZEN.id, ticket.id)[0], "the received notice");

    // From now on Telegram no longer knows the citizen's chat (only that chat: cards still go).
    h.world.telegram.addFault({
      method: "sendMessage",
      chatId: CITIZEN.id,
      status: 400,
      description: "Bad Request: chat not found",
      count: 1000,
    });
    const agency = ticket.agency ?? "";
    const group = ticket.telegram?.chat_id ?? 0;
    const staff = h.world.telegram.chats().find((c) => c.id === group)?.members[0];
    await h.world.telegram.press({
      chatId: group,
      messageId: ticket.telegram?.message_id ?? 0,
      userId: staff?.id ?? 0,
      button: "Ambil",
    });

    const parked = await waitFor(
      () => h.aduan.parked.get(ticket.id, "citizen:claimed"),
      "the parked status message",
    );
    expect(parked).toMatchObject({ code: "citizen_chat_gone", round: 1, agency });
    const notice = await waitFor(
      () => messagesWith(chat("supervisors"), `${ticket.id} macet`)[0],
      "the supervisors' message",
    );
    expect(notice.text).toContain("pesan warga: ditangani");
    expect(notice.text).toContain("Telegram tidak menemukan chat warga");
    expect(JSON.parse((await get("/healthz")).text)).toMatchObject({ checks: { parked_effects: 1 } });
    expect((await get("/metrics")).text).toMatch(/^aduan_parked_effects\{effect="citizen:claimed"\} 1$/m);
    // The job itself ended for good (no retry would help): nothing is left queued for it.
    expect(messagesWith(CITIZEN.id, "sedang ditangani")).toHaveLength(0);

    h.world.telegram.sendUserMessage({ chatId: chat("supervisors"), userId: SUPERVISOR, text: "/macet" });
    const list = await waitFor(
      () => messagesWith(chat("supervisors"), "efek macet").find((m) => (m.text ?? "").includes(ticket.id)),
      "the /macet list",
    );
    expect(list.text).toMatch(/pesan warga: ditangani · Telegram tidak menemukan chat warga · sejak /);
    const retry = list.buttons.flat().find((b) => b.text.endsWith("Coba lagi"))?.text ?? "";
    expect(retry).not.toBe("");

    // The cause clears (the citizen opened the chat again); a supervisor presses "Coba lagi".
    h.world.telegram.clearFaults();
    const pressed = await h.world.telegram.press({
      chatId: chat("supervisors"),
      messageId: list.messageId,
      userId: SUPERVISOR,
      button: retry,
    });
    expect(pressed).toMatchObject({ answered: true, text: expect.stringContaining("dicoba lagi") });
    await waitFor(() => messagesWith(CITIZEN.id, `${ticket.id} sedang ditangani`)[0], "the claimed notice");
    await waitFor(
      async () => (await h.aduan.parked.get(ticket.id, "citizen:claimed")) === null,
      "the record cleared",
    );
    await waitFor(
      () => messagesWith(chat("supervisors"), `${ticket.id}: pesan warga: ditangani sudah terkirim`)[0],
      "the recovered line",
    );

    // The reconciler and a second re-drive find nothing to send again.
    await h.aduan.queues.sla.add("reconcile", { kind: "reconcile" });
    await h.aduan.queues.telegram.add(
      "citizen",
      { kind: "citizen", ticketId: ticket.id, notice: "claimed", round: 1 },
      { jobId: `${ticket.id}-citizen-claimed-1-again` },
    );
    await sleep(1_500);
    expect(messagesWith(CITIZEN.id, "sedang ditangani")).toHaveLength(1);
    expect(JSON.parse((await get("/healthz")).text).checks.parked_effects).toBe(0);
  }, 60_000);

  it("a citizen who blocked the bot is counted and shown, not parked, and /healthz stays ok", async () => {
    const who = { id: 882_002, name: "Ujang Blokir" };
    h.world.telegram.addPrivateChat(who);
    const opened = h.world.telegram.sendUserMessage({
      chatId: who.id,
      userId: who.id,
      text: "Sampah menumpuk di Jl. Pagarsih sudah seminggu",
    });
    h.world.telegram.sendUserMessage({ chatId: who.id, userId: who.id, text: "Kirim laporan" });
    const reportId = citizenReportId("test-secret", who.id, opened.message_id);
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(reportId);
      return t?.telegram && t.agency ? t : undefined;
    }, "the ticket and its card");
    await waitFor(() => messagesWith(who.id, ticket.id)[0], "the received notice");
    h.world.telegram.setBotStatus(who.id, "kicked");
    const group = ticket.telegram?.chat_id ?? 0;
    const staff = h.world.telegram.chats().find((c) => c.id === group)?.members[0];
    await h.world.telegram.press({
      chatId: group,
      messageId: ticket.telegram?.message_id ?? 0,
      userId: staff?.id ?? 0,
      button: "Ambil",
    });
    await waitFor(
      () => messagesWith(group, ticket.id).find((m) => (m.text ?? "").includes("warga memblokir bot")),
      "the card saying the citizen blocked the bot",
    );
    expect((await get("/metrics")).text).toMatch(/^aduan_citizen_blocked_total 1$/m);
    expect(await h.aduan.parked.list()).toEqual([]);
    const health = await get("/healthz");
    expect(JSON.parse(health.text).checks.parked_effects).toBe(0);
  }, 60_000);
});
