import { setTimeout as sleepFor } from "node:timers/promises";
import { RetryLaterError } from "../errors.js";
import {
  ChatApiError,
  type ChatGateway,
  type CommandScope,
  type MemberStatus,
  type SendOptions,
} from "../ports/chat-gateway.js";
import type { RateGate, SendPriority } from "../ports/rate-gate.js";
import type { Keyboard } from "../core/card-view.js";

/** Wait this long and try again (rate gate, Telegram's `retry_after`, a claim held elsewhere). */
export class DeliverLaterError extends RetryLaterError {
  constructor(delayMs: number, reason: string) {
    super("telegram", "TELEGRAM_LATER", reason, delayMs);
    this.name = "DeliverLaterError";
  }
}

/** Longest an interactive call waits in process for the gate before it gives up. */
export const INTERACTIVE_MAX_WAIT_MS = 10_000;
/**
 * Longest a callback answer waits for a global cool-down. Telegram shows the spinner until the
 * answer comes and drops an answer that comes too late, so a longer wait is worth nothing.
 */
export const CALLBACK_ANSWER_MAX_WAIT_MS = 3_000;

export interface GatedChatGatewayOptions {
  gate: RateGate;
  now(): number;
  /**
   * What to do when the gate says "not yet": `defer` throws {@link DeliverLaterError} at once (a
   * queue job: BullMQ delays it without spending an attempt); `wait` sleeps in process, at most
   * `maxWaitMs` in all, then throws it (a button or a command being handled: there is no job to delay).
   */
  onWait: "defer" | "wait";
  /** Default {@link INTERACTIVE_MAX_WAIT_MS}; only for `wait`. */
  maxWaitMs?: number;
  /** The priority of sends and edits that do not name one (`SendOptions.priority`). Default `bulk`. */
  priority?: SendPriority;
  /** Told of every 429 from Telegram (the metrics count them). */
  onRateLimited?(chatId: number | "all", retryAfterS: number | undefined): void;
  /** Telegram said the group became a supergroup: the caller records it; the call is deferred. */
  onMigrated?(oldChatId: number, newChatId: number): Promise<void>;
  /** A callback answer skipped because of a long global cool-down. */
  onAnswerSkipped?(waitMs: number): void;
  /** Default: a real timer. Tests pass one that advances their clock. */
  sleep?(ms: number): Promise<void>;
}

/**
 * The one way Aduan calls the Bot API to put something in a chat: every send, edit, delete,
 * document and photo passes the shared rate gate (per chat and global, with priorities) and a
 * Telegram 429 cools the chat down for every process. The inner gateway is the telegraf adapter
 * (its calls carry the 30 s timeout of `limitTelegramCalls`).
 *
 * Calls that put nothing in a chat (`getChatMember`, `setMyCommands`, `leaveChat`, `getFile`) pass through.
 *
 * `answerCallbackQuery` is deliberately not counted in the send windows: it is an answer to one
 * user's tap, Telegram does not count it against a chat's message limits, and it must come within
 * seconds or the user sees a spinner and then nothing. Queueing it behind cards would break
 * every button in a busy group. It does honour a global cool-down (a 429 on anything without a
 * chat, including itself, sets one): it waits up to {@link CALLBACK_ANSWER_MAX_WAIT_MS}, and past
 * that the answer is skipped (the press itself was handled; only the toast is lost).
 */
export class GatedChatGateway implements ChatGateway {
  private readonly inner: ChatGateway;
  constructor(
    inner: ChatGateway,
    private readonly opts: GatedChatGatewayOptions,
  ) {
    // Gating twice would take two slots per message.
    this.inner = inner instanceof GatedChatGateway ? inner.inner : inner;
  }

  sendMessage(chatId: number, html: string, opts: SendOptions = {}): Promise<{ messageId: number }> {
    return this.gated(chatId, opts.priority, () => this.inner.sendMessage(chatId, html, opts));
  }

  editMessage(chatId: number, messageId: number, html: string, keyboard?: Keyboard): Promise<void> {
    return this.gated(chatId, undefined, () => this.inner.editMessage(chatId, messageId, html, keyboard));
  }

  deleteMessage(chatId: number, messageId: number): Promise<void> {
    return this.gated(chatId, undefined, () => this.inner.deleteMessage(chatId, messageId));
  }

  sendDocument(chatId: number, filename: string, content: Buffer, caption?: string) {
    return this.gated(chatId, undefined, () => this.inner.sendDocument(chatId, filename, content, caption));
  }

  sendPhoto(
    chatId: number,
    image: Buffer,
    caption?: string,
    opts?: { replyToMessageId?: number; filename?: string },
  ) {
    return this.gated(chatId, undefined, () => this.inner.sendPhoto(chatId, image, caption, opts));
  }

  sendPhotoById(chatId: number, fileId: string, opts?: { caption?: string; replyToMessageId?: number }) {
    return this.gated(chatId, undefined, () => this.inner.sendPhotoById(chatId, fileId, opts));
  }

  async answerCallback(callbackQueryId: string, text: string, alert?: boolean): Promise<void> {
    const cooling = await this.opts.gate.coolingFor("all", this.opts.now());
    if (cooling > CALLBACK_ANSWER_MAX_WAIT_MS) {
      this.opts.onAnswerSkipped?.(cooling);
      return;
    }
    if (cooling > 0) await this.sleep(cooling);
    try {
      await this.inner.answerCallback(callbackQueryId, text, alert);
    } catch (err) {
      if (!(err instanceof ChatApiError && err.rateLimited)) throw err;
      await this.coolDown("all", err.retryAfter);
      this.opts.onAnswerSkipped?.((err.retryAfter ?? 5) * 1000);
    }
  }

  memberStatus(chatId: number, userId: number): Promise<MemberStatus> {
    return this.inner.memberStatus(chatId, userId);
  }

  setCommands(commands: { command: string; description: string }[], scope?: CommandScope): Promise<void> {
    return this.inner.setCommands(commands, scope);
  }

  leaveChat(chatId: number): Promise<void> {
    return this.inner.leaveChat(chatId);
  }

  downloadFile(fileId: string): Promise<Buffer> {
    return this.inner.downloadFile(fileId);
  }

  private sleep(ms: number): Promise<void> {
    return this.opts.sleep ? this.opts.sleep(ms) : sleepFor(ms).then(() => undefined);
  }

  private async coolDown(chatId: number | "all", retryAfterS: number | undefined): Promise<number> {
    this.opts.onRateLimited?.(chatId, retryAfterS);
    const ms = (retryAfterS ?? 5) * 1000;
    const now = this.opts.now();
    await this.opts.gate.coolDown(chatId, now + ms, now);
    return ms;
  }

  /** Passes the gate (waiting or deferring as configured), then calls Telegram; a 429 cools the chat down. */
  private async gated<T>(
    chatId: number,
    priority: SendPriority | undefined,
    call: () => Promise<T>,
  ): Promise<T> {
    const p = priority ?? this.opts.priority ?? "bulk";
    let budget = this.opts.onWait === "wait" ? (this.opts.maxWaitMs ?? INTERACTIVE_MAX_WAIT_MS) : 0;
    for (;;) {
      const wait = await this.opts.gate.acquire(chatId, this.opts.now(), p);
      if (wait > 0) {
        if (wait > budget) throw new DeliverLaterError(wait, `rate gate for chat ${chatId}`);
        budget -= wait;
        await this.sleep(wait);
        continue;
      }
      try {
        return await call();
      } catch (err) {
        if (err instanceof ChatApiError && err.rateLimited) {
          const ms = await this.coolDown(chatId, err.retryAfter);
          // The cool-down is in the gate now: the next acquire waits it out, or defers.
          if (ms > budget)
            throw new DeliverLaterError(
              ms,
              `Telegram 429 for chat ${chatId}: retry after ${err.retryAfter ?? 5}s`,
            );
          continue;
        }
        if (err instanceof ChatApiError && err.migrateToChatId && this.opts.onMigrated) {
          await this.opts.onMigrated(chatId, err.migrateToChatId);
          throw new DeliverLaterError(0, `chat ${chatId} migrated to ${err.migrateToChatId}`);
        }
        throw err;
      }
    }
  }
}
