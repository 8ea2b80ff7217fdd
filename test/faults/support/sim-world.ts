import { join } from "node:path";
import type {
  PressInput,
  PressResult,
  SimChatView,
  SimFault,
  SimMessageView,
  TgMessage,
  UserMessageInput,
} from "../../../sim/telegram/telegram-simulator.js";
import type { XFault, XSimulatorStats } from "../../../sim/x/x-simulator.js";
import { freePort } from "./free-port.js";
import { ManagedProcess } from "./managed-process.js";

export interface SimTweet {
  id: string;
  text: string;
  created_at: string;
  author: { username: string };
  in_reply_to_tweet_id?: string;
  deleted: boolean;
}

export interface SimMessage {
  messageId: number;
  chatId: number;
  date: number;
  text?: string;
  /** A photo's caption (the photos shown under a citizen's card name the ticket here). */
  caption?: string;
  photo?: { fileId: string };
  /** Set on the bot's answers to staff and its prompts (cards are never replies). */
  replyToMessageId?: number;
  deleted: boolean;
}

/**
 * The simulated outside world (`sim-world-main.ts`) in its own process, driven over HTTP: the
 * simulators' `/_sim` control routes and the X clock's control server.
 */
export class SimWorld {
  private constructor(
    private readonly process: ManagedProcess,
    readonly xUrl: string,
    readonly telegramUrl: string,
    readonly token: string,
    readonly chatIds: Readonly<Record<string, number>>,
    private readonly controlUrl: string,
  ) {}

  static async start(opts: { logDir: string; name: string; xClockOffsetMs?: number }): Promise<SimWorld> {
    const [xPort, telegramPort, controlPort] = [await freePort(), await freePort(), await freePort()];
    const { process: child, readyLine } = await ManagedProcess.start({
      name: `simulators-${opts.name}`,
      command: process.execPath,
      args: [
        "--import",
        "tsx",
        "test/faults/support/sim-world-main.ts",
        "--x-port",
        String(xPort),
        "--telegram-port",
        String(telegramPort),
        "--control-port",
        String(controlPort),
        "--token",
        `7000000001:fault-suite-${opts.name}`,
        `--x-clock-offset-ms=${opts.xClockOffsetMs ?? 0}`,
      ],
      logFile: join(opts.logDir, `simulators-${opts.name}.log`),
      ready: /"event":"ready"/,
    });
    const ready = JSON.parse(readyLine) as {
      xUrl: string;
      telegramUrl: string;
      token: string;
      chatIds: Record<string, number>;
      controlUrl: string;
    };
    return new SimWorld(child, ready.xUrl, ready.telegramUrl, ready.token, ready.chatIds, ready.controlUrl);
  }

  async addTweet(input: { text: string; author: { username: string; name: string } }): Promise<SimTweet> {
    return (await call("POST", `${this.xUrl}/_sim/tweets`, input)) as SimTweet;
  }

  async tweets(): Promise<SimTweet[]> {
    return ((await call("GET", `${this.xUrl}/_sim/tweets`)) as { tweets: SimTweet[] }).tweets;
  }

  async addXFault(fault: XFault): Promise<void> {
    await call("POST", `${this.xUrl}/_sim/faults`, fault);
  }

  async xStats(): Promise<XSimulatorStats> {
    return (await call("GET", `${this.xUrl}/_sim/stats`)) as XSimulatorStats;
  }

  /** Moves the X simulator's clock on (ends a rate-limit window a 429 spent). */
  async advanceXClock(ms: number): Promise<void> {
    await call("POST", `${this.controlUrl}/clock`, { advanceMs: ms });
  }

  async addTelegramFault(fault: SimFault): Promise<void> {
    await call("POST", `${this.telegramUrl}/_sim/faults`, fault);
  }

  /** Faults not yet served. */
  async pendingTelegramFaults(): Promise<(SimFault & { count: number })[]> {
    return (
      (await call("GET", `${this.telegramUrl}/_sim/faults`)) as { faults: (SimFault & { count: number })[] }
    ).faults;
  }

  /** The bot's messages in every group, as they look now. */
  async botMessages(): Promise<SimMessage[]> {
    const all: SimMessage[] = [];
    for (const id of new Set(Object.values(this.chatIds))) {
      all.push(...((await call("GET", `${this.telegramUrl}/_sim/chats/${id}/messages`)) as SimMessage[]));
    }
    return all;
  }

  /** The groups with their members (the simulated staff). */
  async chats(): Promise<SimChatView[]> {
    return (await call("GET", `${this.telegramUrl}/_sim/chats`)) as SimChatView[];
  }

  /** One group's bot messages as they look now, with their buttons and prompts (users' too if asked). */
  async chatMessages(chatId: number, includeUsers = false): Promise<SimMessageView[]> {
    const query = includeUsers ? "?include=all" : "";
    return (await call(
      "GET",
      `${this.telegramUrl}/_sim/chats/${chatId}/messages${query}`,
    )) as SimMessageView[];
  }

  /** A member presses an inline button; resolves with the bot's answer, or `answered: false` in time. */
  async press(input: PressInput): Promise<PressResult> {
    return (await call(
      "POST",
      `${this.telegramUrl}/_sim/press`,
      input,
      (input.timeoutMs ?? 5000) + 10_000,
    )) as PressResult;
  }

  /**
   * A member writes in a group (a reply to the bot's prompt, say), or a citizen in their private
   * chat (text, a photo, a pin; a reply-keyboard button sends its label); the bot gets it as an update.
   */
  async sendUserMessage(input: UserMessageInput): Promise<TgMessage> {
    return (await call("POST", `${this.telegramUrl}/_sim/messages`, input)) as TgMessage;
  }

  /** A citizen's private chat with the bot (the chat's id is the user's id). */
  async addPrivateChat(user: { id: number; name: string }): Promise<void> {
    await call("POST", `${this.telegramUrl}/_sim/chats`, {
      id: user.id,
      title: user.name,
      type: "private",
      members: [{ id: user.id, name: user.name }],
    });
  }

  /** Calls served per Bot API method. */
  async telegramCalls(): Promise<Record<string, number>> {
    return ((await call("GET", `${this.telegramUrl}/_sim/stats`)) as { calls: Record<string, number> }).calls;
  }

  async stop(): Promise<void> {
    await this.process.stop(5_000);
  }
}

async function call(
  method: "GET" | "POST",
  url: string,
  body?: unknown,
  timeoutMs = 10_000,
): Promise<unknown> {
  const res = await fetch(url, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return text === "" ? undefined : (JSON.parse(text) as unknown);
}
