import fc from "fast-check";
import type { Update } from "telegraf/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleMessage, type MessageOutcome, type StaffMessage } from "../src/staff/handle-message.js";
import { handlePress, type PressOutcome } from "../src/staff/handle-press.js";
import type { StaffDeps } from "../src/staff/staff-deps.js";
import type { ChatGateway, MemberStatus } from "../src/ports/chat-gateway.js";
import { encodeCallbackData } from "../src/core/callback-data.js";
import {
  ASEP,
  DISHUB_CHAT,
  DSDABM_CHAT,
  SECRET,
  SUPERVISORS_CHAT,
  TRIAGE_CHAT,
  startStaffKit,
  type StaffKit,
} from "./support/staff-bot-kit.js";

/**
 * Bad input from Telegram: random button data through `handlePress`, odd messages through
 * `handleMessage`, and malformed updates through the bot itself. Nothing may crash; each refusal
 * is answered or logged. Seeded: a failure reproduces with the seed and path fast-check prints.
 */

const SEED = 20261128;
const CHATS = [DSDABM_CHAT, DISHUB_CHAT, TRIAGE_CHAT, SUPERVISORS_CHAT, -1009999999999, 61001];

let kit: StaffKit;
let ticketId: string;
let genuine: string[];

/** A Telegram that answers everything and remembers the callback answers. */
function recordingChat(answers: { id: string; text: string; alert: boolean }[]): ChatGateway {
  let next = 1000;
  return {
    sendMessage: async () => ({ messageId: next++ }),
    editMessage: async () => undefined,
    deleteMessage: async () => undefined,
    answerCallback: async (id, text, alert = false) => void answers.push({ id, text, alert }),
    memberStatus: async (_chat: number, user: number): Promise<MemberStatus> =>
      user === ASEP.id ? "member" : "left",
    sendDocument: async () => ({ messageId: next++ }),
    sendPhoto: async () => ({ messageId: next++ }),
    sendPhotoById: async () => ({ messageId: next++ }),
    setCommands: async () => undefined,
    leaveChat: async () => undefined,
    downloadFile: async () => Buffer.alloc(0),
  };
}

beforeAll(async () => {
  kit = await startStaffKit({ poll: false, commandsPerMinute: 1_000_000 });
  const { ticket } = await kit.dispatched("dsdabm");
  ticketId = ticket.id;
  genuine = (["claim", "resolve_menu", "reassign_menu", "reject_menu", "cancel"] as const).map((action) =>
    encodeCallbackData({ action, ticketId }, DSDABM_CHAT, SECRET),
  );
});
afterAll(async () => {
  await kit?.close();
});

/** Button data a client could send: random, near-genuine (one character changed, cut, padded), or another chat's. */
const buttonData = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.base64String({ maxLength: 64 }),
  fc.constantFrom("", ":", "::::", "c:ADU-000001", "claim|ADU-000001|deadbeef", "\u0000", "x".repeat(65)),
  fc.tuple(fc.nat(4), fc.nat(63), fc.string({ minLength: 1, maxLength: 1 })).map(([i, at, c]) => {
    const g = genuine[i] ?? "";
    return g.slice(0, at % g.length) + c + g.slice((at % g.length) + 1);
  }),
  fc.tuple(fc.nat(4), fc.nat(63)).map(([i, cut]) => (genuine[i] ?? "").slice(0, cut % 40)),
  fc.nat(4).map((i) => `${genuine[i] ?? ""}=`),
);

describe("random button data", () => {
  it("is refused as an invalid button, answered once as an alert and logged with the presser", async () => {
    const answers: { id: string; text: string; alert: boolean }[] = [];
    const deps: StaffDeps = { ...kit.app.deps, chat: recordingChat(answers) };
    const outcomes = new Map<PressOutcome, number>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(buttonData, fc.constantFrom(...CHATS), async (data, chatId) => {
        fc.pre(!(chatId === DSDABM_CHAT && genuine.includes(data)));
        const id = `fuzz-${++n}`;
        const logsBefore = kit.logs.length;
        const outcome = await handlePress(deps, {
          callbackQueryId: id,
          chatId,
          messageId: 1,
          user: { id: ASEP.id, name: ASEP.name },
          data,
        });
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        expect(answers.filter((a) => a.id === id)).toEqual([
          { id, text: "Tombol ini tidak berlaku di sini.", alert: true },
        ]);
        expect(outcome).toBe("invalid_button");
        expect(kit.logs.slice(logsBefore)).toContainEqual(
          expect.objectContaining({
            level: "warn",
            obj: expect.objectContaining({ user: ASEP.id, chat: chatId }),
          }),
        );
      }),
      { seed: SEED, numRuns: 2000 },
    );
    expect((await kit.ticket(ticketId)).status).toBe("dispatched");
    expect(outcomes.get("invalid_button")).toBeGreaterThan(1500);
  });
});

const oddText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.constantFrom(
    "/",
    "//",
    "/tiket",
    "/tiket ",
    "/tiket ADU-",
    "/tiket ADU-999999999999999999999",
    "/tiket adu-000001",
    "/tiket ../../etc/passwd",
    "/antrian@bot_lain",
    "/antrian@",
    "/start@AduanBot extra words",
    "/help\n/help",
    "/TIKET ADU-000001",
    "/laporan minggu lalu",
    "/laporan 2026-99",
    "/unknown_command",
    "/" + "a".repeat(40),
    "\u202E/tiket ADU-000001",
    "<b>tebal</b> &amp; {ticket}",
  ),
  fc
    .tuple(
      fc.constantFrom("/tiket ", "/antrian ", "/help ", "/start ", "/laporan "),
      fc.string({ maxLength: 3000 }),
    )
    .map(([c, rest]) => c + rest),
);

describe("odd messages", () => {
  it("never throw: each is handled, ignored or refused", async () => {
    const answers: { id: string; text: string; alert: boolean }[] = [];
    const effects: unknown[] = [];
    // Effects are queued jobs in production: recorded here, not delivered.
    const deps: StaffDeps = {
      ...kit.app.deps,
      chat: recordingChat(answers),
      effects: {
        telegram: async (job) => void effects.push(job),
        reply: async (job) => void effects.push(job),
      },
    };
    const seen = new Set<MessageOutcome>();
    let messageId = 5000;
    await fc.assert(
      fc.asyncProperty(
        oddText,
        fc.constantFrom(...CHATS),
        fc.constantFrom("group", "supergroup", "private") as fc.Arbitrary<StaffMessage["chatType"]>,
        fc.option(fc.nat(10_000), { nil: undefined }),
        fc.boolean(),
        async (text, chatId, chatType, replyTo, asCaption) => {
          const outcome = await handleMessage(deps, {
            chatId,
            chatType,
            messageId: ++messageId,
            user: { id: ASEP.id, name: ASEP.name },
            hasPhoto: asCaption,
            ...(asCaption ? { caption: text } : { text }),
            ...(replyTo !== undefined ? { replyToMessageId: replyTo } : {}),
          });
          seen.add(outcome);
        },
      ),
      { seed: SEED, numRuns: 1500 },
    );
    expect(seen.has("ignored")).toBe(true);
    expect(seen.has("command")).toBe(true);
    expect((await kit.ticket(ticketId)).status).toBe("dispatched");
  });
});

/** Update-shaped objects with the wrong or missing parts. */
const brokenUpdate = fc.oneof(
  fc.record({ update_id: fc.nat(), message: fc.object({ maxDepth: 2 }) }),
  fc.record({ update_id: fc.nat(), callback_query: fc.object({ maxDepth: 2 }) }),
  fc.record({
    update_id: fc.nat(),
    callback_query: fc.record({
      id: fc.string({ maxLength: 10 }),
      from: fc.record({ id: fc.integer(), is_bot: fc.boolean(), first_name: fc.string({ maxLength: 10 }) }),
      chat_instance: fc.string({ maxLength: 5 }),
      data: buttonData,
      message: fc.record({
        message_id: fc.integer(),
        date: fc.nat(),
        chat: fc.record({
          id: fc.constantFrom(...CHATS),
          type: fc.constantFrom("group", "supergroup", "private"),
        }),
      }),
    }),
  }),
  fc.record({
    update_id: fc.nat(),
    message: fc.record({
      message_id: fc.integer(),
      date: fc.nat(),
      chat: fc.record({
        id: fc.constantFrom(...CHATS),
        type: fc.constantFrom("group", "supergroup", "private"),
      }),
      from: fc.record({ id: fc.integer(), is_bot: fc.boolean(), first_name: fc.string({ maxLength: 10 }) }),
      text: oddText,
    }),
  }),
  fc.record({
    update_id: fc.nat(),
    my_chat_member: fc.record({
      chat: fc.record({
        id: fc.integer(),
        type: fc.constantFrom("group", "supergroup", "channel", "private"),
      }),
      from: fc.record({ id: fc.integer(), is_bot: fc.boolean(), first_name: fc.constant("x") }),
      date: fc.nat(),
      old_chat_member: fc.record({ status: fc.string({ maxLength: 12 }), user: fc.object({ maxDepth: 1 }) }),
      new_chat_member: fc.record({
        status: fc.constantFrom("member", "left", "kicked", "administrator", "?"),
        user: fc.object({ maxDepth: 1 }),
      }),
    }),
  }),
  fc.record({
    update_id: fc.nat(),
    edited_message: fc.object({ maxDepth: 1 }),
    poll: fc.anything({ maxDepth: 1 }),
  }),
);

describe("malformed updates through the bot", () => {
  it("never escape the bot's one error hook, and each failure there is logged with its update", async () => {
    let n = 0;
    let failed = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(brokenUpdate, async (update) => {
        const before = kit.logs.length;
        const id = 700_000 + ++n;
        await kit.app.bot.handleUpdate({ ...update, update_id: id } as unknown as Update);
        const logged = kit.logs.slice(before);
        for (const l of logged.filter((x) => x.level === "error")) {
          expect(l.msg).toBe("a Telegram update failed");
          expect(l.obj).toMatchObject({ update: id });
          failed++;
        }
        refused += logged.filter((x) => x.level === "warn").length;
      }),
      { seed: SEED, numRuns: 400 },
    );
    // Both ends were reached: updates refused by the handlers, and failures caught by the hook.
    expect(refused).toBeGreaterThan(20);
    expect(failed).toBeGreaterThan(20);
  });
});
