import { createHash } from "node:crypto";
import { badRequest, forbidden } from "./bot-api-error.js";
import { renderEntitiesAsHtml } from "./render-entities-html.js";
import type {
  TgChat,
  TgChatMemberStatus,
  TgChatType,
  TgContact,
  TgDocument,
  TgKeyboardButton,
  TgInlineKeyboardMarkup,
  TgLocation,
  TgMessage,
  TgMessageEntity,
  TgPhotoSize,
  TgUser,
} from "./telegram-wire-types.js";

export interface SimMemberInput {
  id: number;
  name: string;
  /** Default "member". */
  status?: TgChatMemberStatus;
  username?: string;
  /**
   * For `restricted` only: false when the restricted user is not in the chat now (Telegram's
   * `is_member: false`: restrictions kept for someone who left or was removed). Default true.
   */
  isMember?: boolean;
}

export interface SimChatInput {
  /** Default: a fresh negative id of the kind Telegram gives a group (-4…) or supergroup (-100…). */
  id?: number;
  title: string;
  /** Default "supergroup". */
  type?: Exclude<TgChatType, "channel">;
  members?: SimMemberInput[];
  /** The bot's own membership. Default "administrator" (getChatMember needs an admin bot). */
  botStatus?: TgChatMemberStatus;
}

export interface SimChatView {
  id: number;
  title: string;
  type: TgChatType;
  botStatus: TgChatMemberStatus;
  members: { id: number; name: string; username?: string; status: TgChatMemberStatus }[];
  /** Set once the group was upgraded: its new (supergroup) id. */
  migratedTo?: number;
}

export interface SimButtonView {
  text: string;
  callbackData?: string;
  url?: string;
}

/** A message as the chat shows it now: current text and buttons after edits, deleted ones flagged. */
export interface SimMessageView {
  messageId: number;
  chatId: number;
  from: { id: number; name: string; isBot: boolean };
  date: number;
  editDate?: number;
  text?: string;
  entities?: TgMessageEntity[];
  /** The text (or caption) as safe HTML built from its entities, for display. */
  html?: string;
  caption?: string;
  photo?: { fileId: string; url?: string };
  document?: { fileId: string; fileName: string; mimeType: string; size: number; url: string };
  location?: TgLocation;
  contact?: TgContact;
  /** A reply keyboard the bot put under the input field (private chats), or `remove`. */
  replyKeyboard?: { text: string; requestLocation?: boolean; requestContact?: boolean }[][] | "remove";
  buttons: SimButtonView[][];
  forceReply: boolean;
  replyToMessageId?: number;
  deleted: boolean;
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  fileName: string;
  mimeType: string;
  data?: Buffer;
  url?: string;
}

export interface StoredMessage {
  messageId: number;
  fromId: number;
  date: number;
  editDate?: number;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  captionEntities?: TgMessageEntity[];
  photo?: StoredFile;
  document?: StoredFile;
  location?: TgLocation;
  contact?: TgContact;
  /** `ReplyKeyboardMarkup` rows the bot sent, or `remove` (`ReplyKeyboardRemove`). */
  replyKeyboard?: TgKeyboardButton[][] | "remove";
  inlineKeyboard?: TgInlineKeyboardMarkup;
  forceReply: boolean;
  replyToMessageId?: number;
  migrateToChatId?: number;
  migrateFromChatId?: number;
  deleted: boolean;
}

export interface StoredChat {
  id: number;
  type: Exclude<TgChatType, "channel">;
  title: string;
  members: Map<number, TgChatMemberStatus>;
  /** Restricted users who are not in the chat (`is_member: false`). */
  restrictedOut: Set<number>;
  botStatus: TgChatMemberStatus;
  messages: StoredMessage[];
  nextMessageId: number;
}

const PRESENT: ReadonlySet<TgChatMemberStatus> = new Set([
  "creator",
  "administrator",
  "member",
  "restricted",
]);

/** Chats, their members and messages, the users the simulator knows, and uploaded files. */
export class SimWorld {
  private readonly chatsById = new Map<number, StoredChat>();
  /** Old group id → new supergroup id, for `migrate_to_chat_id` errors. */
  private readonly migrated = new Map<number, number>();
  private readonly users = new Map<number, TgUser>();
  private readonly files = new Map<string, StoredFile>();
  private chatSeq = 0;
  private fileSeq = 0;

  constructor(readonly bot: TgUser) {
    this.users.set(bot.id, bot);
  }

  addChat(input: SimChatInput): SimChatView {
    const type = input.type ?? "supergroup";
    const id = input.id ?? this.freshChatId(type);
    if (this.chatsById.has(id)) throw new SimControlError(409, `chat ${id} already exists`);
    const members = new Map<number, TgChatMemberStatus>();
    for (const member of input.members ?? []) {
      this.rememberUser(member.id, member.name, member.username);
      members.set(member.id, member.status ?? "member");
    }
    const chat: StoredChat = {
      id,
      type,
      title: input.title,
      members,
      restrictedOut: new Set(
        (input.members ?? [])
          .filter((m) => m.status === "restricted" && m.isMember === false)
          .map((m) => m.id),
      ),
      botStatus: input.botStatus ?? "administrator",
      messages: [],
      nextMessageId: 1,
    };
    this.chatsById.set(id, chat);
    return this.chatView(chat);
  }

  setMember(chatId: number, member: SimMemberInput): void {
    const chat = this.requireChat(chatId);
    this.rememberUser(member.id, member.name, member.username);
    chat.members.set(member.id, member.status ?? "member");
    if (member.status === "restricted" && member.isMember === false) chat.restrictedOut.add(member.id);
    else chat.restrictedOut.delete(member.id);
  }

  /** The bot is removed from a group (`kicked`, `left`: its calls there get 403) or let back in. */
  setBotStatus(chatId: number, status: TgChatMemberStatus): void {
    this.requireChat(chatId).botStatus = status;
  }

  /** `is_member` of a restricted user; true for every other status that is in the chat. */
  isMember(chat: StoredChat, userId: number): boolean {
    return !chat.restrictedOut.has(userId);
  }

  chats(): SimChatView[] {
    return [...this.chatsById.values()].map((c) => this.chatView(c));
  }

  chat(chatId: number): StoredChat | undefined {
    return this.chatsById.get(chatId);
  }

  migratedTo(chatId: number): number | undefined {
    return this.migrated.get(chatId);
  }

  /** The chat a Bot API call names, or the error Telegram gives for it. */
  resolveChatForBot(rawChatId: string | undefined): StoredChat {
    if (rawChatId === undefined || rawChatId === "") throw badRequest("chat_id is empty");
    const id = Number(rawChatId);
    if (!Number.isInteger(id)) throw badRequest("chat not found");
    const newId = this.migrated.get(id);
    if (newId !== undefined) {
      throw badRequest("group chat was upgraded to a supergroup chat", { migrate_to_chat_id: newId });
    }
    const chat = this.chatsById.get(id);
    if (!chat) throw badRequest("chat not found");
    return chat;
  }

  /** Telegram answers 403 when the bot is not (or no longer) in the group. */
  assertBotPresent(chat: StoredChat): void {
    const kind =
      chat.type === "supergroup" ? "supergroup chat" : chat.type === "group" ? "group chat" : "chat";
    // A citizen who blocked the bot: Telegram's words for a private chat.
    if (chat.type === "private" && chat.botStatus === "kicked")
      throw forbidden("bot was blocked by the user");
    if (chat.botStatus === "kicked") throw forbidden(`bot was kicked from the ${kind}`);
    if (chat.botStatus === "left") throw forbidden(`bot is not a member of the ${kind}`);
  }

  requireChat(chatId: number): StoredChat {
    const chat = this.chatsById.get(chatId);
    if (!chat) throw new SimControlError(404, `no chat ${chatId}`);
    return chat;
  }

  /** Upgrades a group to a supergroup under a new id, as Telegram does; the old id then answers with migrate_to_chat_id. */
  migrate(chatId: number, date: number, newId?: number): { oldChatId: number; newChatId: number } {
    const chat = this.requireChat(chatId);
    if (chat.type !== "group")
      throw new SimControlError(400, `chat ${chatId} is a ${chat.type}, only a group migrates`);
    const target = newId ?? this.freshChatId("supergroup");
    if (this.chatsById.has(target)) throw new SimControlError(409, `chat ${target} already exists`);
    const creator = [...chat.members].find(([, s]) => s === "creator")?.[0] ?? this.bot.id;
    this.appendMessage(chat, { fromId: creator, date, migrateToChatId: target });
    this.chatsById.delete(chatId);
    this.migrated.set(chatId, target);
    chat.id = target;
    chat.type = "supergroup";
    this.chatsById.set(target, chat);
    this.appendMessage(chat, { fromId: creator, date, migrateFromChatId: chatId });
    return { oldChatId: chatId, newChatId: target };
  }

  appendMessage(
    chat: StoredChat,
    fields: Omit<StoredMessage, "messageId" | "deleted" | "forceReply"> & { forceReply?: boolean },
  ): StoredMessage {
    const message: StoredMessage = {
      forceReply: false,
      ...fields,
      messageId: chat.nextMessageId++,
      deleted: false,
    };
    chat.messages.push(message);
    return message;
  }

  findMessage(chat: StoredChat, messageId: number): StoredMessage | undefined {
    return chat.messages.find((m) => m.messageId === messageId && !m.deleted);
  }

  user(id: number): TgUser | undefined {
    return this.users.get(id);
  }

  memberStatus(chat: StoredChat, userId: number): TgChatMemberStatus {
    if (userId === this.bot.id) return chat.botStatus;
    return chat.members.get(userId) ?? "left";
  }

  isPresent(chat: StoredChat, userId: number): boolean {
    return PRESENT.has(this.memberStatus(chat, userId)) && this.isMember(chat, userId);
  }

  storeFile(file: Omit<StoredFile, "fileId" | "fileUniqueId">): StoredFile {
    this.fileSeq += 1;
    // Keyed by the bot too: a file_id is only good for the bot that got it, as on Telegram.
    const digest = createHash("sha256")
      .update(`${this.bot.id}:${this.fileSeq}:${file.fileName}`)
      .digest("base64url");
    const stored: StoredFile = {
      ...file,
      fileId: `BQACAgUAAx0Sim${digest.slice(0, 40)}`,
      fileUniqueId: `AgAD${digest.slice(40, 52)}`,
    };
    this.files.set(stored.fileId, stored);
    return stored;
  }

  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /**
   * A file by any `file_id` this bot was given for it: a photo's smaller sizes (`…-s`, `…-m`)
   * stand for the same stored image.
   */
  fileOfAnySize(fileId: string): StoredFile | undefined {
    return this.files.get(fileId) ?? this.files.get(fileId.replace(/-[sm]$/, ""));
  }

  chatJson(chat: StoredChat): TgChat {
    if (chat.type === "private") {
      return { id: chat.id, type: "private", first_name: this.users.get(chat.id)?.first_name ?? chat.title };
    }
    return { id: chat.id, type: chat.type, title: chat.title };
  }

  /** A stored message in the Bot API's `Message` shape, as the bot would receive it now. */
  messageJson(chat: StoredChat, message: StoredMessage, withReply = true): TgMessage {
    const from = this.userJson(message.fromId);
    const json: TgMessage = {
      message_id: message.messageId,
      from,
      chat: this.chatJson(chat),
      date: message.date,
    };
    if (message.editDate !== undefined) json.edit_date = message.editDate;
    if (withReply && message.replyToMessageId !== undefined) {
      const replied = chat.messages.find((m) => m.messageId === message.replyToMessageId);
      if (replied) json.reply_to_message = this.messageJson(chat, replied, false);
    }
    if (message.text !== undefined) json.text = message.text;
    if (message.entities && message.entities.length > 0) json.entities = message.entities;
    if (message.photo) json.photo = photoSizes(message.photo);
    if (message.document) json.document = documentJson(message.document);
    if (message.location) json.location = message.location;
    if (message.contact) json.contact = message.contact;
    if (message.caption !== undefined) json.caption = message.caption;
    if (message.captionEntities && message.captionEntities.length > 0)
      json.caption_entities = message.captionEntities;
    if (message.migrateToChatId !== undefined) json.migrate_to_chat_id = message.migrateToChatId;
    if (message.migrateFromChatId !== undefined) json.migrate_from_chat_id = message.migrateFromChatId;
    if (message.inlineKeyboard && message.inlineKeyboard.inline_keyboard.length > 0)
      json.reply_markup = message.inlineKeyboard;
    return json;
  }

  /** The short form of a user that messages carry (the full bot profile is getMe's). */
  userJson(id: number): TgUser {
    const user = this.users.get(id) ?? { id, is_bot: false, first_name: `User ${id}` };
    return {
      id: user.id,
      is_bot: user.is_bot,
      first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }

  messageView(chat: StoredChat, message: StoredMessage): SimMessageView {
    const from = this.userJson(message.fromId);
    const view: SimMessageView = {
      messageId: message.messageId,
      chatId: chat.id,
      from: {
        id: from.id,
        name: [from.first_name, from.last_name].filter(Boolean).join(" "),
        isBot: from.is_bot,
      },
      date: message.date,
      buttons: (message.inlineKeyboard?.inline_keyboard ?? []).map((row) =>
        row.map((b) => ({
          text: b.text,
          ...(b.callback_data !== undefined ? { callbackData: b.callback_data } : {}),
          ...(b.url !== undefined ? { url: b.url } : {}),
        })),
      ),
      forceReply: message.forceReply,
      deleted: message.deleted,
    };
    if (message.editDate !== undefined) view.editDate = message.editDate;
    if (message.text !== undefined) {
      view.text = message.text;
      view.entities = message.entities ?? [];
      view.html = renderEntitiesAsHtml(message.text, message.entities ?? []);
    }
    if (message.caption !== undefined) {
      view.caption = message.caption;
      view.html = renderEntitiesAsHtml(message.caption, message.captionEntities ?? []);
    }
    if (message.migrateToChatId !== undefined)
      view.text = `Group upgraded to a supergroup (${message.migrateToChatId})`;
    if (message.migrateFromChatId !== undefined)
      view.text = `Supergroup created from group ${message.migrateFromChatId}`;
    if (message.photo)
      view.photo = { fileId: message.photo.fileId, ...(message.photo.url ? { url: message.photo.url } : {}) };
    if (message.document) {
      view.document = {
        fileId: message.document.fileId,
        fileName: message.document.fileName,
        mimeType: message.document.mimeType,
        size: message.document.data?.length ?? 0,
        url: `/_sim/files/${message.document.fileId}`,
      };
    }
    if (message.location) view.location = message.location;
    if (message.contact) view.contact = message.contact;
    if (message.replyKeyboard === "remove") view.replyKeyboard = "remove";
    else if (message.replyKeyboard) {
      view.replyKeyboard = message.replyKeyboard.map((row) =>
        row.map((b) => ({
          text: b.text,
          ...(b.request_location ? { requestLocation: true } : {}),
          ...(b.request_contact ? { requestContact: true } : {}),
        })),
      );
    }
    if (message.replyToMessageId !== undefined) view.replyToMessageId = message.replyToMessageId;
    return view;
  }

  chatView(chat: StoredChat): SimChatView {
    return {
      id: chat.id,
      title: chat.title,
      type: chat.type,
      botStatus: chat.botStatus,
      members: [...chat.members].map(([id, status]) => {
        const user = this.userJson(id);
        return { id, name: user.first_name, ...(user.username ? { username: user.username } : {}), status };
      }),
    };
  }

  migratedChatView(oldId: number): SimChatView | undefined {
    const newId = this.migrated.get(oldId);
    const chat = newId === undefined ? undefined : this.chatsById.get(newId);
    return chat ? { ...this.chatView(chat), migratedTo: chat.id } : undefined;
  }

  private rememberUser(id: number, name: string, username?: string): void {
    const [first, ...rest] = name.trim().split(/\s+/);
    this.users.set(id, {
      id,
      is_bot: false,
      first_name: first || name,
      ...(rest.length > 0 ? { last_name: rest.join(" ") } : {}),
      ...(username ? { username } : {}),
    });
  }

  private freshChatId(type: TgChatType): number {
    this.chatSeq += 1;
    if (type === "group") return -(4_100_000_000 + this.chatSeq);
    if (type === "private") return 5_000_000_000 + this.chatSeq;
    return -(1_002_100_000_000 + this.chatSeq);
  }
}

/** A refused control-API call (`/_sim/...`): not a Bot API error, just an HTTP status and a message. */
export class SimControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "SimControlError";
  }
}

export function photoSizes(file: StoredFile): TgPhotoSize[] {
  const size = file.data?.length ?? 0;
  return [
    {
      file_id: `${file.fileId}-s`,
      file_unique_id: `${file.fileUniqueId}s`,
      width: 90,
      height: 67,
      file_size: Math.ceil(size / 16),
    },
    {
      file_id: `${file.fileId}-m`,
      file_unique_id: `${file.fileUniqueId}m`,
      width: 320,
      height: 240,
      file_size: Math.ceil(size / 4),
    },
    { file_id: file.fileId, file_unique_id: file.fileUniqueId, width: 800, height: 600, file_size: size },
  ];
}

function documentJson(file: StoredFile): TgDocument {
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    file_name: file.fileName,
    mime_type: file.mimeType,
    file_size: file.data?.length ?? 0,
  };
}
