import type { TgMessageEntity } from "./telegram-wire-types.js";

/** The outcome of Telegram's HTML parse mode: the plain text and its entities, or the reason it was refused. */
export type ParsedText =
  { ok: true; text: string; entities: TgMessageEntity[] } | { ok: false; error: string };

export interface ParseHtmlOptions {
  /**
   * Refuse a bare `&` or a named entity other than `&lt; &gt; &amp; &quot;`. Real Telegram keeps such an `&`
   * literally; the simulator is stricter by default so that text a renderer forgot to escape fails in tests
   * instead of slipping through until a user types `<`. Default true.
   */
  strictEntities?: boolean;
}

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

/** Tags Telegram's HTML parse mode accepts, and the entity type each becomes. */
const TAG_ENTITY: Record<string, string> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  span: "spoiler",
  "tg-spoiler": "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

interface OpenTag {
  name: string;
  start: number;
  attributes: Map<string, string>;
}

class HtmlParseError extends Error {}

/**
 * Parses a message written in Telegram's HTML parse mode the way the Bot API does: only Telegram's tags, balanced,
 * attributes quoted or bare, entities decoded, leading and trailing white space trimmed. Offsets are UTF-16 code
 * units (as in `MessageEntity`); error positions are UTF-8 byte offsets into the source (as Telegram reports them).
 */
export function parseHtmlText(html: string, options: ParseHtmlOptions = {}): ParsedText {
  try {
    return { ok: true, ...trimmed(parse(html, options.strictEntities ?? true)) };
  } catch (error) {
    if (error instanceof HtmlParseError) return { ok: false, error: error.message };
    throw error;
  }
}

function byteOffset(html: string, index: number): number {
  return Buffer.byteLength(html.slice(0, index), "utf8");
}

function parse(html: string, strictEntities: boolean): { text: string; entities: TgMessageEntity[] } {
  let text = "";
  const entities: TgMessageEntity[] = [];
  const stack: OpenTag[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === "&") {
      const decoded = decodeEntityAt(html, i);
      if (decoded) {
        text += decoded.value;
        i += decoded.length;
        continue;
      }
      if (strictEntities) {
        throw new HtmlParseError(
          `Unsupported HTML entity or unescaped "&" at byte offset ${byteOffset(html, i)}; escape it as "&amp;"`,
        );
      }
      text += ch;
      i += 1;
      continue;
    }
    if (ch !== "<") {
      text += ch;
      i += 1;
      continue;
    }
    const tagStart = i;
    if (html[i + 1] === "/") {
      const close = html.indexOf(">", i + 2);
      if (close === -1)
        throw new HtmlParseError(`Unclosed end tag at byte offset ${byteOffset(html, tagStart)}`);
      const name = html
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const open = stack.pop();
      if (!open) throw new HtmlParseError(`Unexpected end tag at byte offset ${byteOffset(html, tagStart)}`);
      if (open.name !== name) {
        throw new HtmlParseError(
          `Unmatched end tag at byte offset ${byteOffset(html, tagStart)}, expected "</${open.name}>", found "</${name}>"`,
        );
      }
      closeTag(open, text.length, entities);
      i = close + 1;
      continue;
    }
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(html.slice(i + 1));
    if (!nameMatch) {
      throw new HtmlParseError(`Unsupported start tag "" at byte offset ${byteOffset(html, tagStart)}`);
    }
    const name = nameMatch[0].toLowerCase();
    if (!(name in TAG_ENTITY)) {
      throw new HtmlParseError(
        `Unsupported start tag "${name}" at byte offset ${byteOffset(html, tagStart)}`,
      );
    }
    i += 1 + nameMatch[0].length;
    const attributes = new Map<string, string>();
    for (;;) {
      while (i < html.length && /\s/.test(html[i] as string)) i += 1;
      if (i >= html.length)
        throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
      if (html[i] === ">") {
        i += 1;
        break;
      }
      const attrMatch = /^[a-zA-Z0-9_-]+/.exec(html.slice(i));
      if (!attrMatch) {
        throw new HtmlParseError(
          `Empty attribute name in the tag "${name}" at byte offset ${byteOffset(html, tagStart)}`,
        );
      }
      const attrName = attrMatch[0].toLowerCase();
      i += attrMatch[0].length;
      while (i < html.length && /\s/.test(html[i] as string)) i += 1;
      if (html[i] !== "=") {
        attributes.set(attrName, "");
        continue;
      }
      i += 1;
      while (i < html.length && /\s/.test(html[i] as string)) i += 1;
      const quote = html[i];
      let raw: string;
      if (quote === '"' || quote === "'") {
        const end = html.indexOf(quote, i + 1);
        if (end === -1)
          throw new HtmlParseError(`Unclosed start tag at byte offset ${byteOffset(html, tagStart)}`);
        raw = html.slice(i + 1, end);
        i = end + 1;
      } else {
        const bare = /^[^\s>]+/.exec(html.slice(i));
        raw = bare ? bare[0] : "";
        i += raw.length;
      }
      attributes.set(attrName, decodeAttribute(raw));
    }
    if (name === "span" && attributes.get("class") !== "tg-spoiler") {
      throw new HtmlParseError(
        `Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(html, tagStart)}`,
      );
    }
    if (name === "tg-emoji" && !attributes.get("emoji-id")) {
      throw new HtmlParseError(
        `Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteOffset(html, tagStart)}`,
      );
    }
    stack.push({ name, start: text.length, attributes });
  }
  const unclosed = stack.pop();
  if (unclosed) throw new HtmlParseError(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  return { text, entities: sortEntities(entities) };
}

function decodeEntityAt(html: string, i: number): { value: string; length: number } | undefined {
  const match = /^&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);/.exec(html.slice(i, i + 12));
  if (!match) return undefined;
  const body = match[1] as string;
  if (body.startsWith("#")) {
    const code = body[1] === "x" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
    return { value: String.fromCodePoint(code), length: match[0].length };
  }
  const named = NAMED_ENTITIES[body];
  return named === undefined ? undefined : { value: named, length: match[0].length };
}

function decodeAttribute(raw: string): string {
  return raw.replace(/&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot);/g, (entity) => {
    return decodeEntityAt(entity, 0)?.value ?? entity;
  });
}

function isAcceptableUrl(url: string): boolean {
  return (
    /^(https?:\/\/|tg:\/\/|mailto:|ftp:\/\/)\S+$/i.test(url) ||
    /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(url)
  );
}

function closeTag(open: OpenTag, end: number, entities: TgMessageEntity[]): void {
  const length = end - open.start;
  const type = TAG_ENTITY[open.name] as string;
  if (open.name === "pre") {
    // `<pre><code class="language-x">` is one pre entity with a language, not two entities.
    const inner = entities.findIndex(
      (e) => e.type === "code" && e.offset === open.start && e.length === length && e.language !== undefined,
    );
    const language = inner === -1 ? undefined : entities[inner]?.language;
    if (inner !== -1) entities.splice(inner, 1);
    if (length > 0) entities.push({ type, offset: open.start, length, ...(language ? { language } : {}) });
    return;
  }
  if (length === 0) return;
  switch (open.name) {
    case "a": {
      const href = open.attributes.get("href") ?? "";
      const userId = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (userId) {
        entities.push({
          type: "text_mention",
          offset: open.start,
          length,
          user: { id: Number(userId[1]), is_bot: false, first_name: "User" },
        });
      } else if (isAcceptableUrl(href)) {
        entities.push({ type, offset: open.start, length, url: href });
      }
      return;
    }
    case "code": {
      const language = /^language-(.+)$/.exec(open.attributes.get("class") ?? "")?.[1];
      entities.push({ type, offset: open.start, length, ...(language ? { language } : {}) });
      return;
    }
    case "blockquote":
      entities.push({
        type: open.attributes.has("expandable") ? "expandable_blockquote" : "blockquote",
        offset: open.start,
        length,
      });
      return;
    case "tg-emoji":
      entities.push({
        type,
        offset: open.start,
        length,
        custom_emoji_id: open.attributes.get("emoji-id") ?? "",
      });
      return;
    default:
      entities.push({ type, offset: open.start, length });
  }
}

function sortEntities(entities: TgMessageEntity[]): TgMessageEntity[] {
  return [...entities].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Telegram drops white space at both ends of a message; entities keep pointing at the same characters. */
function trimmed(parsed: { text: string; entities: TgMessageEntity[] }): {
  text: string;
  entities: TgMessageEntity[];
} {
  const lead = parsed.text.length - parsed.text.trimStart().length;
  const text = parsed.text.trim();
  const entities: TgMessageEntity[] = [];
  for (const entity of parsed.entities) {
    const start = Math.max(0, entity.offset - lead);
    const end = Math.min(text.length, entity.offset + entity.length - lead);
    if (end > start) entities.push({ ...entity, offset: start, length: end - start });
  }
  return { text, entities };
}
