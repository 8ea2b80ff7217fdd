import { TelegramError, type Telegram } from "telegraf";
import {
  ChatApiError,
  isMessageNotModified,
  type ChatGateway,
  type CommandScope,
  type MemberStatus,
  type ReplyKeyboard,
  type SendOptions,
} from "../ports/chat-gateway.js";
import { type Keyboard } from "../core/card-view.js";

function htmlOpts(keyboard?: Keyboard) {
  return {
    parse_mode: "HTML" as const,
    link_preview_options: { is_disabled: true },
    ...(keyboard ? { reply_markup: { inline_keyboard: toInline(keyboard) } } : {}),
  };
}

function toInline(keyboard: Keyboard) {
  return keyboard.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data })));
}

/** A reply keyboard in the Bot API's shape: resized for a phone, gone once a button is used. */
function replyMarkupOf(k: ReplyKeyboard | "remove") {
  if (k === "remove") return { remove_keyboard: true as const };
  return {
    keyboard: k.map((row) =>
      row.map((b) =>
        b.request === "location"
          ? { text: b.text, request_location: true }
          : b.request === "contact"
            ? { text: b.text, request_contact: true }
            : { text: b.text },
      ),
    ),
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/**
 * A member's status as Aduan counts it: a `restricted` user with `is_member: false` (restrictions
 * kept for someone who is not in the chat) is not in the group.
 */
export function effectiveStatus(m: { status: string; is_member?: boolean }): MemberStatus {
  if (m.status === "restricted" && m.is_member === false) return "left";
  return m.status as MemberStatus;
}

/** ChatGateway over telegraf's `Telegram` client (works against Telegram or the simulator via `apiRoot`). */
export class TelegrafChatGateway implements ChatGateway {
  constructor(private readonly telegram: Telegram) {}

  async sendMessage(chatId: number, html: string, opts: SendOptions = {}): Promise<{ messageId: number }> {
    const msg = await call("sendMessage", () =>
      this.telegram.sendMessage(chatId, html, {
        ...htmlOpts(opts.keyboard),
        ...(opts.replyToMessageId
          ? { reply_parameters: { message_id: opts.replyToMessageId, allow_sending_without_reply: true } }
          : {}),
        ...(opts.replyKeyboard ? { reply_markup: replyMarkupOf(opts.replyKeyboard) } : {}),
        ...(opts.forceReply
          ? {
              reply_markup: {
                force_reply: true as const,
                selective: true,
                ...(opts.forceReply.placeholder
                  ? { input_field_placeholder: opts.forceReply.placeholder }
                  : {}),
              },
            }
          : {}),
      }),
    );
    return { messageId: msg.message_id };
  }

  async editMessage(chatId: number, messageId: number, html: string, keyboard?: Keyboard): Promise<void> {
    try {
      await call("editMessageText", () =>
        this.telegram.editMessageText(chatId, messageId, undefined, html, htmlOpts(keyboard ?? [])),
      );
    } catch (err) {
      if (!isMessageNotModified(err)) throw err;
    }
  }

  async deleteMessage(chatId: number, messageId: number): Promise<void> {
    await call("deleteMessage", () => this.telegram.deleteMessage(chatId, messageId));
  }

  async answerCallback(callbackQueryId: string, text: string, alert = false): Promise<void> {
    await call("answerCallbackQuery", () =>
      this.telegram.answerCbQuery(callbackQueryId, text.slice(0, 200), { show_alert: alert }),
    );
  }

  async memberStatus(chatId: number, userId: number): Promise<MemberStatus> {
    const m = await call("getChatMember", () => this.telegram.getChatMember(chatId, userId));
    return effectiveStatus(m);
  }

  async sendDocument(chatId: number, filename: string, content: Buffer, caption?: string) {
    const msg = await call("sendDocument", () =>
      this.telegram.sendDocument(
        chatId,
        { source: content, filename },
        caption ? { caption, parse_mode: "HTML" } : {},
      ),
    );
    return { messageId: msg.message_id };
  }

  async sendPhoto(
    chatId: number,
    image: Buffer,
    caption?: string,
    opts: { replyToMessageId?: number; filename?: string } = {},
  ) {
    const msg = await call("sendPhoto", () =>
      this.telegram.sendPhoto(
        chatId,
        { source: image, filename: opts.filename ?? "chart.png" },
        {
          ...(caption ? { caption, parse_mode: "HTML" as const } : {}),
          // An upload is multipart, where telegraf JSON-encodes only reply_markup and friends and
          // would send this object as a file part: it goes as the JSON string Telegram takes.
          ...(opts.replyToMessageId
            ? {
                reply_parameters: JSON.stringify({
                  message_id: opts.replyToMessageId,
                  allow_sending_without_reply: true,
                }) as never,
              }
            : {}),
        },
      ),
    );
    return { messageId: msg.message_id };
  }

  async downloadFile(fileId: string): Promise<Buffer> {
    // getFile answers 400 for a file_id of another bot or a file over 20 MB, like any refusal.
    const link = await call("getFile", () => this.telegram.getFileLink(fileId));
    const res = await fetch(link, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!res.ok) throw new ChatApiError("getFile", res.status, `file download failed: ${res.statusText}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async sendPhotoById(
    chatId: number,
    fileId: string,
    opts: { caption?: string; replyToMessageId?: number } = {},
  ) {
    const msg = await call("sendPhoto", () =>
      this.telegram.sendPhoto(chatId, fileId, {
        ...(opts.caption ? { caption: opts.caption, parse_mode: "HTML" as const } : {}),
        ...(opts.replyToMessageId
          ? { reply_parameters: { message_id: opts.replyToMessageId, allow_sending_without_reply: true } }
          : {}),
      }),
    );
    return { messageId: msg.message_id };
  }

  async setCommands(
    commands: { command: string; description: string }[],
    scope?: CommandScope,
  ): Promise<void> {
    await call("setMyCommands", () => this.telegram.setMyCommands(commands, scope ? { scope } : undefined));
  }

  async leaveChat(chatId: number): Promise<void> {
    await call("leaveChat", () => this.telegram.leaveChat(chatId));
  }

  /** Webhook mode: where Telegram delivers updates, with the secret it sends back and the update kinds. */
  async setWebhook(url: string, secretToken: string, allowedUpdates: readonly string[]): Promise<void> {
    await call("setWebhook", () =>
      this.telegram.setWebhook(url, {
        secret_token: secretToken,
        allowed_updates: [...allowedUpdates] as never,
      }),
    );
  }
}

/** A photo is at most a few MB; a download that takes longer than this is retried with its job. */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/** Turns telegraf's TelegramError into our ChatApiError; network errors pass through unchanged. */
async function call<T>(method: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TelegramError) {
      const p = err.parameters as { retry_after?: number; migrate_to_chat_id?: number } | undefined;
      throw new ChatApiError(method, err.code, err.description, p?.retry_after, p?.migrate_to_chat_id);
    }
    throw err;
  }
}
