import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { supervisionContext } from "../src/core/supervision-context.js";
import type { TelegramSimulator } from "../sim/telegram/telegram-simulator.js";
import type { Ticket } from "../src/core/ticket.js";
import { shippedConfig } from "./support/pipeline-harness.js";
import { composeDigest } from "../src/supervision/digest.js";
import { renderResolutionChart } from "../src/chart/resolution-chart.js";
import { XUsageCounter } from "../src/redis/x-usage.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import {
  ASEP,
  BUDI,
  DISHUB_CHAT,
  DSDABM_CHAT,
  KEPALA,
  SARI,
  SUPERVISORS_CHAT,
  WARUNG_CHAT,
  eventually,
  startStaffKit,
  type StaffKit,
} from "./support/staff-bot-kit.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Yesterday and today in Jakarta: the test tickets of the last hours fall in it whatever the hour. */
const wibDay = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 10);
const RECENT = `${wibDay(Date.now() - DAY)}..${wibDay(Date.now())}`;

let kit: StaffKit;
let seq = 0;
/** The tickets the tests read back, by role. */
const t: Record<string, Ticket> = {};

/** A ticket received `ageMs` ago, dispatched to `agency`, then optionally claimed or resolved. */
async function ticketAged(
  agency: string,
  ageMs: number,
  opts: {
    urgency?: "urgent" | "normal";
    claimBy?: { id: number; name: string };
    resolveAfterMs?: number;
  } = {},
): Promise<Ticket> {
  const received = Date.now() - ageMs;
  const at = (ms: number) => new Date(received + ms).toISOString();
  const id = `18700000000${String(++seq).padStart(8, "0")}`;
  const { ticket } = await kit.store.createFromTweet(
    sampleTweet({ id, created_at: at(0) }),
    sampleVerdict({ id, agency, urgency: opts.urgency ?? "normal" }),
    at(0),
  );
  await kit.store.transition(ticket.id, { type: "dispatch", agency }, at(1000), "system");
  if (opts.claimBy) {
    await kit.store.transition(ticket.id, { type: "claim", assignee: opts.claimBy }, at(60_000), "tg:1");
  }
  if (opts.resolveAfterMs !== undefined) {
    await kit.store.transition(
      ticket.id,
      { type: "resolve", note: "sudah ditambal" },
      at(opts.resolveAfterMs),
      "tg:1",
    );
  }
  return (await kit.store.get(ticket.id)) as Ticket;
}

beforeAll(async () => {
  const config = await shippedConfig();
  const sla = supervisionContext(config);
  kit = await startStaffKit({
    supervision: sla,
    commandsPerMinute: 6,
    // As the bot role wires it: the digest composed from the kit's store when asked.
    digestNow: async () => {
      const d = await composeDigest({
        store: kit.store,
        sla,
        settings: kit.settings,
        now: Date.now,
        holidays: config.holidays,
        usage: new XUsageCounter(kit.redis, kit.prefix),
        xCost: config.app.x.cost,
        renderChart: renderResolutionChart,
      });
      return "png" in d.chart ? { html: d.html, chart: d.chart } : { html: d.html, noChart: d.chart.noData };
    },
  });
  kit.privateChat(KEPALA);
  kit.privateChat(SARI);
  // Forgotten for three weeks, never claimed: the oldest overdue ticket.
  t["forgotten"] = await ticketAged("dsdabm", 21 * DAY);
  // Claimed by Asep two weeks ago and never resolved: DSDABM's resolution target is 168 working hours.
  t["stuck"] = await ticketAged("dsdabm", 40 * DAY, { claimBy: ASEP });
  // Urgent, two hours without anyone claiming it: the urgent clock runs 24/7 with a 1-hour target.
  t["urgent"] = await ticketAged("dishub", 2 * HOUR, { urgency: "urgent" });
  // Fresh: within every target.
  t["fresh"] = await ticketAged("dishub", 10 * 60_000);
  // Resolved within the hour today.
  t["done"] = await ticketAged("dsdabm", 2 * HOUR, { claimBy: SARI, resolveAfterMs: HOUR });
  // Abusive, about a DSDABM canal, held in moderation (Diskominfo) five minutes ago: moderation's, not DSDABM's.
  const heldId = `18700000000${String(++seq).padStart(8, "0")}`;
  const heldAt = new Date(Date.now() - 5 * 60_000).toISOString();
  t["held"] = (
    await kit.store.createFromTweet(
      sampleTweet({ id: heldId, created_at: heldAt }),
      sampleVerdict({ id: heldId, agency: "dsdabm", abusive: true }),
      heldAt,
    )
  ).ticket;
});
afterAll(async () => {
  await kit?.close();
});

/** Sends a command as `userId` and waits for the bot's next message in that chat. */
async function ask(chatId: number, userId: number, text: string) {
  const before = kit.sim.messages(chatId).length;
  kit.sim.sendUserMessage({ chatId, userId, text });
  return await eventually(() => {
    const all = kit.sim.messages(chatId);
    expect(all.length).toBeGreaterThan(before);
    const last = all.at(-1);
    expect(last?.from.isBot).toBe(true);
    return last!;
  });
}

/** The bold words of a message: the titles of its blocks. */
function boldParts(sim: TelegramSimulator, chatId: number, messageId: number): string[] {
  const m = sim.messages(chatId).find((x) => x.messageId === messageId);
  return (m?.entities ?? [])
    .filter((e) => e.type === "bold")
    .map((e) => m!.text!.slice(e.offset, e.offset + e.length));
}

/** The lines of the block titled `title` (up to the next blank line). */
function block(text: string | undefined, title: string): string[] {
  const blocks = (text ?? "").split("\n\n").map((b) => b.split("\n"));
  const found = blocks.find((b) => b[0] === title);
  if (!found) throw new Error(`no block ${title} in:\n${text}`);
  return found.slice(1);
}

/** About what a 360 px phone shows of a Telegram message line. */
const PHONE_WIDTH = 34;

describe("/statistik", () => {
  it("shows supervisors one narrow block per agency, in words, that fits a phone", async () => {
    const answer = await ask(SUPERVISORS_CHAT, KEPALA.id, `/statistik ${RECENT}`);
    expect(answer.text).toMatch(
      /^Statistik semua dinas\nPeriode: .+\nWaktu dihitung dalam jam kerja\.\nMasuk via X \d+ · via Telegram \d+\n\n/,
    );
    for (const line of answer.text!.split("\n")) expect(line.length).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(boldParts(kit.sim, SUPERVISORS_CHAT, answer.messageId)).toEqual(
      expect.arrayContaining(["Statistik semua dinas", "Dishub", "DSDABM", "Diskominfo", "Semua dinas"]),
    );
    // Recently: the urgent and fresh tickets reached Dishub; DSDABM has two old open ones and one resolved.
    expect(block(answer.text, "Dishub").slice(0, 2)).toEqual([
      "Masuk 2 · selesai 0 · ditolak 0",
      "Terbuka 2",
    ]);
    const dsdabm = block(answer.text, "DSDABM");
    expect(dsdabm.slice(0, 2)).toEqual([
      "Masuk 1 · selesai 1 · ditolak 0",
      "Terbuka 2 · 2 lewat 7 hari kerja",
    ]);
    // Times in words with units (working time: on a weekend the hour of work counts as none).
    expect(dsdabm).toContain("Penyelesaian:");
    expect(dsdabm.join("\n")).toMatch(/\n {2}median \d+ (menit|jam)/);
    expect(dsdabm.join("\n")).toMatch(/tepat waktu \d+% \(\d+ dari \d+\)/);
    expect(answer.text).not.toMatch(/p50|p90|\d+\/\d+/);
    // The abusive tweet about a DSDABM canal waits in moderation: Diskominfo's open ticket, not DSDABM's.
    expect(block(answer.text, "Diskominfo")).toContain("Terbuka 1");
    expect(block(answer.text, "Semua dinas").slice(0, 2)).toEqual([
      "Masuk 4 · selesai 1 · ditolak 0",
      "Terbuka 5 · 2 lewat 7 hari kerja",
    ]);
    const slowest = block(answer.text, "Terbuka paling lama:");
    expect(slowest[0]).toBe(`${t["stuck"]!.id} · DSDABM`);
    expect(slowest[1]).toMatch(/^ {2}\d+,\d hari kerja, terlambat$/);
  });

  it("shows an agency group only its own agency's figures, without the ticket held in moderation", async () => {
    const answer = await ask(DSDABM_CHAT, SARI.id, `/statistik ${RECENT}`);
    expect(answer.text).toMatch(/^Statistik DSDABM\n/);
    expect(block(answer.text, "DSDABM").slice(0, 2)).toEqual([
      "Masuk 1 · selesai 1 · ditolak 0",
      "Terbuka 2 · 2 lewat 7 hari kerja",
    ]);
    expect(answer.text).not.toContain("Dishub");
    expect(answer.text).not.toContain("Semua dinas");
    const dishub = await ask(DISHUB_CHAT, BUDI.id, `/statistik ${RECENT}`);
    expect(dishub.text).not.toContain(t["stuck"]!.id);
    // The agency's short name, as everywhere: no `dsdabm` or `dishub` ids.
    expect(`${answer.text}\n${dishub.text}`).not.toMatch(/\b(dsdabm|dishub)\b/);
  });

  it("reads a month as the period and names its days", async () => {
    const answer = await ask(SUPERVISORS_CHAT, KEPALA.id, "/statistik bulan ini");
    expect(answer.text).toMatch(/\nPeriode: 1 \w{3} \d{4} – \d{1,2} \w{3} \d{4}\n/);
  });

  it("explains which periods it understands when it does not understand one", async () => {
    const answer = await ask(SUPERVISORS_CHAT, KEPALA.id, "/statistik tahun kabisat");
    expect(answer.text).toBe(
      'Periode "tahun kabisat" tidak dikenal. Pakai salah satu: hari ini, kemarin, minggu ini, minggu lalu, bulan ini, bulan lalu, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD..YYYY-MM-DD.',
    );
  });

  it("answers a supervisor in a private chat with every agency's figures", async () => {
    const answer = await ask(KEPALA.id, KEPALA.id, "/statistik");
    expect(answer.text).toMatch(/^Statistik semua dinas\n/);
  });

  it("declines staff who are not supervisors in a private chat", async () => {
    const answer = await ask(SARI.id, SARI.id, "/statistik");
    expect(answer.text).toBe(
      "Maaf, hanya anggota grup dinas pemilik tiket atau supervisor yang dapat melakukan ini.",
    );
  });

  it("declines politely in a group no agency owns", async () => {
    const answer = await ask(WARUNG_CHAT, BUDI.id, "/statistik");
    expect(answer.text).toBe(
      "Perintah ini hanya untuk grup dinas, grup supervisor, atau chat pribadi supervisor.",
    );
  });
});

describe("/terlambat", () => {
  it("lists supervisors every overdue open ticket, oldest first, with owner, assignee and age", async () => {
    const answer = await ask(SUPERVISORS_CHAT, KEPALA.id, "/terlambat");
    expect(answer.text?.split("\n")).toEqual([
      "3 tiket lewat target SLA (terlama dulu):",
      `${t["stuck"]!.id} · DSDABM · Asep Sunandar · 40 hr · penyelesaian terlambat`,
      `${t["forgotten"]!.id} · DSDABM · belum diambil · 21 hr · respons terlambat`,
      `${t["urgent"]!.id} · Dishub · belum diambil · 2 jam · respons terlambat`,
    ]);
  });

  it("lists an agency group only its own overdue tickets", async () => {
    const answer = await ask(DSDABM_CHAT, SARI.id, "/terlambat");
    const lines = answer.text?.split("\n") ?? [];
    expect(lines[0]).toBe("2 tiket lewat target SLA (terlama dulu):");
    expect(lines.join("\n")).not.toContain(t["urgent"]!.id);
  });
});

describe("/laporan", () => {
  it("sends the report as a CSV document named after its first and last day", async () => {
    const answer = await ask(SUPERVISORS_CHAT, KEPALA.id, `/laporan ${RECENT}`);
    const doc = answer.document;
    if (!doc) throw new Error("no document");
    expect(doc.fileName).toBe(`aduan-${RECENT.replace("..", "-")}.csv`);
    expect(answer.caption).toMatch(/^Laporan aduan \d{1,2} \w{3} \d{4} – \d{1,2} \w{3} \d{4} · semua dinas$/);
    const csv = kit.sim.file(doc.fileId)?.data?.toString("utf8") ?? "";
    const lines = csv.trim().split("\n");
    // Indonesian headers a supervisor reads in a spreadsheet, agencies by their short names.
    expect(lines[0]).toMatch(/^dinas,masuk,selesai,ditolak,terbuka,terbuka kurang dari 1 hari kerja,/);
    expect(lines[0]).toContain(",penyelesaian median (jam kerja),");
    expect(lines.map((l) => l.split(",").slice(0, 5).join(","))).toEqual([
      "dinas,masuk,selesai,ditolak,terbuka",
      "Dishub,2,0,0,2",
      "Diskominfo,1,0,0,1",
      "DSDABM,1,1,0,2",
      "total,4,1,0,5",
    ]);
  });

  it("gives an agency group a CSV of its own figures only", async () => {
    const answer = await ask(DSDABM_CHAT, ASEP.id, `/laporan ${RECENT}`);
    const csv = kit.sim.file(answer.document?.fileId ?? "")?.data?.toString("utf8") ?? "";
    expect(
      csv
        .trim()
        .split("\n")
        .map((l) => l.split(",")[0]),
    ).toEqual(["dinas", "DSDABM", "total"]);
    expect(answer.caption).toContain("· DSDABM");
  });
});

describe("/digest", () => {
  it("sends supervisors the daily digest now, then its chart (or why there is none)", async () => {
    const before = kit.sim.messages(SUPERVISORS_CHAT).length;
    kit.sim.sendUserMessage({ chatId: SUPERVISORS_CHAT, userId: KEPALA.id, text: "/digest" });
    // The digest's text, then its chart (or the line saying why there is none).
    const after = await eventually(() => {
      const all = kit.sim
        .messages(SUPERVISORS_CHAT)
        .slice(before)
        .filter((m) => m.from.isBot);
      expect(all.length).toBeGreaterThanOrEqual(2);
      return all;
    });
    const text = after[0]!.text;
    expect(text).toMatch(/^📊 Ringkasan harian Aduan: \d{1,2} \w{3} \d{4}\n/);
    expect(text).toContain("Terlambat sekarang: 3");
    expect(text).toContain("X bulan ");
    // Yesterday's resolutions drive the chart: here one came today, so the week may hold none.
    const chart = after[1]!;
    if (chart.photo) expect(chart.caption).toContain("Waktu penyelesaian per dinas");
    else expect(chart.text).toMatch(/^Belum ada tiket selesai .+: grafik tidak dibuat\.$/);
  });

  it("declines in an agency group: the digest covers every agency", async () => {
    const answer = await ask(DISHUB_CHAT, BUDI.id, "/digest");
    expect(answer.text).toBe(
      "Ringkasan harian berisi semua dinas, jadi hanya untuk grup supervisor atau chat pribadi supervisor. Di grup ini pakai /statistik.",
    );
  });
});

describe("registration and limits", () => {
  it("registers the supervisors' commands with Telegram", async () => {
    await kit.app.setCommands();
    const commands = await kit.app.bot.telegram.getMyCommands({
      scope: { type: "chat", chat_id: SUPERVISORS_CHAT },
    });
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(["statistik", "terlambat", "laporan", "digest", "macet"]),
    );
    expect(commands.find((c) => c.command === "terlambat")?.description).toBe(
      "Tiket terbuka yang lewat target SLA",
    );
  });

  it("counts the supervisors' commands towards the per-user command limit", async () => {
    // KEPALA has used some of the six commands a minute already; spend the rest, then one more.
    let answer = await ask(SUPERVISORS_CHAT, KEPALA.id, "/terlambat");
    for (let i = 0; i < 6 && answer.text !== "Terlalu banyak perintah. Coba lagi sebentar lagi, ya."; i++) {
      answer = await ask(SUPERVISORS_CHAT, KEPALA.id, "/statistik");
    }
    expect(answer.text).toBe("Terlalu banyak perintah. Coba lagi sebentar lagi, ya.");
  });
});
