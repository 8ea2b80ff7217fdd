/**
 * The fault suite's count of the Telegram channel (issue #14): simulated citizens report in
 * private chats with the bot (text, a location pin, photos, the reply keyboard's buttons) while
 * tweets flow and the worker processes, and once the bot, are SIGKILLed; simulated staff claim and
 * resolve some of the Telegram tickets. Counted from outside like the tweets: tickets in Redis,
 * cards and the photos under them in the groups, status messages in each citizen's chat.
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/app/load-config.js";
import { pipelineSettings } from "../../src/app/pipeline-settings-from-config.js";
import { citizenReportId } from "../../src/citizens/citizen-report.js";
import { placeKey } from "../../src/core/find-duplicate.js";
import { routeVerdict } from "../../src/core/routing.js";
import { redisKeys } from "../../src/redis/keys.js";
import { triage } from "../../src/triage/triage.js";
import type { ChaosContext } from "./support/fault-scenario.js";
import { between, faultSuite, MINUTE, sleep } from "./support/fault-suite.js";
import { countCitizensFromOutside, type CitizenReport, type CitizenTally } from "./support/outside-count.js";

const { run } = faultSuite("citizens");

/** One citizen's report: the words, and what else they send before pressing "Kirim laporan". */
interface CitizenPlan {
  key: string;
  citizen: { id: number; name: string };
  agency: string;
  text: string;
  /** A pin ("📍 Kirim lokasi"); without one the bot asks where, and they press "Kirim tanpa lokasi". */
  pin?: { latitude: number; longitude: number };
  /** Photos: the first as the opening message with the text as its caption, or after the text. */
  photos: number;
  photoFirst?: boolean;
  /** Staff claim, then (once the citizen heard it) resolve the ticket. */
  staff: boolean;
}

// No street or kelurahan in the words, and one pinned report per agency: reports that name the same
// place for the same agency would rightly join one incident, and the count expects a card each.
const NAMES = ["Neng", "Kang", "Teh", "Mang", "Bu", "Pak"];
type Extras = Partial<Pick<CitizenPlan, "pin" | "photos" | "photoFirst" | "staff">>;
const citizen = (i: number, agency: string, text: string, extras: Extras = {}): CitizenPlan => ({
  key: `tg-${agency}-${String(i).padStart(2, "0")}`,
  citizen: { id: 7_100_001 + i, name: `${NAMES[i % NAMES.length]} Warga${i + 1}` },
  agency,
  text,
  photos: 0,
  staff: false,
  ...extras,
});
const pin = (latitude: number, longitude: number) => ({ latitude, longitude });

const CITIZENS: readonly CitizenPlan[] = (
  [
    [
      "dsdabm",
      "Jalan berlubang besar, bahaya buat motor",
      { pin: pin(-6.8915, 107.6107), photos: 1, staff: true },
    ],
    [
      "dishub",
      "Lampu merah mati dari pagi, perempatan macet total",
      { pin: pin(-6.9313, 107.6992), staff: true },
    ],
    [
      "dlh",
      "Sampah menumpuk di TPS, bau banget sudah seminggu",
      { pin: pin(-6.9137, 107.7227), photos: 2, photoFirst: true, staff: true },
    ],
    ["disperkim", "Pohon besar kering dan miring ke arah rumah warga", { pin: pin(-6.9332, 107.576) }],
    [
      "tirtawening",
      "Air PDAM mati total dari kemarin, warga kesulitan air bersih",
      { pin: pin(-6.9224, 107.594), photos: 1, staff: true },
    ],
    ["satpolpp", "PKL liar memenuhi trotoar, pejalan kaki tidak bisa lewat", { pin: pin(-6.9573, 107.6479) }],
    ["dinsos", "Ada ODGJ telantar di pinggir jalan, kasihan", { photos: 1, photoFirst: true, staff: true }],
    ["dinkes", "Kasus DBD banyak di RW kami, mohon fogging", {}],
    ["disdik", "Ada pungli di sekolah negeri, orang tua diminta bayar", { photos: 1, staff: true }],
    ["disdukcapil", "Blanko KTP-el habis terus, sudah bolak-balik", {}],
    ["diskarpb", "Ada ular kobra masuk rumah warga, mohon bantuan damkar", {}],
    ["dsdabm", "Selokan mampet, air meluap ke jalan tiap hujan", { photos: 1, photoFirst: true }],
  ] satisfies [string, string, Extras][]
).map(([agency, text, extras], i) => citizen(i, agency, text, extras));

/** Polls `check` every 500 ms until it holds, at most `timeoutMs`, then fails naming `what`. */
async function until(check: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(500);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** The bot said something containing `words` in the citizen's chat. */
async function heard(ctx: ChaosContext, chatId: number, words: string): Promise<boolean> {
  return (await ctx.world.chatMessages(chatId)).some((m) => !m.deleted && (m.text ?? "").includes(words));
}

/** A citizen writes their report the way a phone user does, and sends it; returns it for counting. */
async function report(ctx: ChaosContext, p: CitizenPlan, secret: string): Promise<CitizenReport> {
  const chatId = p.citizen.id;
  const say = (m: Omit<Parameters<ChaosContext["world"]["sendUserMessage"]>[0], "chatId" | "userId">) =>
    ctx.world.sendUserMessage({ chatId, userId: chatId, ...m });
  const pause = () => sleep(between(400, 2_000));
  const first = p.photoFirst
    ? await say({ text: p.text, photo: { fileName: `${p.key}-1.jpg` } })
    : await say({ text: p.text });
  const sent = [first.message_id];
  for (let n = p.photoFirst ? 2 : 1; n <= p.photos; n++) {
    await pause();
    sent.push((await say({ photo: { fileName: `${p.key}-${n}.jpg` } })).message_id);
  }
  if (p.pin) {
    await pause();
    sent.push((await say({ location: p.pin })).message_id);
  }
  await pause();
  await say({ text: "Kirim laporan" });
  if (!p.pin) {
    // No place in the words and no pin: the bot asks where; this citizen has none to give.
    await until(() => heard(ctx, chatId, "Di mana tempatnya?"), `${p.key}: the question where`, 2 * MINUTE);
    await pause();
    await say({ text: "Kirim tanpa lokasi" });
  }
  return {
    key: p.key,
    chatId,
    reportIds: sent.map((messageId) => citizenReportId(secret, chatId, messageId)),
    agency: p.agency,
    photos: p.photos,
    claimed: p.staff,
    resolved: p.staff,
  };
}

/**
 * A staff member of the agency's group claims the report's ticket and, once the citizen has heard
 * the claim (a claim the ticket has moved past before its message went out is dropped by design),
 * resolves it without a note; presses the bot did not answer (it was down) are pressed again.
 */
async function claimAndResolve(ctx: ChaosContext, r: CitizenReport): Promise<void> {
  const chatId = ctx.world.chatIds[r.agency];
  if (chatId === undefined) throw new Error(`no group for ${r.agency}`);
  const staff = (await ctx.world.chats()).find((c) => c.id === chatId)?.members[0];
  if (!staff) throw new Error(`no staff in ${r.agency}'s group`);
  let ticketId = "";
  const status = async () => {
    const json = await ctx.redisClient.hget(`${ctx.prefix}:ticket:${ticketId}`, "json");
    return json ? (JSON.parse(json) as { status: string }).status : "";
  };
  const card = async () =>
    (await ctx.world.chatMessages(chatId))
      .filter((m) => !m.deleted && !m.forceReply && m.replyToMessageId === undefined && !m.photo)
      .find((m) => (m.text ?? "").includes(ticketId));
  const hasButton = (m: Awaited<ReturnType<typeof card>>, text: string) =>
    (m?.buttons ?? []).some((row) => row.some((b) => b.text === text));
  await until(
    async () => {
      for (const id of r.reportIds) {
        ticketId ||= (await ctx.redisClient.get(redisKeys(ctx.prefix).tweet(id))) ?? "";
      }
      return ticketId !== "" && (await card()) !== undefined;
    },
    `${r.key}'s card`,
    2 * MINUTE,
  );
  const press = async (button: string, done: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 12 && !(await done()); i++) {
      const m = await card();
      const next = hasButton(m, button) ? button : hasButton(m, "Selesai") ? "Selesai" : undefined;
      if (!m || !next) {
        await sleep(1_000);
        continue;
      }
      const answer = await ctx.world
        .press({ chatId, messageId: m.messageId, userId: staff.id, button: next, timeoutMs: 10_000 })
        .catch(() => ({ answered: false as const }));
      if (!answer.answered) ctx.note("staff presses unanswered");
      ctx.log(`${r.key} ${ticketId}: pressed ${next} → ${JSON.stringify(answer)}, status ${await status()}`);
      await until(done, `${button} on ${ticketId}`, 10_000).catch(() => undefined);
    }
  };
  await press("Ambil", async () => ["claimed", "resolved"].includes(await status()));
  await until(
    () => heard(ctx, r.chatId, `${ticketId} sedang ditangani oleh`),
    `${r.key}: the claim heard`,
    2 * MINUTE,
  );
  await sleep(between(1_000, 4_000));
  await press("Selesai tanpa catatan", async () => (await status()) === "resolved");
  if ((await status()) !== "resolved") throw new Error(`${r.key}: ${ticketId} never resolved`);
}

describe("citizens on Telegram through kills", () => {
  it("writes reports that each route with confidence to their agency", async () => {
    const config = await loadConfig("config", new Date());
    const settings = pipelineSettings(config, {}, {});
    const wrong = CITIZENS.flatMap((p, i) => {
      const v = triage(config.triage, {
        id: String(2_000_000 + i),
        text: p.text,
        created_at: "2026-11-28T03:00:00Z",
        mentions_us: false,
        is_retweet: false,
        author_username: p.citizen.name,
      });
      const route = routeVerdict(v, settings);
      const got = route.kind === "dispatch" && route.group === "agency" ? route.agency : route.kind;
      return got === p.agency && placeKey(v) === null ? [] : [`${p.text} → ${got}`];
    });
    expect(wrong).toEqual([]);
  });

  it("gives every citizen's report one ticket, one card, its photos once and each status message once, through worker and bot SIGKILLs", async () => {
    let tally: CitizenTally | undefined;
    const reports: CitizenReport[] = [];
    /** What simulated staff could not do (checked after the counts are printed). */
    const staffFailures: string[] = [];
    await run(
      {
        name: "6 citizens on Telegram",
        ingest: 1,
        workers: 2,
        perAgency: 4,
        nonComplaints: 6,
        pushOverMs: 40_000,
        settleTimeoutMs: 2 * MINUTE,
        async chaos(ctx) {
          const { fleet, note, log } = ctx;
          const secret = fleet.env()["CALLBACK_SECRET"] ?? "";
          for (const p of CITIZENS) await ctx.world.addPrivateChat(p.citizen);
          let reporting = true;
          const citizens = Promise.all(
            CITIZENS.map(async (p, i) => {
              await sleep(i * 2_500 + between(0, 1_500));
              const r = await report(ctx, p, secret);
              reports.push(r);
              if (p.staff) {
                await claimAndResolve(ctx, r).catch((err: unknown) => {
                  staffFailures.push(err instanceof Error ? err.message : String(err));
                });
              }
            }),
          ).finally(() => (reporting = false));
          const kills = (async () => {
            await sleep(4_000);
            // Each worker dies five times while the citizens write and staff press, the bot once.
            await Promise.all(
              fleet.byRole("workers").map(async (member) => {
                for (let i = 0; i < 5 && reporting; i++) {
                  await sleep(between(2_000, 7_000));
                  await fleet.killAndRestart(member);
                  note("worker kills");
                }
              }),
            );
          })();
          const botKill = (async () => {
            await sleep(14_000);
            const bot = fleet.byRole("bot")[0];
            if (!bot) throw new Error("no bot process");
            await fleet.killAndRestart(bot);
            note("bot kills");
            log("bot SIGKILLed and restarted");
          })();
          await Promise.all([citizens, kills, botKill]);
          log(`${reports.length} citizens reported; staff done`);
        },
        async verify(ctx) {
          const count = () => countCitizensFromOutside(ctx.world, ctx.redisClient, ctx.prefix, reports);
          // The settle wait covered the queues; the last status messages may still be on their way.
          await until(
            async () => (await count()).lost === 0,
            "every citizen's ticket, card, photo and status",
            MINUTE,
          ).catch(() => undefined);
          tally = await count();
          const doubtfulNotices = await ctx.fleet.countLogLines(
            /re-sending a citizen's status message whose earlier attempt ended in doubt/,
          );
          const doubtfulCards = await ctx.fleet.countLogLines(
            /re-sending a card whose earlier attempt ended in doubt/,
          );
          ctx.note("citizen reports", tally.reports);
          ctx.note("citizen tickets", tally.tickets);
          ctx.note("citizen photos shown", tally.photos);
          if (tally.openedLater > 0) ctx.note("reports opened by a later message", tally.openedLater);
          ctx.note(
            "citizen notices",
            tally.notices.received + tally.notices.claimed + tally.notices.resolved,
          );
          if (doubtfulNotices > 0) ctx.note("notices re-sent in doubt", doubtfulNotices);
          ctx.log(`citizens: ${JSON.stringify(tally)}`);
          expect(staffFailures, "staff claims and resolutions that never took").toEqual([]);
          expect(tally.missing, "citizens' tickets, cards, photos, status messages missing").toEqual({
            ticket: [],
            card: [],
            photo: [],
            received: [],
            claimed: [],
            resolved: [],
          });
          expect(tally.tickets, "one ticket per report").toBe(CITIZENS.length);
          expect(tally.duplicateTickets).toBe(0);
          expect(tally.wrongChannel, "tickets not marked channel telegram").toBe(0);
          expect(tally.wrongGroup, "cards outside the agency's group").toBe(0);
          // The known residue, counted as for cards: a send that died after Telegram accepted it is
          // repeated (and logged); each such re-send may be one duplicate, never more.
          expect(tally.duplicateCards, "duplicate citizen cards").toBeLessThanOrEqual(doubtfulCards);
          expect(tally.duplicateNotices, "duplicate status messages").toBeLessThanOrEqual(doubtfulNotices);
          expect(tally.duplicatePhotos, "photos shown twice").toBe(0);
        },
        logEvidence: {
          "citizen reports sent to triage": /a citizen's report was sent to triage/,
        },
      },
      (r) => r.notes["cards re-sent in doubt"] ?? 0,
    );
    expect(reports).toHaveLength(CITIZENS.length);
    expect(tally?.lost).toBe(0);
  });
});
