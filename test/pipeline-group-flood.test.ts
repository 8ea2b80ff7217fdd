import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";

let h: PipelineHarness;
beforeAll(async () => {
  // Telegram's flood limits on in the simulator (20 a minute into one group), and our rate gate on.
  h = await startPipeline({ floodControl: true });
});
afterAll(async () => {
  await h?.close();
});

const STREETS = [
  "Aceh",
  "Asia Afrika",
  "Braga",
  "Merdeka",
  "Riau",
  "Ir. H. Juanda",
  "Pasteur",
  "Cihampelas",
  "Setiabudi",
  "Sukajadi",
  "Pajajaran",
  "Kebon Jati",
  "Buah Batu",
  "Gatot Subroto",
  "Ahmad Yani",
  "Jakarta",
  "Supratman",
  "Diponegoro",
  "Tamansari",
  "Lengkong Besar",
  "Otto Iskandardinata",
  "Pungkur",
  "Peta",
  "Kopo",
  "Cibadak",
  "Sudirman",
];
const PROBLEMS = [
  (s: string) => `lampu merah di perempatan jl. ${s} mati dari pagi, macet parah`,
  (s: string) => `PJU di jl. ${s} mati semua, gelap gulita kalau malam`,
  (s: string) => `parkir liar di jl. ${s} makan setengah badan jalan, tolong ditertibkan`,
  (s: string) => `angkot ngetem sembarangan di jl. ${s}, bikin macet tiap sore`,
];

describe("a burst of complaints for one agency's group", () => {
  it("gives every complaint exactly one card and does not end in a 429 loop", async () => {
    const dishub = h.world.chatIds["dishub"] as number;
    const tweets = STREETS.map((street, i) =>
      h.world.x.addTweet({
        text: `@PemkotBandung ${(PROBLEMS[i % PROBLEMS.length] as (s: string) => string)(street)}`,
        author: { username: `warga_${i + 1}` },
      }),
    );
    await h.aduan.pollNow();
    const tickets = await waitFor(async () => {
      const all = await Promise.all(tweets.map((t) => h.aduan.store.getByTweetId(t.id)));
      return all.every((t) => t?.status === "dispatched") ? all : undefined;
    }, "every tweet to become a dispatched ticket");
    expect(new Set(tickets.map((t) => t?.agency))).toEqual(new Set(["dishub"]));

    // 20 a minute into one group: the last cards wait for the first ones to leave the window.
    const cards = await waitFor(
      () => {
        const m = h.world.telegram.messages(dishub).filter((c) => !c.deleted);
        return m.length >= tickets.length ? m : undefined;
      },
      "a card for every ticket",
      100_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    for (const t of tickets) {
      expect(cards.filter((c) => (c.text ?? "").includes(t?.id ?? "?"))).toHaveLength(1);
    }
    expect(h.world.telegram.messages(dishub)).toHaveLength(tickets.length);
    // Every sendMessage Telegram refused shows as a call without a message: a 429, here.
    const sent = h.world.telegram.chats().reduce((n, c) => n + h.world.telegram.messages(c.id).length, 0);
    const refused = (h.world.telegram.stats()["sendMessage"] ?? 0) - sent;
    expect(refused).toBeLessThanOrEqual(2);
    const dates = cards.map((c) => c.date).sort((a, b) => a - b);
    expect((dates.at(-1) ?? 0) - (dates[0] ?? 0)).toBeGreaterThanOrEqual(55);
  }, 120_000);
});
