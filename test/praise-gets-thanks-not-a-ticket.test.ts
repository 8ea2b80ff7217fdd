import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/app/load-config.js";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { replyText } from "../src/core/reply-text.js";
import type { PipelineSettings } from "../src/core/settings.js";
import type { ReplyKind } from "../src/core/ticket.js";
import type { FlattenedTweet } from "../src/core/tweet.js";
import { MemoryIncidentIndex } from "../src/ports/incident-index.js";
import { MemoryTicketStore } from "../src/ports/memory-ticket-store.js";
import { handleTweet } from "../src/tickets/handle-tweet.js";
import { triage } from "../src/triage/triage.js";

const config = await loadConfig("config", new Date("2026-11-28T03:00:00Z"));
let seq = 0;

function tweet(text: string): FlattenedTweet {
  seq += 1;
  const id = `18640000000000${String(seq).padStart(5, "0")}`;
  return {
    id,
    author_id: "777",
    author_username: "hana_cibaduyut",
    text,
    created_at: "2026-11-28T07:05:00.000Z",
    url: `https://x.com/hana_cibaduyut/status/${id}`,
    mentions_us: true,
    is_retweet: false,
  };
}

async function handle(text: string, settings: PipelineSettings) {
  const store = new MemoryTicketStore();
  const cards: string[] = [];
  const replies: ReplyKind[] = [];
  const done = await handleTweet(
    {
      triage: (input) => triage(config.triage, input),
      store,
      incidents: new MemoryIncidentIndex(),
      settings,
      enqueueCard: async (id) => void cards.push(id),
      enqueueReply: async (_id, kind) => void replies.push(kind),
      enqueueSync: async () => undefined,
      now: () => Date.parse("2026-11-28T07:06:00Z"),
      feedbackWindowDays: 7,
      feedbackLexicon: config.feedback,
    },
    tweet(text),
  );
  return { ...done, cards, replies };
}

const PRAISE = "@PemkotBandung terima kasih atas respon cepat DLH, mantap!";

describe("praise is thanked, never acknowledged as a report", () => {
  const settings = pipelineSettings(config, {});

  it("triage marks the praise as not a report, of the praise family", async () => {
    const { ticket } = await handle(PRAISE, settings);
    expect(ticket.triage.disposition).toBe("audit");
    expect(ticket.triage.not_report).toBe("praise");
  });

  it("praise gets one thank-you reply and no card for any agency", async () => {
    const { ticket, cards, replies, route } = await handle(PRAISE, settings);
    expect(route.kind).toBe("not_complaint");
    expect(ticket.status).toBe("not_complaint");
    expect(cards).toEqual([]);
    expect(replies).toEqual(["thanks"]);
    const text = replyText(ticket, "thanks", settings, config.templates);
    expect(text).toBe(`Terima kasih atas apresiasinya; sangat berarti bagi petugas kami. (${ticket.id})`);
    expect(text).not.toContain("kami terima");
  });

  it("with replies.on_praise off, praise gets nothing at all", async () => {
    const off = { ...settings, replies: { ...settings.replies, on_praise: false } };
    const { cards, replies } = await handle(PRAISE, off);
    expect(cards).toEqual([]);
    expect(replies).toEqual([]);
  });

  it("other posts that are not reports (news) get no reply", async () => {
    const { ticket, replies } = await handle(
      "BREAKING: dilansir media lokal, Pemkot Bandung luncurkan aplikasi baru. Selengkapnya baca di sini",
      settings,
    );
    expect(ticket.status).toBe("not_complaint");
    expect(ticket.triage.not_report).not.toBe("praise");
    expect(replies).toEqual([]);
  });

  it("a report still gets the 'received' reply", async () => {
    const { replies, cards } = await handle(
      "@PemkotBandung jalan berlubang parah di jl. pagarsih, motor sering jatuh. tolong diperbaiki",
      settings,
    );
    expect(cards).toHaveLength(1);
    expect(replies).toEqual(["received"]);
  });
});
