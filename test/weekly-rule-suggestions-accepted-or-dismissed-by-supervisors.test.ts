import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Correction } from "../src/core/correction.js";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { offerWeeklySuggestions } from "../src/learning/weekly-suggestions.js";
import { RedisCorrectionLog } from "../src/redis/correction-log.js";
import { RedisLearnedRules } from "../src/redis/learned-rules.js";
import { triage } from "../src/triage/triage.js";
import {
  cardIn,
  KEPALA,
  pressThenLeave,
  SECRET,
  startStaffKit,
  SUPERVISORS_CHAT,
  TAMU,
  type StaffKit,
} from "./support/staff-bot-kit.js";

const TEXTS = [
  "Tolong pak, odong-odong rusak parah di taman Cibeunying",
  "odong-odong di alun-alun rusak, bahaya buat anak-anak",
  "Pak, odong-odong dekat pasar rusak dan kabelnya terbuka",
  "odong-odong di taman Lansia rusak lagi, mohon ditindak",
];

function correction(i: number, text: string, at: string): Correction {
  return {
    id: `ADU-00000${i}#2`,
    ticket_id: `ADU-00000${i}`,
    tweet_id: `19990000000000000${i}`,
    text,
    tweet_at: at,
    at,
    actor: "tg:61001",
    decision: "reassign",
    triage: { agency: "dsdabm", kind: "keluhan", disposition: "agency", confidence: 0.5 },
    staff: { agency: "dishub", complaint: true },
    agrees: false,
  };
}

describe("the weekly rule suggestions in the supervisors' group", () => {
  let kit: StaffKit;
  let offer: () => ReturnType<typeof offerWeeklySuggestions>;
  let rules: RedisLearnedRules;

  beforeEach(async () => {
    kit = await startStaffKit();
    const log = new RedisCorrectionLog(kit.redis, kit.prefix);
    const now = Date.now();
    for (const [i, t] of TEXTS.entries())
      await log.record(correction(i + 1, t, new Date(now - (i + 1) * 3_600_000).toISOString()));
    const { config, model } = await loadTriageSetup("config");
    rules = new RedisLearnedRules(kit.redis, kit.prefix);
    offer = () =>
      offerWeeklySuggestions({
        corrections: log,
        rules,
        setup: () => ({ config, model, version: 0, rules: 0 }),
        settings: kit.settings,
        secret: SECRET,
        send: async (chatId, html, keyboard) => {
          await kit.app.chat.sendMessage(chatId, html, { keyboard });
        },
        now: () => now,
        top: 3,
        days: 30,
      });
    // The corrections say triage is wrong today.
    for (const text of TEXTS) expect(triage(model, { id: "x", text }).agency).not.toBe("dishub");
  }, 30_000);

  afterEach(async () => {
    await kit.close();
  });

  const odongMessage = () => {
    const m = kit.sim.messages(SUPERVISORS_CHAT).find((x) => /«odong[^»]*» diarahkan/.test(x.text ?? ""));
    if (!m) throw new Error("no message in the supervisors' group");
    return m;
  };

  it("offers a suggestion in plain Indonesian; a supervisor's Terima accepts it under their name, a stranger's press does nothing", async () => {
    const { offered } = await offer();
    expect(offered.length).toBeGreaterThan(0);
    const m = odongMessage();
    const card = cardIn(kit.sim, SUPERVISORS_CHAT, m.messageId);
    expect(card.text).toContain("Saran aturan triase");
    expect(card.text).toMatch(/«odong[^»]*»/);
    expect(card.text).toMatch(/Dishub/);
    expect(card.text).toMatch(/tiket jadi benar/);
    expect(card.buttons).toEqual(["✅ Terima", "✖️ Abaikan"]);

    const stranger = await pressThenLeave(kit.sim, SUPERVISORS_CHAT, m.messageId, TAMU, "✅ Terima");
    expect(stranger.answered && stranger.text).toContain("Hanya supervisor");
    expect(await rules.accepted()).toEqual([]);

    const pressed = await kit.sim.press({
      chatId: SUPERVISORS_CHAT,
      messageId: m.messageId,
      userId: KEPALA.id,
      button: "✅ Terima",
    });
    expect(pressed.answered && pressed.text).toContain("Aturan diterima");
    const accepted = await rules.accepted();
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({
      // The one pressed, not any other offered beside it.
      id: expect.stringMatching(
        new RegExp(cardIn(kit.sim, SUPERVISORS_CHAT, m.messageId).text.match(/r-[0-9a-f]{6}/)?.[0] ?? "none"),
      ),
      by: KEPALA.name,
      rule: { agency: "dishub", phrase: expect.stringMatching(/odong/) },
    });
    expect(await rules.version()).toBe(1);
    expect(cardIn(kit.sim, SUPERVISORS_CHAT, m.messageId).text).toContain(`Diterima oleh ${KEPALA.name}`);

    // Next week it is not offered again.
    const again = await offer();
    expect(again.offered).not.toContain(accepted[0]?.id);
  }, 60_000);

  it("Abaikan records the dismissal: the suggestion is not offered again and nothing is accepted", async () => {
    const { offered } = await offer();
    const first = offered[0] as string;
    const m = kit.sim.messages(SUPERVISORS_CHAT).find((x) => (x.text ?? "").includes(first));
    if (!m) throw new Error("suggestion message not found");
    const pressed = await kit.sim.press({
      chatId: SUPERVISORS_CHAT,
      messageId: m.messageId,
      userId: KEPALA.id,
      button: "✖️ Abaikan",
    });
    expect(pressed.answered && pressed.text).toContain("diabaikan");
    expect(await rules.dismissed()).toContain(first);
    expect(await rules.accepted()).toEqual([]);
    expect((await offer()).offered).not.toContain(first);
  }, 60_000);
});
