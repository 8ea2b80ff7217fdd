import { AduanError, type Intent } from "../errors.js";
import type { Keyboard } from "../core/card-view.js";
import type { SendPriority } from "./rate-gate.js";

/** The Bot API's BotCommandScope kinds Aduan uses. */
export type CommandScope =
  | { type: "default" }
  | { type: "all_private_chats" }
  | { type: "all_group_chats" }
  | { type: "chat"; chat_id: number };

export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

/**
 * A reply keyboard under a private chat's input field (citizens): plain buttons send their text;
 * `request: "location"` asks the phone for its location pin, `"contact"` for the user's phone number.
 */
export type ReplyKeyboard = { text: string; request?: "location" | "contact" | undefined }[][];

export interface SendOptions {
  keyboard?: Keyboard;
  /** A reply keyboard, or `remove` to take the last one away (never together with `keyboard`). */
  replyKeyboard?: ReplyKeyboard | "remove";
  replyToMessageId?: number;
  /** Ask the user to answer with a reply (used for the resolution note). */
  forceReply?: { placeholder?: string };
  /** How urgent the send is for the rate gate (a gated gateway's own default when absent). */
  priority?: SendPriority;
}

/** Everything Aduan asks of Telegram. One real adapter (telegraf) behind it, so grammY stays a cheap move. */
export interface ChatGateway {
  sendMessage(chatId: number, html: string, opts?: SendOptions): Promise<{ messageId: number }>;
  /** Edits text and keyboard; an edit that changes nothing counts as done. */
  editMessage(chatId: number, messageId: number, html: string, keyboard?: Keyboard): Promise<void>;
  deleteMessage(chatId: number, messageId: number): Promise<void>;
  answerCallback(callbackQueryId: string, text: string, alert?: boolean): Promise<void>;
  memberStatus(chatId: number, userId: number): Promise<MemberStatus>;
  sendDocument(
    chatId: number,
    filename: string,
    content: Buffer,
    caption?: string,
  ): Promise<{ messageId: number }>;
  sendPhoto(
    chatId: number,
    image: Buffer,
    caption?: string,
    opts?: { replyToMessageId?: number; filename?: string },
  ): Promise<{ messageId: number }>;
  /** A photo Telegram already holds, by its `file_id` (a citizen's photo shown under a card; never downloaded). */
  sendPhotoById(
    chatId: number,
    fileId: string,
    opts?: { caption?: string; replyToMessageId?: number },
  ): Promise<{ messageId: number }>;
  /**
   * The bytes of a file this bot received (`getFile`, then its download URL; up to 20 MB). For a
   * citizen's photo that reached the citizen-facing bot: its `file_id` means nothing to the staff bot.
   */
  downloadFile(fileId: string): Promise<Buffer>;
  /** Telegram's command menu for `scope` (Bot API BotCommandScope; default scope when absent). */
  setCommands(commands: { command: string; description: string }[], scope?: CommandScope): Promise<void>;
  leaveChat(chatId: number): Promise<void>;
}

/** Telegram answered with an error (as opposed to the network failing). */
export class ChatApiError extends AduanError {
  readonly code: string;
  readonly who = "telegram";
  constructor(
    readonly method: string,
    readonly status: number,
    readonly description: string,
    /** Seconds to wait, on a 429. */
    readonly retryAfter?: number,
    /** The group became a supergroup with this new id. */
    readonly migrateToChatId?: number,
  ) {
    super(`Telegram ${method} failed: ${status} ${description}`);
    this.name = "ChatApiError";
    this.code = status === 429 ? "TELEGRAM_RATE_LIMITED" : "TELEGRAM_API_ERROR";
  }
  get rateLimited(): boolean {
    return this.status === 429;
  }
  /** 5xx and 429 are worth retrying; other 4xx will fail the same way again. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
  /** A 4xx other than 429 is final: the same request would fail again. */
  override get intent(): Intent | undefined {
    return this.retryable ? undefined : { kind: "permanent" };
  }
}

export function isMessageNotModified(err: unknown): boolean {
  return (
    err instanceof ChatApiError && err.status === 400 && err.description.includes("message is not modified")
  );
}
