import type { AgencyFile } from "../../src/triage/agency-schema.js";
import { addDemoCitizens } from "./demo-citizens.js";
import {
  CITIZEN_SIM_TOKEN,
  startTelegramSimulator,
  type SimBot,
  type TelegramSimulator,
} from "../telegram/telegram-simulator.js";
import { startXSimulator, type XSimulator, type XSimulatorOptions } from "../x/x-simulator.js";

/** Simulated staff: two per agency group, one supervisor group. Ids are stable so demos are repeatable. */
const STAFF_NAMES = [
  ["Sari", "Dedi"],
  ["Rina", "Asep"],
  ["Yuli", "Ujang"],
  ["Nenden", "Agus"],
  ["Lilis", "Dadan"],
  ["Euis", "Cecep"],
  ["Tuti", "Iwan"],
  ["Ani", "Budi"],
  ["Wulan", "Hendra"],
  ["Maya", "Rudi"],
  ["Fitri", "Yayan"],
  ["Siti", "Jajang"],
] as const;

export const DEMO_X_CREDENTIALS = {
  appKey: "demo-key",
  appSecret: "demo-secret",
  accessToken: "demo-at",
  accessSecret: "demo-as",
};

const DEMO_SUPERVISOR = { id: 9001, name: "Bu Kepala (supervisor)" };

export interface DemoWorld {
  x: XSimulator;
  telegram: TelegramSimulator;
  /**
   * The citizen-facing bot, when asked for (`citizenBot`): the simulated citizens' private chats
   * are with it, and the staff bot (`telegram`) keeps the groups.
   */
  citizenBot?: SimBot;
  /** Agency id (and `supervisors`) → the simulated group's chat id. */
  chatIds: Record<string, number>;
  /** The supervisors' group's member (the demo prints a dashboard login link for them). */
  supervisor: { id: number; name: string };
  close(): Promise<void>;
}

/**
 * The local world the demo and the end-to-end tests run in: an X simulator with the city's
 * account, and a Telegram simulator with a group per agency (two staff members each) and a
 * supervisors' group.
 */
export async function startDemoWorld(
  agencies: readonly AgencyFile[],
  opts: {
    xPort?: number;
    telegramPort?: number;
    telegramToken?: string;
    floodControl?: boolean;
    username?: string;
    /** Agency groups as basic groups (which Telegram may later upgrade) instead of supergroups. */
    basicGroups?: boolean;
    /** The X simulator's clock (tests move it past a rate-limit window). */
    xNow?: () => number;
    /** X requests per 15-minute window per endpoint (the pipeline bench polls far more often than X allows). */
    xLimits?: XSimulatorOptions["limits"];
    /** A second, citizen-facing bot on the same simulated Telegram (`CITIZEN_SIM_TOKEN`). */
    citizenBot?: boolean;
  } = {},
): Promise<DemoWorld> {
  const x = await startXSimulator({
    ...(opts.xPort !== undefined ? { port: opts.xPort } : {}),
    ...(opts.xNow ? { now: opts.xNow } : {}),
    ...(opts.xLimits ? { limits: opts.xLimits } : {}),
    ownUser: { username: opts.username ?? "PemkotBandung", name: "Pemerintah Kota Bandung" },
  });
  const telegram = await startTelegramSimulator({
    ...(opts.telegramPort !== undefined ? { port: opts.telegramPort } : {}),
    ...(opts.telegramToken ? { token: opts.telegramToken } : {}),
    floodControl: opts.floodControl ?? true,
    ...(opts.citizenBot ? { otherBots: [{ token: CITIZEN_SIM_TOKEN }] } : {}),
  });
  const citizenBot = opts.citizenBot ? telegram.otherBot(CITIZEN_SIM_TOKEN) : undefined;
  const chatIds: Record<string, number> = {};
  let n = 0;
  for (const a of agencies) {
    if (a.kind === "external") continue;
    const names = STAFF_NAMES[n % STAFF_NAMES.length] ?? ["Staf A", "Staf B"];
    const base = 1000 + n * 10;
    const chat = telegram.addChat({
      id: opts.basicGroups ? -4000000000 - n : -1001000000000 - n,
      title: `${a.short_name} · Aduan`,
      type: opts.basicGroups ? "group" : "supergroup",
      members: [
        { id: base + 1, name: `${names[0]} (${a.short_name})`, status: "administrator" },
        { id: base + 2, name: `${names[1]} (${a.short_name})`, status: "member" },
      ],
    });
    chatIds[a.id] = chat.id;
    n++;
  }
  const supervisors = telegram.addChat({
    id: -1001000000999,
    title: "Supervisor · Aduan",
    type: "supergroup",
    members: [{ ...DEMO_SUPERVISOR, status: "administrator" }],
  });
  chatIds["supervisors"] = supervisors.id;
  // Citizens who report in a private chat with the bot (demo-citizens.ts plays their messages).
  addDemoCitizens(citizenBot ?? telegram);
  return {
    x,
    telegram,
    ...(citizenBot ? { citizenBot } : {}),
    chatIds,
    supervisor: DEMO_SUPERVISOR,
    async close() {
      await Promise.all([x.close(), telegram.close()]);
    },
  };
}
