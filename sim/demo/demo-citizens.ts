import type { TelegramSimulator, UserMessageInput } from "../telegram/telegram-simulator.js";

/**
 * Citizens who report to the bot in a private chat during the demo: text, a location pin, a
 * photo, and the "Kirim laporan" button, the way a phone user would (written by us). Ids are
 * stable so the web view's columns are repeatable.
 */
export const DEMO_CITIZENS = [
  { id: 7_000_001, name: "Neng Lilis" },
  { id: 7_000_002, name: "Kang Dadang" },
  { id: 7_000_003, name: "Teh Euis" },
] as const;

type Step = { delay_s: number; citizen: number } & Omit<UserMessageInput, "chatId" | "userId">;

const [LILIS, DADANG, EUIS] = DEMO_CITIZENS.map((c) => c.id) as [number, number, number];

/** The demo's Telegram reports, by seconds after the start. */
export const DEMO_CITIZEN_STEPS: readonly Step[] = [
  { delay_s: 6, citizen: LILIS, text: "Punten, jalan berlubang besar pisan, bahaya buat motor" },
  { delay_s: 9, citizen: LILIS, location: { latitude: -6.8915, longitude: 107.6107 } },
  { delay_s: 12, citizen: LILIS, text: "Kirim laporan" },
  {
    delay_s: 20,
    citizen: DADANG,
    text: "Lampu jalan mati total di Jl. Pagarsih sejak kemarin malam",
    photo: { fileName: "lampu-pagarsih.jpg" },
  },
  { delay_s: 24, citizen: DADANG, text: "Kirim laporan" },
  { delay_s: 34, citizen: EUIS, text: "sampah numpuk di pinggir jalan, bau sekali" },
  { delay_s: 37, citizen: EUIS, text: "Kirim laporan" },
  // Asked where: she shares her location.
  { delay_s: 41, citizen: EUIS, location: { latitude: -6.94, longitude: 107.63 } },
];

/** Opens the citizens' private chats with the bot in the simulator. */
export function addDemoCitizens(telegram: Pick<TelegramSimulator, "addPrivateChat">): void {
  for (const c of DEMO_CITIZENS) telegram.addPrivateChat(c);
}

/** Plays the citizens' messages on their schedule; `stop()` cancels what has not been sent. */
export function playDemoCitizens(
  telegram: Pick<TelegramSimulator, "sendUserMessage">,
  opts: { speed?: number; onError?: (err: unknown) => void } = {},
): { stop(): void } {
  const speed = opts.speed ?? 1;
  const timers = DEMO_CITIZEN_STEPS.map((s) =>
    setTimeout(
      () => {
        const { delay_s: _d, citizen, ...message } = s;
        try {
          telegram.sendUserMessage({ chatId: citizen, userId: citizen, ...message });
        } catch (err) {
          opts.onError?.(err);
        }
      },
      (s.delay_s * 1000) / speed,
    ),
  );
  return {
    stop() {
      for (const t of timers) clearTimeout(t);
    },
  };
}
