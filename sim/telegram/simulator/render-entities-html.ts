import type { TgMessageEntity } from "./telegram-wire-types.js";

const TAGS: Record<string, [string, string]> = {
  bold: ["<b>", "</b>"],
  italic: ["<i>", "</i>"],
  underline: ["<u>", "</u>"],
  strikethrough: ["<s>", "</s>"],
  spoiler: ['<span class="tg-spoiler">', "</span>"],
  code: ["<code>", "</code>"],
  pre: ["<pre>", "</pre>"],
  blockquote: ["<blockquote>", "</blockquote>"],
  expandable_blockquote: ["<blockquote>", "</blockquote>"],
};

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function openTag(entity: TgMessageEntity): [string, string] | undefined {
  if (entity.type === "text_link" && entity.url && /^(https?:|tg:|mailto:)/i.test(entity.url)) {
    return [`<a href="${escapeHtml(entity.url)}" target="_blank" rel="noopener noreferrer">`, "</a>"];
  }
  return TAGS[entity.type];
}

/**
 * Builds display HTML from a message's text and entities. Every character of the text is escaped and only a fixed
 * set of tags is emitted, so whatever a bot or user sent cannot inject markup into the web view.
 */
export function renderEntitiesAsHtml(text: string, entities: readonly TgMessageEntity[]): string {
  const sorted = [...entities]
    .filter((e) => e.length > 0 && e.offset >= 0 && e.offset < text.length)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);
  let html = "";
  let position = 0;
  const open: { end: number; close: string }[] = [];
  const closeUntil = (at: number): void => {
    while (open.length > 0 && (open[open.length - 1] as { end: number }).end <= at) {
      const top = open.pop() as { end: number; close: string };
      html += escapeHtml(text.slice(position, top.end)) + top.close;
      position = top.end;
    }
  };
  for (const entity of sorted) {
    closeUntil(entity.offset);
    const tag = openTag(entity);
    if (!tag) continue;
    html += escapeHtml(text.slice(position, entity.offset)) + tag[0];
    position = entity.offset;
    // Entities from the `entities` parameter may overlap; clip to the enclosing one so tags stay balanced.
    const parentEnd = open.length > 0 ? (open[open.length - 1] as { end: number }).end : text.length;
    open.push({ end: Math.min(entity.offset + entity.length, parentEnd), close: tag[1] });
  }
  closeUntil(text.length);
  return html + escapeHtml(text.slice(position));
}
