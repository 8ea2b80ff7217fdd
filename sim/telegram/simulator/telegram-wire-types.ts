/**
 * The subset of the Bot API's objects the simulator sends, shaped as `telegram-bot-api.json` defines them.
 * Field names are Telegram's (snake_case) because these go on the wire unchanged.
 */

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
  can_connect_to_business?: boolean;
  has_main_web_app?: boolean;
}

export type TgChatType = "private" | "group" | "supergroup" | "channel";

export interface TgChat {
  id: number;
  type: TgChatType;
  title?: string;
  first_name?: string;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: TgUser;
  language?: string;
  custom_emoji_id?: string;
}

export interface TgInlineKeyboardButton {
  text: string;
  url?: string;
  callback_data?: string;
  [other: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

export interface TgForceReply {
  force_reply: true;
  input_field_placeholder?: string;
  selective?: boolean;
}

/** What getFile answers: the file's download path under `/file/bot<token>/`. */
export interface TgFile {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_path?: string;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgDocument {
  file_id: string;
  file_unique_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

export interface TgLocation {
  latitude: number;
  longitude: number;
  horizontal_accuracy?: number;
}

export interface TgContact {
  phone_number: string;
  first_name: string;
  last_name?: string;
  user_id?: number;
}

/** A reply keyboard button (`KeyboardButton`): plain text, or asking the phone for a location or the contact. */
export interface TgKeyboardButton {
  text: string;
  request_location?: boolean;
  request_contact?: boolean;
}

export interface TgReplyKeyboardMarkup {
  keyboard: TgKeyboardButton[][];
  resize_keyboard?: boolean;
  one_time_keyboard?: boolean;
  is_persistent?: boolean;
  input_field_placeholder?: string;
  selective?: boolean;
}

export interface TgMessage {
  message_id: number;
  from?: TgUser;
  chat: TgChat;
  date: number;
  edit_date?: number;
  reply_to_message?: TgMessage;
  text?: string;
  entities?: TgMessageEntity[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  photo?: TgPhotoSize[];
  document?: TgDocument;
  location?: TgLocation;
  contact?: TgContact;
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
  reply_markup?: TgInlineKeyboardMarkup;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
  chat_member?: TgChatMemberUpdated;
}

/** A member's status changed (sent only to bots that list `chat_member` in `allowed_updates`). */
export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: Record<string, unknown>;
  new_chat_member: Record<string, unknown>;
}

export type TgChatMemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}

/** `ResponseParameters`: what an error body carries to tell the client how to recover. */
export interface TgResponseParameters {
  migrate_to_chat_id?: number;
  retry_after?: number;
}
