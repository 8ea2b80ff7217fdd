import { ESLint } from "eslint";
import { afterEach, describe, expect, it } from "vitest";
import { cardRound } from "../src/core/routing.js";
import { deliverTelegramJob, DeliverLaterError } from "../src/dispatch/deliver-card.js";
import { GatedChatGateway } from "../src/dispatch/gated-chat-gateway.js";
import { TELEGRAM_LIMITS } from "../src/ports/rate-gate.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { ASEP, cardIn, DSDABM_CHAT, startStaffKit, type StaffKit } from "./support/staff-bot-kit.js";

let kit: StaffKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

let seq = 0;
/** A ticket dispatched to DSDABM whose card is not sent yet. */
async function dispatchedWithoutCard(k: StaffKit) {
  const id = `18900000000${String(++seq).padStart(8, "0")}`;
  const at = new Date().toISOString();
  const { ticket } = await k.store.createFromTweet(
    sampleTweet({ id }),
    sampleVerdict({ id, agency: "dsdabm" }),
    at,
  );
  const { ticket: sent } = await k.store.transition(
    ticket.id,
    { type: "dispatch", agency: "dsdabm" },
    at,
    "system",
  );
  return sent;
}

/** Tries to deliver a ticket's card as the telegram worker would: sent, or deferred by the gate. */
async function tryCard(k: StaffKit, ticketId: string): Promise<"sent" | "deferred"> {
  const ticket = await k.ticket(ticketId);
  try {
    await deliverTelegramJob(k.deliver, { kind: "card", ticketId, dispatch: cardRound(ticket.history) });
    return "sent";
  } catch (err) {
    if (err instanceof DeliverLaterError) return "deferred";
    throw err;
  }
}

describe("one gated gateway for every Bot API call", () => {
  it("lets a staff member's menu and prompt through a group that a flood of cards has filled to the bulk share", async () => {
    kit = await startStaffKit({ gateLimits: TELEGRAM_LIMITS });
    const first = await kit.dispatched("dsdabm");
    const waiting = [];
    for (let i = 0; i < 20; i++) waiting.push(await dispatchedWithoutCard(kit));
    const outcomes = [];
    for (const t of waiting) outcomes.push(await tryCard(kit, t.id));
    // 20 a minute per group, a fifth kept for people: the 16th card is the last that goes.
    expect(outcomes.filter((o) => o === "sent")).toHaveLength(15);
    expect(outcomes.filter((o) => o === "deferred")).toHaveLength(5);

    // A member opens the reject menu and asks to mark the ticket a duplicate: a menu edit, then a prompt.
    const menu = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: first.messageId,
      userId: ASEP.id,
      button: "Tolak",
    });
    expect(menu.answered).toBe(true);
    expect(cardIn(kit.sim, DSDABM_CHAT, first.messageId).buttons).toContain("Duplikat");
    const asked = await kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: first.messageId,
      userId: ASEP.id,
      button: "Duplikat",
    });
    expect(asked.answered).toBe(true);

    const inGroup = kit.sim.messages(DSDABM_CHAT);
    const prompts = inGroup.filter((m) => m.forceReply);
    expect(prompts).toHaveLength(1);
    expect(inGroup.filter((m) => !m.forceReply)).toHaveLength(16);
    // The prompt came after the sixteenth card, while five cards still wait for the window.
    expect(prompts[0]?.messageId).toBe(17);
    expect(await tryCard(kit, waiting.at(-1)?.id ?? "")).toBe("deferred");
  });

  it("holds the bot's own calls to a group back after a card got a 429 there, and only then calls Telegram", async () => {
    kit = await startStaffKit();
    const waiting = await dispatchedWithoutCard(kit);
    kit.sim.addFault({ method: "sendMessage", status: 429, retryAfter: 7 });
    expect(await tryCard(kit, waiting.id)).toBe("deferred");
    const sendsAfter429 = kit.sim.stats().sendMessage ?? 0;

    // Another process's queue job defers without calling Telegram at all.
    let clock = Date.now();
    const queued = new GatedChatGateway(kit.app.chat, { gate: kit.gate, now: () => clock, onWait: "defer" });
    await expect(queued.sendMessage(DSDABM_CHAT, "pengumuman")).rejects.toBeInstanceOf(DeliverLaterError);
    expect(kit.sim.stats().sendMessage ?? 0).toBe(sendsAfter429);

    // An interactive call waits the cool-down out (on a clock the test moves), then sends once.
    const slept: number[] = [];
    const interactive = new GatedChatGateway(kit.app.chat, {
      gate: kit.gate,
      now: () => clock,
      onWait: "wait",
      priority: "interactive",
      sleep: async (ms) => {
        slept.push(ms);
        expect(kit?.sim.stats().sendMessage ?? 0).toBe(sendsAfter429);
        clock += ms;
      },
    });
    await interactive.sendMessage(DSDABM_CHAT, "balasan untuk petugas");
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(5_000);
    expect(slept[0]).toBeLessThanOrEqual(7_000);
    expect(kit.sim.stats().sendMessage ?? 0).toBe(sendsAfter429 + 1);
  });

  it("answers a button press through a short global cool-down and skips the answer past a long one", async () => {
    kit = await startStaffKit();
    let clock = Date.now();
    const slept: number[] = [];
    const skipped: number[] = [];
    const chat = new GatedChatGateway(kit.app.chat, {
      gate: kit.gate,
      now: () => clock,
      onWait: "wait",
      priority: "interactive",
      sleep: async (ms) => {
        slept.push(ms);
        clock += ms;
      },
      onAnswerSkipped: (ms) => skipped.push(ms),
    });
    const answersBefore = kit.sim.stats().answerCallbackQuery ?? 0;
    await kit.gate.coolDown("all", clock + 10_000, clock);
    await chat.answerCallback("query-1", "Diambil");
    expect(skipped).toEqual([10_000]);
    expect(kit.sim.stats().answerCallbackQuery ?? 0).toBe(answersBefore);

    clock += 8_000;
    // Two seconds left: worth waiting for, the spinner is still turning. (The simulator knows no
    // query "query-2" and says so: proof that the call reached it, after the wait.)
    const answered = await chat.answerCallback("query-2", "Diambil").catch((err: unknown) => err);
    expect(answered).toMatchObject({ status: 400, method: "answerCallbackQuery" });
    expect(slept).toEqual([2_000]);
    expect(kit.sim.stats().answerCallbackQuery ?? 0).toBe(answersBefore + 1);
  });
});

describe("the lint rule that keeps every call gated", () => {
  const ungated = [
    "export async function handle(ctx: any, bot: any) {",
    '  await ctx.reply("halo");',
    '  await ctx.telegram.sendMessage(1, "halo");',
    '  await ctx.editMessageText("halo");',
    "  await ctx.deleteMessage();",
    '  await bot.telegram.sendDocument(1, { source: "x" });',
    "}",
  ].join("\n");

  it("refuses ctx.reply, ctx.telegram, ctx.editMessage*, ctx.deleteMessage and bot.telegram.* outside the adapter", async () => {
    const eslint = new ESLint();
    const [result] = await eslint.lintText(ungated, { filePath: "src/staff/ungated-example.ts" });
    const lines = (result?.messages ?? [])
      .filter((m) => m.ruleId === "no-restricted-syntax")
      .map((m) => m.line);
    expect(new Set(lines)).toEqual(new Set([2, 3, 4, 5, 6]));
  });

  it("lets the telegraf adapter call its client", async () => {
    const eslint = new ESLint();
    const [result] = await eslint.lintText(ungated, { filePath: "src/telegram/telegraf-chat-gateway.ts" });
    expect((result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax")).toEqual([]);
  });
});
