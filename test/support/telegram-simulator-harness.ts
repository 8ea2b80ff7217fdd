import { Telegraf } from "telegraf";
import {
  startTelegramSimulator,
  type TelegramSimulator,
  type TelegramSimulatorOptions,
} from "../../sim/telegram/telegram-simulator.js";

export const DLH_CHAT = -1002200000001;
export const ASEP = { id: 51001, name: "Asep Sunandar" };
export const RINA = { id: 51002, name: "Rina Marlina" };
export const KEPALA = { id: 51003, name: "Dedi Supriadi" };
export const MANTAN = { id: 51004, name: "Ujang Kurnia" };

/** A simulator with one agency group (DLH) whose staff have every membership status the tests need. */
export async function startDlhSimulator(options: TelegramSimulatorOptions = {}): Promise<TelegramSimulator> {
  return await startTelegramSimulator({
    chats: [
      {
        id: DLH_CHAT,
        title: "DLH Kota Bandung — Aduan",
        type: "supergroup",
        members: [
          { ...KEPALA, status: "creator" },
          { ...RINA, status: "administrator" },
          { ...ASEP, status: "member" },
          { ...MANTAN, status: "kicked" },
        ],
      },
    ],
    ...options,
  });
}

/** telegraf, unmodified, pointed at the simulator. */
export function botFor(sim: TelegramSimulator): Telegraf {
  return new Telegraf(sim.token, { telegram: { apiRoot: sim.url, webhookReply: false } });
}

/** Starts long polling and returns a stop function that waits until the poller has let go. */
export async function launchPolling(bot: Telegraf): Promise<() => Promise<void>> {
  let launched: Promise<void> | undefined;
  await new Promise<void>((resolve) => {
    launched = bot.launch(() => resolve());
  });
  return async () => {
    bot.stop("test over");
    await launched?.catch(() => undefined);
  };
}

export { eventually } from "./eventually.js";
