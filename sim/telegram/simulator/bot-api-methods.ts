import { randomBytes } from "node:crypto";
import { BotApiError, badRequest, tooManyRequests } from "./bot-api-error.js";
import { FloodControl, TELEGRAM_FLOOD_LIMITS, type FloodLimits } from "./flood-control.js";
import { parseHtmlText } from "./parse-html-text.js";
import { MethodParams, type UploadedFile } from "./request-params.js";
import {
  SimControlError,
  type SimWorld,
  type SimMemberInput,
  type StoredChat,
  type StoredFile,
  type StoredMessage,
} from "./sim-world.js";
import type {
  TgBotCommand,
  TgFile,
  TgChatMemberStatus,
  TgInlineKeyboardButton,
  TgInlineKeyboardMarkup,
  TgKeyboardButton,
  TgMessage,
  TgMessageEntity,
  TgUser,
} from "./telegram-wire-types.js";
import { UpdateQueue } from "./update-queue.js";
import { WebhookDelivery } from "./webhook-delivery.js";

/** What a method returns: the `result`, and the `description` some methods add to a success body. */
export interface MethodOutcome {
  result: unknown;
  description?: string;
}

type Handler = (
  params: MethodParams,
  signal: AbortSignal | undefined,
) => MethodOutcome | Promise<MethodOutcome>;

export interface SimBotApiOptions {
  now: () => number;
  /** Enforce Telegram's flood limits (429 with retry_after). Default true; benchmarks turn it off. */
  floodControl: boolean;
  floodLimits?: FloodLimits;
  /** See `ParseHtmlOptions.strictEntities`. Default true. */
  strictHtmlEntities: boolean;
  webhookRetryDelayMs?: number;
}

export interface PressInput {
  chatId: number;
  messageId: number;
  userId: number;
  /** The button's text, or its callback_data. */
  button: string;
  /**
   * A modified client's press: this callback data is sent instead of the button's. Telegram does
   * not check that the data belongs to a button of the message, so a bot must not trust it.
   */
  forgedData?: string;
  /** How long to wait for the bot's answerCallbackQuery. Default 5000 ms. */
  timeoutMs?: number;
}

export type PressResult =
  | { callbackQueryId: string; answered: true; text?: string; show_alert: boolean; url?: string }
  | { callbackQueryId: string; answered: false };

export interface UserMessageInput {
  chatId: number;
  userId: number;
  /** Text; with a photo, its caption. Empty or absent with a photo, location or contact. */
  text?: string;
  replyToMessageId?: number;
  /** A photo from the phone (a small stand-in JPEG unless `data` is given): the bot gets a PhotoSize array. */
  photo?: { fileName?: string; data?: Buffer };
  /** A location pin ("Kirim lokasi" or the attachment menu). */
  location?: { latitude: number; longitude: number };
  /** A shared contact; the user's own (`user_id` = theirs) when sent with a `request_contact` button. */
  contact?: { phone_number: string; first_name?: string; user_id?: number };
}

interface CallbackQueryRecord {
  createdAt: number;
  answer?: { text?: string; show_alert: boolean; url?: string };
  waiters: ((record: CallbackQueryRecord) => void)[];
}

const CALLBACK_QUERY_LIFETIME_MS = 15 * 60 * 1000;
const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** The simulated Bot API: every served method over the simulator's world, updates and limits. */
export class SimBotApi {
  readonly updates = new UpdateQueue();
  readonly webhook: WebhookDelivery;
  readonly calls = new Map<string, number>();
  private readonly flood: FloodControl;
  private readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  private readonly commands = new Map<string, TgBotCommand[]>();
  private readonly handlers: Record<string, Handler>;

  constructor(
    readonly world: SimWorld,
    private readonly botProfile: TgUser,
    private readonly options: SimBotApiOptions,
  ) {
    this.flood = new FloodControl(options.floodLimits ?? TELEGRAM_FLOOD_LIMITS, options.now);
    this.webhook = new WebhookDelivery(this.updates, {
      now: options.now,
      ...(options.webhookRetryDelayMs !== undefined ? { retryDelayMs: options.webhookRetryDelayMs } : {}),
      onReplyMethod: async (method, params) => {
        if (this.hasMethod(method)) await this.call(method, new MethodParams(params)).catch(() => undefined);
      },
    });
    const entries: [string, Handler][] = [
      ["getMe", () => ({ result: this.botProfile })],
      ["sendMessage", (p) => this.sendMessage(p)],
      ["editMessageText", (p) => this.editMessageText(p)],
      ["editMessageReplyMarkup", (p) => this.editMessageReplyMarkup(p)],
      ["deleteMessage", (p) => this.deleteMessage(p)],
      ["answerCallbackQuery", (p) => this.answerCallbackQuery(p)],
      ["getChatMember", (p) => this.getChatMember(p)],
      ["getChat", (p) => this.getChat(p)],
      ["leaveChat", (p) => this.leaveChat(p)],
      ["sendLocation", (p) => this.sendLocation(p)],
      ["sendPhoto", (p) => this.sendPhoto(p)],
      ["sendDocument", (p) => this.sendDocument(p)],
      ["getFile", (p) => this.getFile(p)],
      ["setMyCommands", (p) => this.setMyCommands(p)],
      ["getMyCommands", (p) => ({ result: this.commands.get(this.commandsKey(p)) ?? [] })],
      ["deleteMyCommands", (p) => (this.commands.delete(this.commandsKey(p)), { result: true })],
      ["setWebhook", (p) => this.setWebhook(p)],
      ["deleteWebhook", (p) => this.deleteWebhook(p)],
      ["getWebhookInfo", () => ({ result: this.webhook.info() })],
      ["getUpdates", (p, signal) => this.getUpdates(p, signal)],
    ];
    // Bot API method names are case-insensitive.
    this.handlers = Object.fromEntries(entries.map(([name, handler]) => [name.toLowerCase(), handler]));
  }

  hasMethod(method: string): boolean {
    return method.toLowerCase() in this.handlers;
  }

  async call(method: string, params: MethodParams, signal?: AbortSignal): Promise<MethodOutcome> {
    const handler = this.handlers[method.toLowerCase()];
    if (!handler) throw new BotApiError(404, "Not Found");
    this.calls.set(method, (this.calls.get(method) ?? 0) + 1);
    return await handler(params, signal);
  }

  close(): void {
    this.webhook.close();
    this.updates.releaseWaiter();
    for (const record of this.callbackQueries.values())
      for (const wake of record.waiters.splice(0)) wake(record);
  }

  resetFloodControl(): void {
    this.flood.reset();
  }

  // --- sending -------------------------------------------------------------------------------------------------

  private date(): number {
    return Math.floor(this.options.now() / 1000);
  }

  /** Checks shared by every send: the chat, the bot's membership, the reply target and flood control. */
  private prepareSend(params: MethodParams): { chat: StoredChat; replyToMessageId?: number } {
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    this.world.assertBotPresent(chat);
    const reply = this.replyTarget(params, chat);
    return { chat, ...(reply !== undefined ? { replyToMessageId: reply } : {}) };
  }

  private countSend(chat: StoredChat): void {
    if (!this.options.floodControl) return;
    const retryAfter = this.flood.trySend(chat.id, chat.type === "group" || chat.type === "supergroup");
    if (retryAfter > 0) throw tooManyRequests(retryAfter);
  }

  private replyTarget(params: MethodParams, chat: StoredChat): number | undefined {
    let messageId = params.int("reply_to_message_id");
    let allowWithout = params.bool("allow_sending_without_reply") ?? false;
    const replyParameters = params.json("reply_parameters");
    if (replyParameters !== undefined) {
      const rp = replyParameters as { message_id?: unknown; allow_sending_without_reply?: unknown };
      if (typeof rp !== "object" || rp === null || typeof rp.message_id !== "number") {
        throw badRequest("can't parse reply parameters JSON object");
      }
      messageId = rp.message_id;
      allowWithout = rp.allow_sending_without_reply === true;
    }
    if (messageId === undefined) return undefined;
    if (this.world.findMessage(chat, messageId)) return messageId;
    if (allowWithout) return undefined;
    throw badRequest("message to be replied not found");
  }

  private formattedText(
    params: MethodParams,
    field: "text" | "caption",
    max: number,
  ): { text: string; entities: TgMessageEntity[] } {
    const raw = params.string(field) ?? "";
    const parseMode = params.string("parse_mode");
    let parsed: { text: string; entities: TgMessageEntity[] };
    if (parseMode === undefined || parseMode === "") {
      const entities = params.json(field === "text" ? "entities" : "caption_entities");
      if (entities !== undefined && !Array.isArray(entities))
        throw badRequest("can't parse entities JSON object");
      parsed = { text: raw, entities: (entities as TgMessageEntity[] | undefined) ?? [] };
    } else if (parseMode.toLowerCase() === "html") {
      const result = parseHtmlText(raw, { strictEntities: this.options.strictHtmlEntities });
      if (!result.ok) throw badRequest(`can't parse entities: ${result.error}`);
      parsed = result;
    } else if (parseMode === "MarkdownV2" || parseMode === "Markdown") {
      // Aduan renders HTML only; Markdown is passed through as plain text rather than half-emulated.
      parsed = { text: raw, entities: [] };
    } else {
      throw badRequest(`unsupported parse_mode`);
    }
    if (field === "text" && parsed.text.trim() === "") throw badRequest("message text is empty");
    if (parsed.text.length > max) {
      throw badRequest(field === "text" ? "message is too long" : "message caption is too long");
    }
    return parsed;
  }

  /** Reads reply_markup: an inline keyboard is kept on the message; force_reply marks it; other keyboards pass. */
  private replyMarkup(params: MethodParams): {
    inlineKeyboard?: TgInlineKeyboardMarkup;
    replyKeyboard?: TgKeyboardButton[][] | "remove";
    forceReply: boolean;
  } {
    const markup = params.json("reply_markup");
    if (markup === undefined) return { forceReply: false };
    if (typeof markup !== "object" || markup === null)
      throw badRequest("can't parse reply keyboard markup JSON object");
    const m = markup as Record<string, unknown>;
    if ("inline_keyboard" in m)
      return { inlineKeyboard: parseInlineKeyboard(m.inline_keyboard), forceReply: false };
    if (m.force_reply === true) return { forceReply: true };
    if (m.remove_keyboard === true) return { replyKeyboard: "remove", forceReply: false };
    if (Array.isArray(m.keyboard))
      return { replyKeyboard: parseReplyKeyboard(m.keyboard), forceReply: false };
    throw badRequest("can't parse reply keyboard markup JSON object");
  }

  private store(
    chat: StoredChat,
    fields: Omit<StoredMessage, "messageId" | "deleted" | "forceReply" | "fromId" | "date"> & {
      forceReply?: boolean;
    },
  ): MethodOutcome {
    const message = this.world.appendMessage(chat, {
      ...fields,
      fromId: this.botProfile.id,
      date: this.date(),
    });
    return { result: this.world.messageJson(chat, message) };
  }

  private sendMessage(params: MethodParams): MethodOutcome {
    const { chat, replyToMessageId } = this.prepareSend(params);
    const { text, entities } = this.formattedText(params, "text", MAX_TEXT);
    const markup = this.replyMarkup(params);
    this.countSend(chat);
    return this.store(chat, {
      text,
      entities,
      ...markupFields(markup),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
    });
  }

  private sendLocation(params: MethodParams): MethodOutcome {
    const { chat, replyToMessageId } = this.prepareSend(params);
    const latitude = params.float("latitude");
    const longitude = params.float("longitude");
    if (
      latitude === undefined ||
      longitude === undefined ||
      Math.abs(latitude) > 90 ||
      Math.abs(longitude) > 180
    ) {
      throw badRequest("wrong latitude or longitude");
    }
    const markup = this.replyMarkup(params);
    this.countSend(chat);
    const accuracy = params.float("horizontal_accuracy");
    return this.store(chat, {
      location: { latitude, longitude, ...(accuracy !== undefined ? { horizontal_accuracy: accuracy } : {}) },
      ...markupFields(markup),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
    });
  }

  private sendPhoto(params: MethodParams): MethodOutcome {
    return this.sendFile(params, "photo");
  }

  private sendDocument(params: MethodParams): MethodOutcome {
    return this.sendFile(params, "document");
  }

  private sendFile(params: MethodParams, kind: "photo" | "document"): MethodOutcome {
    const { chat, replyToMessageId } = this.prepareSend(params);
    const source = params.file(kind);
    if (source === undefined) throw badRequest(`there is no ${kind} in the request`);
    const file = this.resolveFile(source, kind);
    const caption = params.has("caption") ? this.formattedText(params, "caption", MAX_CAPTION) : undefined;
    const markup = this.replyMarkup(params);
    this.countSend(chat);
    return this.store(chat, {
      [kind]: file,
      ...(caption ? { caption: caption.text, captionEntities: caption.entities } : {}),
      ...markupFields(markup),
      ...(replyToMessageId !== undefined ? { replyToMessageId } : {}),
    });
  }

  private resolveFile(source: UploadedFile | string, kind: "photo" | "document"): StoredFile {
    if (typeof source !== "string") {
      if (source.data.length === 0) throw badRequest("file must be non-empty");
      if (kind === "photo" && source.data.length > 10 * 1024 * 1024)
        throw badRequest("PHOTO_INVALID_DIMENSIONS");
      return this.world.storeFile({
        fileName: source.fileName,
        mimeType: source.contentType,
        data: source.data,
      });
    }
    const known = this.world.file(source);
    if (known) return known;
    if (/^https?:\/\//i.test(source)) {
      // Telegram downloads the URL itself; the simulator has no network, so it keeps the address.
      const name = new URL(source).pathname.split("/").pop() || `${kind}.jpg`;
      return this.world.storeFile({
        fileName: name,
        mimeType: kind === "photo" ? "image/jpeg" : "application/octet-stream",
        url: source,
      });
    }
    throw badRequest("wrong file identifier/HTTP URL specified");
  }

  // --- editing -------------------------------------------------------------------------------------------------

  private editableMessage(
    params: MethodParams,
    notFound: string,
  ): { chat: StoredChat; message: StoredMessage } {
    if (params.has("inline_message_id")) throw badRequest("inline messages are not simulated");
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    const messageId = params.requiredInt("message_id", "message identifier is not specified");
    const message = this.world.findMessage(chat, messageId);
    if (!message) throw badRequest(notFound);
    if (message.fromId !== this.botProfile.id) throw badRequest("message can't be edited");
    return { chat, message };
  }

  private editMessageText(params: MethodParams): MethodOutcome {
    const { chat, message } = this.editableMessage(params, "message to edit not found");
    if (message.text === undefined) throw badRequest("there is no text in the message to edit");
    const { text, entities } = this.formattedText(params, "text", MAX_TEXT);
    const { inlineKeyboard } = this.replyMarkup(params);
    if (
      text === message.text &&
      sameJson(entities, message.entities ?? []) &&
      sameJson(keyboardRows(inlineKeyboard), keyboardRows(message.inlineKeyboard))
    ) {
      throw notModified();
    }
    message.text = text;
    message.entities = entities;
    // Telegram drops the keyboard when an edit does not repeat it.
    setKeyboard(message, inlineKeyboard);
    message.editDate = this.date();
    return { result: this.world.messageJson(chat, message) };
  }

  private editMessageReplyMarkup(params: MethodParams): MethodOutcome {
    const { chat, message } = this.editableMessage(params, "message to edit not found");
    const { inlineKeyboard } = this.replyMarkup(params);
    if (sameJson(keyboardRows(inlineKeyboard), keyboardRows(message.inlineKeyboard))) throw notModified();
    setKeyboard(message, inlineKeyboard);
    message.editDate = this.date();
    return { result: this.world.messageJson(chat, message) };
  }

  private deleteMessage(params: MethodParams): MethodOutcome {
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    const messageId = params.requiredInt("message_id", "message identifier is not specified");
    const message = this.world.findMessage(chat, messageId);
    if (!message) throw badRequest("message to delete not found");
    if (
      message.fromId !== this.botProfile.id &&
      chat.botStatus !== "administrator" &&
      chat.botStatus !== "creator"
    ) {
      throw badRequest("message can't be deleted");
    }
    message.deleted = true;
    return { result: true };
  }

  // --- callback queries ----------------------------------------------------------------------------------------

  private answerCallbackQuery(params: MethodParams): MethodOutcome {
    const id = params.requiredString(
      "callback_query_id",
      "query is too old and response timeout expired or query ID is invalid",
    );
    const record = this.callbackQueries.get(id);
    const tooOld = "query is too old and response timeout expired or query ID is invalid";
    if (!record || record.answer) throw badRequest(tooOld);
    if (this.options.now() - record.createdAt > CALLBACK_QUERY_LIFETIME_MS) throw badRequest(tooOld);
    const text = params.string("text");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    const url = params.string("url");
    record.answer = {
      ...(text !== undefined ? { text } : {}),
      show_alert: params.bool("show_alert") ?? false,
      ...(url !== undefined ? { url } : {}),
    };
    for (const wake of record.waiters.splice(0)) wake(record);
    return { result: true };
  }

  /** A member taps an inline button: the bot gets a callback_query update; resolves with the bot's answer. */
  async press(input: PressInput): Promise<PressResult> {
    const chat = this.world.chat(input.chatId) ?? this.migratedChat(input.chatId);
    const message = this.world.findMessage(chat, input.messageId);
    if (!message) throw new SimControlError(404, `no message ${input.messageId} in chat ${input.chatId}`);
    if (!this.world.isPresent(chat, input.userId)) {
      throw new SimControlError(403, `user ${input.userId} is not a member of chat ${chat.id}`);
    }
    const button = (message.inlineKeyboard?.inline_keyboard ?? [])
      .flat()
      .find((b) => b.text === input.button || b.callback_data === input.button);
    if (!button) throw new SimControlError(404, `message ${input.messageId} has no button "${input.button}"`);
    if (button.callback_data === undefined) {
      throw new SimControlError(400, `button "${button.text}" is not a callback button`);
    }
    const id = randomBytes(8).readBigUInt64BE().toString();
    const record: CallbackQueryRecord = { createdAt: this.options.now(), waiters: [] };
    this.callbackQueries.set(id, record);
    const answered = new Promise<CallbackQueryRecord>((resolve) => record.waiters.push(resolve));
    const update = this.updates.push("callback_query", {
      id,
      from: this.world.userJson(input.userId),
      message: this.world.messageJson(chat, message),
      chat_instance: chatInstance(chat.id),
      data: input.forgedData ?? button.callback_data,
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), input.timeoutMs ?? 5000);
    });
    // Wait for the answer and for the bot to finish the update (its next poll confirms it, or its webhook
    // answers), so the caller sees the edits the handler made, not a half-handled press.
    const handled = update ? this.updates.whenConfirmed(update.update_id) : Promise.resolve();
    await Promise.race([Promise.all([answered, handled]), timedOut]);
    clearTimeout(timer);
    const answer = record.answer;
    return answer
      ? { callbackQueryId: id, answered: true, ...answer }
      : { callbackQueryId: id, answered: false };
  }

  /** A member writes in the chat (a staff message, a command, or a reply to a bot prompt). */
  sendUserMessage(input: UserMessageInput): TgMessage {
    const chat = this.world.chat(input.chatId) ?? this.migratedChat(input.chatId);
    if (!this.world.isPresent(chat, input.userId)) {
      throw new SimControlError(403, `user ${input.userId} is not a member of chat ${chat.id}`);
    }
    const text = input.text ?? "";
    const attached = input.photo !== undefined || input.location !== undefined || input.contact !== undefined;
    if (text.trim() === "" && !attached) throw new SimControlError(400, "text is empty");
    if (input.replyToMessageId !== undefined && !this.world.findMessage(chat, input.replyToMessageId)) {
      throw new SimControlError(404, `no message ${input.replyToMessageId} in chat ${chat.id} to reply to`);
    }
    const reply = input.replyToMessageId !== undefined ? { replyToMessageId: input.replyToMessageId } : {};
    let fields: Omit<StoredMessage, "messageId" | "deleted" | "forceReply">;
    if (input.location) {
      const { latitude, longitude } = input.location;
      if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180)
        throw new SimControlError(400, "bad location");
      fields = { fromId: input.userId, date: this.date(), location: { latitude, longitude }, ...reply };
    } else if (input.contact) {
      const user = this.world.userJson(input.userId);
      const contact = {
        phone_number: input.contact.phone_number,
        first_name: input.contact.first_name ?? user.first_name,
        ...(input.contact.user_id !== undefined ? { user_id: input.contact.user_id } : {}),
      };
      fields = { fromId: input.userId, date: this.date(), contact, ...reply };
    } else if (input.photo) {
      const file = this.world.storeFile({
        fileName: input.photo.fileName ?? "photo.jpg",
        mimeType: "image/jpeg",
        data: input.photo.data ?? STAND_IN_JPEG,
      });
      fields = {
        fromId: input.userId,
        date: this.date(),
        photo: file,
        ...(text !== "" ? { caption: text, captionEntities: [] } : {}),
        ...reply,
      };
    } else {
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
      fields = {
        fromId: input.userId,
        date: this.date(),
        text,
        entities: command ? [{ type: "bot_command", offset: 0, length: command[0].length }] : [],
        ...reply,
      };
    }
    const message = this.world.appendMessage(chat, fields);
    const json = this.world.messageJson(chat, message);
    this.updates.push("message", json);
    return json;
  }

  /** Announces a group's upgrade to the bot with the two service messages Telegram sends. */
  migrate(chatId: number, newId?: number): { oldChatId: number; newChatId: number } {
    const outcome = this.world.migrate(chatId, this.date(), newId);
    const chat = this.world.chat(outcome.newChatId) as StoredChat;
    const [toMessage, fromMessage] = chat.messages.slice(-2) as [StoredMessage, StoredMessage];
    const oldChatJson = { id: outcome.oldChatId, type: "group" as const, title: chat.title };
    this.updates.push("message", { ...this.world.messageJson(chat, toMessage), chat: oldChatJson });
    this.updates.push("message", this.world.messageJson(chat, fromMessage));
    return outcome;
  }

  private migratedChat(chatId: number): StoredChat {
    const newId = this.world.migratedTo(chatId);
    const chat = newId === undefined ? undefined : this.world.chat(newId);
    if (!chat) throw new SimControlError(404, `no chat ${chatId}`);
    return chat;
  }

  // --- chats and members ---------------------------------------------------------------------------------------

  /**
   * A member joins, leaves, is restricted or promoted (control API): Telegram tells bots that
   * asked for `chat_member` updates (they are off by default), with the status before and after.
   */
  setMember(chatId: number, member: SimMemberInput): void {
    const chat = this.world.requireChat(chatId);
    const before = {
      status: this.world.memberStatus(chat, member.id),
      isMember: this.world.isMember(chat, member.id),
    };
    this.world.setMember(chatId, member);
    const user = this.world.userJson(member.id);
    const after = {
      status: this.world.memberStatus(chat, member.id),
      isMember: this.world.isMember(chat, member.id),
    };
    if (before.status === after.status && before.isMember === after.isMember) return;
    this.updates.push("chat_member", {
      chat: this.world.chatJson(chat),
      from: user,
      date: this.date(),
      old_chat_member: chatMemberJson(before.status, user, before.isMember),
      new_chat_member: chatMemberJson(after.status, user, after.isMember),
    });
  }

  private getChatMember(params: MethodParams): MethodOutcome {
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    this.world.assertBotPresent(chat);
    const userId = params.requiredInt("user_id", "user_id is empty");
    const status = this.world.memberStatus(chat, userId);
    const user = userId === this.botProfile.id ? this.world.userJson(userId) : this.world.userJson(userId);
    return { result: chatMemberJson(status, user, this.world.isMember(chat, userId)) };
  }

  /**
   * getFile: the file's download path (`/file/bot<token>/<file_path>`), for a file this bot
   * received or sent. Another bot's file_id is unknown here, as on Telegram (400). Files over
   * 20 MB cannot be downloaded by bots.
   */
  private getFile(params: MethodParams): MethodOutcome {
    const fileId = params.string("file_id");
    if (!fileId) throw badRequest("file_id is required");
    const file = this.world.fileOfAnySize(fileId);
    if (!file) throw badRequest("invalid file_id");
    const size = file.data?.length;
    if (size !== undefined && size > 20 * 1024 * 1024) throw badRequest("file is too big");
    const result: TgFile = {
      file_id: fileId,
      file_unique_id: file.fileUniqueId,
      ...(size !== undefined ? { file_size: size, file_path: `files/${file.fileId}` } : {}),
    };
    return { result };
  }

  private getChat(params: MethodParams): MethodOutcome {
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    this.world.assertBotPresent(chat);
    return {
      result: {
        ...this.world.chatJson(chat),
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
          gifts_from_channels: false,
        },
      },
    };
  }

  /** The bot leaves a group: its status there becomes `left`, and every later call into the chat gets 403. */
  private leaveChat(params: MethodParams): MethodOutcome {
    const chat = this.world.resolveChatForBot(params.string("chat_id"));
    if (chat.type === "private") throw badRequest("chat member status can't be changed in private chats");
    this.world.assertBotPresent(chat);
    chat.botStatus = "left";
    return { result: true };
  }

  /**
   * The key of a command list: its BotCommandScope and language. A scope naming a chat must name
   * one the bot knows (Telegram answers `chat not found`); `chat_id` may come as a number or a
   * string, so it is normalised to the chat's id.
   */
  private commandsKey(params: MethodParams): string {
    const raw = params.json("scope") ?? { type: "default" };
    const scope = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const type = typeof scope.type === "string" ? scope.type : "";
    const shape = COMMAND_SCOPES[type];
    if (!shape) throw badRequest("can't parse BotCommandScope JSON object");
    const key: Record<string, unknown> = { type };
    if (shape.chat) {
      const chatId = scope.chat_id;
      if (typeof chatId !== "number" && typeof chatId !== "string") throw badRequest("chat_id is empty");
      key.chat_id = this.world.resolveChatForBot(String(chatId)).id;
    }
    if (shape.user) {
      if (typeof scope.user_id !== "number") throw badRequest("user_id is empty");
      key.user_id = scope.user_id;
    }
    return `${JSON.stringify(key)}|${params.string("language_code") ?? ""}`;
  }

  private setMyCommands(params: MethodParams): MethodOutcome {
    const commands = params.json("commands");
    if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
    if (commands.length > 100) throw badRequest("too many commands");
    const valid: TgBotCommand[] = commands.map((c: unknown) => {
      const { command, description } = (c ?? {}) as { command?: unknown; description?: unknown };
      if (typeof command !== "string" || !/^[a-z0-9_]{1,32}$/.test(command))
        throw badRequest("BOT_COMMAND_INVALID");
      if (typeof description !== "string" || description.length < 1 || description.length > 256) {
        throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
      }
      return { command, description };
    });
    this.commands.set(this.commandsKey(params), valid);
    return { result: true };
  }

  // --- updates and webhooks ------------------------------------------------------------------------------------

  private async getUpdates(params: MethodParams, signal: AbortSignal | undefined): Promise<MethodOutcome> {
    if (this.webhook.active) {
      throw new BotApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const allowed = params.json("allowed_updates");
    if (allowed !== undefined) this.updates.setAllowedUpdates(stringList(allowed, "allowed_updates"));
    const offset = params.int("offset");
    const limit = params.int("limit");
    const timeoutSeconds = params.int("timeout");
    const updates = await this.updates.poll({
      ...(offset !== undefined ? { offset } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(signal ? { signal } : {}),
    });
    return { result: updates };
  }

  private setWebhook(params: MethodParams): MethodOutcome {
    const url = params.string("url") ?? "";
    if (params.bool("drop_pending_updates")) this.updates.dropAll();
    const allowed = params.json("allowed_updates");
    if (allowed !== undefined) this.updates.setAllowedUpdates(stringList(allowed, "allowed_updates"));
    if (url === "") {
      const wasActive = this.webhook.active;
      this.webhook.clear();
      return { result: true, description: wasActive ? "Webhook was deleted" : "Webhook is already deleted" };
    }
    if (!/^https?:\/\/[^\s/]+/i.test(url))
      throw badRequest("bad webhook: Failed to resolve host: Name or service not known");
    const secretToken = params.string("secret_token");
    if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
      throw badRequest("secret token contains unallowed characters");
    }
    const maxConnections = params.int("max_connections");
    // A webhook ends any long poll in progress, as getUpdates and a webhook exclude each other.
    this.updates.releaseWaiter();
    this.webhook.set({
      url,
      ...(secretToken ? { secretToken } : {}),
      ...(maxConnections !== undefined ? { maxConnections } : {}),
    });
    return { result: true, description: "Webhook was set" };
  }

  private deleteWebhook(params: MethodParams): MethodOutcome {
    if (params.bool("drop_pending_updates")) this.updates.dropAll();
    const wasActive = this.webhook.active;
    this.webhook.clear();
    return { result: true, description: wasActive ? "Webhook was deleted" : "Webhook is already deleted" };
  }
}

function notModified(): BotApiError {
  return badRequest(
    "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function keyboardRows(markup: TgInlineKeyboardMarkup | undefined): TgInlineKeyboardButton[][] {
  return markup?.inline_keyboard.filter((row) => row.length > 0) ?? [];
}

function setKeyboard(message: StoredMessage, keyboard: TgInlineKeyboardMarkup | undefined): void {
  if (keyboard) message.inlineKeyboard = keyboard;
  else delete message.inlineKeyboard;
}

function markupFields(markup: {
  inlineKeyboard?: TgInlineKeyboardMarkup;
  replyKeyboard?: TgKeyboardButton[][] | "remove";
  forceReply: boolean;
}): {
  inlineKeyboard?: TgInlineKeyboardMarkup;
  replyKeyboard?: TgKeyboardButton[][] | "remove";
  forceReply: boolean;
} {
  if (markup.inlineKeyboard) return { inlineKeyboard: markup.inlineKeyboard, forceReply: false };
  if (markup.replyKeyboard) return { replyKeyboard: markup.replyKeyboard, forceReply: false };
  return { forceReply: markup.forceReply };
}

/** `ReplyKeyboardMarkup.keyboard` as the Bot API checks it: rows of buttons with text, at most one request each. */
function parseReplyKeyboard(rows: unknown[]): TgKeyboardButton[][] {
  return rows.map((row) => {
    if (!Array.isArray(row)) throw badRequest("can't parse keyboard row");
    return row.map((raw: unknown) => {
      const b = (typeof raw === "string" ? { text: raw } : raw) as Record<string, unknown> | null;
      if (typeof b !== "object" || b === null || typeof b.text !== "string" || b.text === "") {
        throw badRequest("can't parse keyboard button: Text is empty");
      }
      if (b.request_location === true && b.request_contact === true) {
        throw badRequest("can't parse keyboard button: only one request per button");
      }
      return {
        text: b.text,
        ...(b.request_location === true ? { request_location: true } : {}),
        ...(b.request_contact === true ? { request_contact: true } : {}),
      };
    });
  });
}

/** A tiny valid JPEG (1×1 grey): what a simulated phone's photo holds unless a test gives its own bytes. */
const STAND_IN_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=",
  "base64",
);

const BUTTON_ACTIONS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

function parseInlineKeyboard(raw: unknown): TgInlineKeyboardMarkup {
  if (!Array.isArray(raw) || !raw.every((row) => Array.isArray(row))) {
    throw badRequest("can't parse inline keyboard markup JSON object");
  }
  const rows = (raw as unknown[][]).map((row) =>
    row.map((button): TgInlineKeyboardButton => {
      if (typeof button !== "object" || button === null)
        throw badRequest("can't parse inline keyboard button");
      const b = button as Record<string, unknown>;
      if (typeof b.text !== "string" || b.text === "")
        throw badRequest("can't parse inline keyboard button: Text is empty");
      const actions = BUTTON_ACTIONS.filter((k) => b[k] !== undefined);
      if (actions.length === 0) {
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
      if (b.callback_data !== undefined) {
        const data = b.callback_data;
        if (
          typeof data !== "string" ||
          Buffer.byteLength(data, "utf8") < 1 ||
          Buffer.byteLength(data, "utf8") > 64
        ) {
          throw badRequest("BUTTON_DATA_INVALID");
        }
      }
      if (b.url !== undefined && (typeof b.url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(b.url))) {
        throw badRequest("BUTTON_URL_INVALID");
      }
      // Telegram keeps only the fields it knows (telegraf adds `hide`, for one).
      const kept: TgInlineKeyboardButton = { text: b.text };
      for (const key of [...BUTTON_ACTIONS, "icon_custom_emoji_id", "style"])
        if (b[key] !== undefined) kept[key] = b[key];
      return kept;
    }),
  );
  return { inline_keyboard: rows };
}

function stringList(raw: unknown, name: string): string[] {
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === "string"))
    throw badRequest(`can't parse ${name} JSON array`);
  return raw as string[];
}

/** BotCommandScope types, and whether each names a chat (and a user). */
const COMMAND_SCOPES: Readonly<Record<string, { chat: boolean; user: boolean }>> = {
  default: { chat: false, user: false },
  all_private_chats: { chat: false, user: false },
  all_group_chats: { chat: false, user: false },
  all_chat_administrators: { chat: false, user: false },
  chat: { chat: true, user: false },
  chat_administrators: { chat: true, user: false },
  chat_member: { chat: true, user: true },
};

function chatInstance(chatId: number): string {
  // Stable per chat and opaque, like Telegram's.
  return String(BigInt.asIntN(64, BigInt(chatId) * 2654435761n + 97n));
}

function chatMemberJson(status: TgChatMemberStatus, user: TgUser, isMember = true): Record<string, unknown> {
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
      };
    case "restricted":
      return {
        status,
        user,
        is_member: isMember,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_react_to_messages: false,
        can_edit_tag: false,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case "kicked":
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}
