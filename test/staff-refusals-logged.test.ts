import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/runtime/logger.js";
import { encodeCallbackData } from "../src/core/callback-data.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  SECRET,
  TAMU,
  TRIAGE_CHAT,
  WARUNG_CHAT,
  cardIn,
  pressThenLeave,
  startStaffKit,
  type StaffKit,
} from "./support/staff-bot-kit.js";

interface LogLine {
  level: number;
  msg: string;
  user?: number;
  chat?: number;
  ticket?: string;
  code?: string;
}

const WARN = 40;
const INFO = 30;
const lines: LogLine[] = [];
let kit: StaffKit;

beforeAll(async () => {
  // The pino logger main.ts uses, writing JSON lines into memory.
  const log = createLogger({
    level: "info",
    secrets: [SECRET],
    destination: new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(String(chunk)) as LogLine);
        done();
      },
    }),
  });
  kit = await startStaffKit({ membershipCacheSeconds: 0.3, log });
});
afterAll(async () => {
  await kit?.close();
});

/** The log lines written while `act` ran. */
async function loggedDuring(act: () => Promise<unknown>): Promise<LogLine[]> {
  const from = lines.length;
  await act();
  return lines.slice(from);
}

async function fakeCard(chatId: number, label: string, data: string): Promise<number> {
  const sent = await kit.app.bot.telegram.sendMessage(chatId, "kartu tiruan", {
    reply_markup: { inline_keyboard: [[{ text: label, callback_data: data }]] },
  });
  return sent.message_id;
}

describe("every refused press is logged with who pressed", () => {
  it("a button whose signature was forged", async () => {
    const { ticket } = await kit.dispatched("dsdabm");
    const forged = encodeCallbackData(
      { action: "claim", ticketId: ticket.id },
      DSDABM_CHAT,
      "kunci-palsu-123",
    );
    const messageId = await fakeCard(DSDABM_CHAT, "Ambil", forged);

    const logged = await loggedDuring(() =>
      kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" }),
    );

    expect(logged).toContainEqual(
      expect.objectContaining({
        level: WARN,
        user: ASEP.id,
        chat: DSDABM_CHAT,
        code: "bad_signature",
        msg: "refused a button that was not issued for this chat",
      }),
    );
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });

  it("a genuine button copied into another agency's group", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const ambil = cardIn(kit.sim, DSDABM_CHAT, messageId)
      .message.buttons.flat()
      .find((b) => b.text === "Ambil");
    const copy = await fakeCard(DISHUB_CHAT, "Ambil", ambil?.callbackData ?? "");

    const logged = await loggedDuring(() =>
      kit.sim.press({ chatId: DISHUB_CHAT, messageId: copy, userId: BUDI.id, button: "Ambil" }),
    );

    expect(logged).toContainEqual(
      expect.objectContaining({
        level: WARN,
        user: BUDI.id,
        chat: DISHUB_CHAT,
        msg: "refused a button that was not issued for this chat",
      }),
    );
    expect((await kit.ticket(ticket.id)).assignee).toBeUndefined();
  });

  it("a genuine button replayed on another message of the same group", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const selesai = cardIn(kit.sim, DSDABM_CHAT, messageId)
      .message.buttons.flat()
      .find((b) => b.text === "Selesai");
    const replay = await fakeCard(DSDABM_CHAT, "Selesai", selesai?.callbackData ?? "");

    const logged = await loggedDuring(() =>
      kit.sim.press({ chatId: DSDABM_CHAT, messageId: replay, userId: ASEP.id, button: "Selesai" }),
    );

    expect(logged).toContainEqual(
      expect.objectContaining({
        level: INFO,
        user: ASEP.id,
        ticket: ticket.id,
        msg: "refused a press on a card that is no longer the ticket's current one",
      }),
    );
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });

  it("a button pressed again after the action it stands for was done by someone else", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    await kit.store.transition(
      ticket.id,
      { type: "claim", assignee: { id: 61002, name: "Sari Wulandari" } },
      new Date().toISOString(),
      "tg:61002",
    );

    const logged = await loggedDuring(() =>
      kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" }),
    );

    expect(logged).toContainEqual(
      expect.objectContaining({ level: INFO, user: ASEP.id, ticket: ticket.id, msg: "staff action refused" }),
    );
  });

  it("someone who is not a member of the owning group", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");

    const logged = await loggedDuring(() => pressThenLeave(kit.sim, DSDABM_CHAT, messageId, TAMU, "Ambil"));

    expect(logged).toContainEqual(
      expect.objectContaining({
        level: WARN,
        user: TAMU.id,
        ticket: ticket.id,
        msg: "refused a press from someone outside the owning group and the supervisors",
      }),
    );
  });

  it("a member removed from the group, once the membership cache has expired", async () => {
    const { ticket, messageId } = await kit.dispatched("dsdabm");
    const ujang = { id: 61098, name: "Ujang Kurnia" };
    kit.sim.setMember(DSDABM_CHAT, { ...ujang, status: "member" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ujang.id, button: "Alihkan" });
    await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ujang.id, button: "Batal" });
    kit.sim.setMember(DSDABM_CHAT, { ...ujang, status: "left" });
    await new Promise((resolve) => setTimeout(resolve, 400));

    const logged = await loggedDuring(() => pressThenLeave(kit.sim, DSDABM_CHAT, messageId, ujang, "Ambil"));

    expect(logged).toContainEqual(
      expect.objectContaining({
        level: WARN,
        user: ujang.id,
        ticket: ticket.id,
        msg: "refused a press from someone outside the owning group and the supervisors",
      }),
    );
    expect((await kit.ticket(ticket.id)).status).toBe("dispatched");
  });
});

describe("a group no agency owns, with leaving turned off", () => {
  it("tells the operator and stays in the group", async () => {
    const staying = await startStaffKit({ leaveUnknownGroups: false });
    try {
      const before = staying.sim.messages(TRIAGE_CHAT).length;
      await staying.app.bot.handleUpdate({
        update_id: 990002,
        my_chat_member: {
          chat: { id: WARUNG_CHAT, type: "supergroup", title: "Warung Kopi RW 05" },
          from: { id: BUDI.id, is_bot: false, first_name: "Budi" },
          date: Math.floor(Date.now() / 1000),
          old_chat_member: {
            status: "left",
            user: { id: staying.sim.bot.id, is_bot: true, first_name: "Aduan" },
          },
          new_chat_member: {
            status: "member",
            user: { id: staying.sim.bot.id, is_bot: true, first_name: "Aduan" },
          },
        },
      });

      const notice = staying.sim.messages(TRIAGE_CHAT).slice(before);
      expect(notice).toHaveLength(1);
      expect(notice[0]?.text).toContain(`Warung Kopi RW 05 (${WARUNG_CHAT})`);
      expect(notice[0]?.text).not.toContain("sudah keluar");
      expect(staying.sim.chats().find((c) => c.id === WARUNG_CHAT)?.botStatus).not.toBe("left");
      expect(staying.logs).toContainEqual(
        expect.objectContaining({
          level: "warn",
          obj: expect.objectContaining({ chat: WARUNG_CHAT, by: BUDI.id, leave: false }),
        }),
      );
    } finally {
      await staying.close();
    }
  });
});
