import { describe, expect, it } from "vitest";
import { parseHtmlText } from "../sim/telegram/simulator/parse-html-text.js";
import { renderEntitiesAsHtml } from "../sim/telegram/simulator/render-entities-html.js";

describe("Telegram's HTML parse mode as the simulator reads it", () => {
  it.each([
    ["<b>Banjir</b> di Pagarsih", "Banjir di Pagarsih", [{ type: "bold", offset: 0, length: 6 }]],
    [
      "<strong>a</strong><em>b</em><ins>c</ins><del>d</del>",
      "abcd",
      [
        { type: "bold", offset: 0, length: 1 },
        { type: "italic", offset: 1, length: 1 },
        { type: "underline", offset: 2, length: 1 },
        { type: "strikethrough", offset: 3, length: 1 },
      ],
    ],
    ["<tg-spoiler>rahasia</tg-spoiler>", "rahasia", [{ type: "spoiler", offset: 0, length: 7 }]],
    [
      '<pre><code class="language-json">{}</code></pre>',
      "{}",
      [{ type: "pre", offset: 0, length: 2, language: "json" }],
    ],
    [
      "<blockquote expandable>kutipan panjang</blockquote>",
      "kutipan panjang",
      [{ type: "expandable_blockquote", offset: 0, length: 15 }],
    ],
    [
      '<a href="tg://user?id=51001">Asep</a>',
      "Asep",
      [
        {
          type: "text_mention",
          offset: 0,
          length: 4,
          user: { id: 51001, is_bot: false, first_name: "User" },
        },
      ],
    ],
    ["&lt;b&gt; &amp; &quot;kutip&quot; &#128166; &#x1F30A;", '<b> & "kutip" 💦 🌊', []],
    ["🌊 <b>Banjir</b>", "🌊 Banjir", [{ type: "bold", offset: 3, length: 6 }]],
    ["\n  <b>ADU-000001</b>  \n", "ADU-000001", [{ type: "bold", offset: 0, length: 10 }]],
  ])("parses %j", (html, text, entities) => {
    expect(parseHtmlText(html)).toEqual({ ok: true, text, entities });
  });

  it.each([
    ["<br>", 'Unsupported start tag "br" at byte offset 0'],
    ["<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ["</b>", "Unexpected end tag at byte offset 0"],
    ["<b", "Unclosed start tag at byte offset 0"],
    ["<b>x</b", "Unclosed end tag at byte offset 4"],
    [
      "Jalan rusak &nbsp; parah",
      'Unsupported HTML entity or unescaped "&" at byte offset 12; escape it as "&amp;"',
    ],
    ["é <i>x", `Can't find end tag corresponding to start tag "i"`],
    ["é <x>", 'Unsupported start tag "x" at byte offset 3'],
  ])("refuses %j", (html, error) => {
    expect(parseHtmlText(html)).toEqual({ ok: false, error });
  });

  it("keeps a bare & literally when strict entities are switched off, as real Telegram does", () => {
    expect(parseHtmlText("Jl. Asia & Afrika", { strictEntities: false })).toEqual({
      ok: true,
      text: "Jl. Asia & Afrika",
      entities: [],
    });
  });
});

describe("the web view's HTML from text and entities", () => {
  it("escapes everything a sender wrote and emits only Telegram's tags", () => {
    const html = renderEntitiesAsHtml('<img src=x onerror="alert(1)"> sampah', [
      { type: "bold", offset: 0, length: 6 },
      { type: "text_link", offset: 31, length: 6, url: "javascript:alert(1)" },
    ]);
    expect(html).toBe("<b>&lt;img s</b>rc=x onerror=&quot;alert(1)&quot;&gt; sampah");
  });

  it("round-trips a parsed card back to equivalent HTML", () => {
    const parsed = parseHtmlText('<b>ADU-1</b> <i>Coblong</i> <a href="https://x.com/a">tweet</a>');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(renderEntitiesAsHtml(parsed.text, parsed.entities)).toBe(
      '<b>ADU-1</b> <i>Coblong</i> <a href="https://x.com/a" target="_blank" rel="noopener noreferrer">tweet</a>',
    );
  });
});
