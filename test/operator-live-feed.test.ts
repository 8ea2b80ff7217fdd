import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedLine } from "../src/app/live-feed.js";
import { prettyLine } from "../src/runtime/pretty-log.js";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

const lines: string[] = [];
let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"], feed: (line) => lines.push(line) });
});
afterAll(async () => {
  await h?.close();
});

describe("the operator's live feed (demo, LOG_FORMAT=pretty)", () => {
  it("says in one line each: tweet in, verdict, card posted, staff action, reply sent", async () => {
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung jalan rusak parah banyak lubang di jl. sukajadi, tolong segera diperbaiki",
      author: { username: "warga_sukajadi" },
    });
    await h.aduan.pollNow();
    const ticket = await waitFor(() => h.aduan.store.getByTweetId(tweet.id), "the ticket");
    const chatId = h.world.chatIds[ticket.agency ?? ""]!;
    const staff = h.world.telegram.chats().find((c) => c.id === chatId)!.members[0]!;
    const card = await waitFor(
      () => h.world.telegram.messages(chatId).find((m) => (m.text ?? "").includes(ticket.id)),
      "the card",
    );
    await h.world.telegram.press({ chatId, messageId: card.messageId, userId: staff.id, button: "Ambil" });
    await waitFor(() => lines.find((l) => l.includes("mengambil")), "the staff action in the feed");
    await waitFor(() => lines.find((l) => l.startsWith("💬")), "the reply in the feed");

    expect(lines).toEqual(
      expect.arrayContaining([
        `🐦 Tweet masuk dari @warga_sukajadi: “@PemkotBandung jalan rusak parah banyak lubang di jl. sukajadi, tolong segera d…”`,
        `🧭 ${ticket.id}: diteruskan ke DSDABM`,
        `📋 Kartu ${ticket.id} terkirim ke grup DSDABM`,
        expect.stringMatching(new RegExp(`^👤 ${staff.name}.* mengambil ${ticket.id}`)),
        `💬 Balasan “diterima” terkirim ke @warga_sukajadi (${ticket.id})`,
      ]),
    );
    // One line each, never a JSON object.
    for (const l of lines) {
      expect(l).not.toContain("\n");
      expect(l).not.toMatch(/^\{/);
    }
    // The staff action is said once, however often the store heard of the change.
    expect(lines.filter((l) => l.includes("mengambil"))).toHaveLength(1);
  });

  it("speaks English with language: en, and says SLA messages too", () => {
    const settings = {
      agencies: new Map([
        ["dishub", { id: "dishub", name: "Dishub", short_name: "Dishub", kind: "agency" as const }],
      ]),
    };
    expect(
      feedLine(
        { kind: "sla", ticketId: "ADU-000007", check: "remind-first-response", agency: "dishub" },
        "id",
        settings,
      ),
    ).toBe("⏰ Pengingat SLA: ADU-000007 belum diambil (Dishub)");
    expect(feedLine({ kind: "card_posted", ticketId: "ADU-000007", agency: "dishub" }, "en", settings)).toBe(
      "📋 Card ADU-000007 posted to the Dishub group",
    );
  });

  it("prints log entries as readable lines, not JSON", () => {
    const line = prettyLine(
      JSON.stringify({
        level: 40,
        time: "2026-11-29T07:02:11.000Z",
        msg: "job failed",
        queue: "replies",
        attempts: 3,
      }),
    );
    expect(line).toMatch(/^\d{2}:\d{2}:\d{2} WARN {2}job failed · queue=replies attempts=3$/);
  });
});
