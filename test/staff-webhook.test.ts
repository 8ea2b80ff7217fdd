import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ASEP, DSDABM_CHAT, cardIn, startStaffKit, type StaffKit } from "./support/staff-bot-kit.js";

let kit: StaffKit;
let server: Server;
beforeAll(async () => {
  kit = await startStaffKit({ poll: false });
  const handler = kit.app.webhookCallback("/telegram/aduan", "rahasia_Aduan-2026");
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await kit.app.bot.telegram.setWebhook(`http://127.0.0.1:${port}/telegram/aduan`, {
    secret_token: "rahasia_Aduan-2026",
  });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await kit?.close();
});

it("handles a press that arrives through the webhook with Telegram's secret token", async () => {
  const { ticket, messageId } = await kit.dispatched("dsdabm");

  const answer = await kit.sim.press({ chatId: DSDABM_CHAT, messageId, userId: ASEP.id, button: "Ambil" });

  expect(answer).toMatchObject({ answered: true, text: `Anda mengambil ${ticket.id}.` });
  expect(cardIn(kit.sim, DSDABM_CHAT, messageId).text).toContain("Ditangani oleh Asep Sunandar");
  expect(kit.sim.webhookInfo().pending_update_count).toBe(0);
});

it("refuses a webhook request without the secret token", async () => {
  const info = kit.sim.webhookInfo();
  const res = await fetch(info.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      update_id: 424242,
      message: { message_id: 1, date: 0, chat: { id: 1, type: "private" } },
    }),
  });
  expect(res.status).toBe(403);
});
