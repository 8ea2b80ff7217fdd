import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPipeline, type PipelineHarness } from "./support/pipeline-harness.js";
import { waitFor } from "./support/eventually.js";
import type { SimMessageView } from "../sim/telegram/telegram-simulator.js";
import type { Ticket } from "../src/core/ticket.js";
import { citizenReportId } from "../src/citizens/citizen-report.js";

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipeline({ roles: ["ingest", "workers", "bot"] });
}, 60_000);
afterAll(async () => {
  await h?.close();
});

const SITI = { id: 880_001, name: "Siti Aminah" };
const UJANG = { id: 880_002, name: "Ujang Sopandi" };
const RINI = { id: 880_003, name: "Rini Marlina" };
const TONO = { id: 880_004, name: "Tono Suparno" };
const ENDANG = { id: 880_005, name: "Endang Kurnia" };
const YAYAT = { id: 880_006, name: "Yayat Hidayat" };
const KASAR = { id: 880_007, name: "Akun Kasar" };
const DIBLOKIR = { id: 880_008, name: "Akun Diblokir" };
const ASEP = { id: 880_009, name: "Asep Sunarya" };
const DEDE = { id: 880_010, name: "Dede Rohman" };
const COBLONG_PIN = { latitude: -6.8915, longitude: 107.6107 };

function chat(agency: string): number {
  const id = h.world.chatIds[agency];
  if (id === undefined) throw new Error(`no group for ${agency}`);
  return id;
}

function said(userId: number): SimMessageView[] {
  return h.world.telegram.messages(userId);
}

function saidWith(userId: number, words: string): SimMessageView[] {
  return said(userId).filter((m) => (m.text ?? "").includes(words));
}

/** Writes `lines` as a citizen, presses "Kirim laporan", and waits for the ticket. */
async function report(
  who: { id: number },
  first: Parameters<PipelineHarness["world"]["telegram"]["sendUserMessage"]>[0] extends infer I
    ? Omit<I & object, "chatId" | "userId">
    : never,
  more: Omit<
    Parameters<PipelineHarness["world"]["telegram"]["sendUserMessage"]>[0],
    "chatId" | "userId"
  >[] = [],
): Promise<Ticket> {
  const opened = h.world.telegram.sendUserMessage({ chatId: who.id, userId: who.id, ...first });
  for (const m of more) h.world.telegram.sendUserMessage({ chatId: who.id, userId: who.id, ...m });
  h.world.telegram.sendUserMessage({ chatId: who.id, userId: who.id, text: "Kirim laporan" });
  const reportId = reportIdOf(who.id, opened.message_id);
  return waitFor(() => h.aduan.store.getByTweetId(reportId), `the ticket of ${reportId}`);
}

async function cardOf(agency: string, ticketId: string): Promise<SimMessageView> {
  return waitFor(
    () =>
      h.world.telegram
        .messages(chat(agency))
        .find(
          (m) => (m.text ?? "").startsWith("") && (m.text ?? "").includes(ticketId) && m.buttons.length > 0,
        ),
    `the card of ${ticketId} in ${agency}`,
  );
}

/** The report id the bot gives a citizen's first message (keyed with the harness's secret). */
const reportIdOf = (chatId: number, messageId: number) => citizenReportId("test-secret", chatId, messageId);

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("a citizen reporting in a private chat", () => {
  beforeAll(() => {
    for (const c of [SITI, UJANG, RINI, TONO, ENDANG, YAYAT, KASAR, DIBLOKIR, ASEP, DEDE])
      h.world.telegram.addPrivateChat(c);
  });

  it("with a location pin reaches the agency's group with its kecamatan, a map link and the channel, and hears the ticket id once", async () => {
    const opened = h.world.telegram.sendUserMessage({
      chatId: SITI.id,
      userId: SITI.id,
      text: "Jalan berlubang besar, bahaya buat motor",
    });
    // The bot answers at once with the keyboard a phone user needs: send, or share the place.
    const prompt = await waitFor(() => saidWith(SITI.id, "Kirim laporan")[0], "the collecting prompt");
    expect(prompt.replyKeyboard).toEqual(
      expect.arrayContaining([
        [{ text: "Kirim laporan" }],
        expect.arrayContaining([{ text: "📍 Kirim lokasi", requestLocation: true }]),
      ]),
    );
    h.world.telegram.sendUserMessage({ chatId: SITI.id, userId: SITI.id, location: COBLONG_PIN });
    await waitFor(
      () => saidWith(SITI.id, "Lokasi diterima: Lebak Siliwangi, Kec. Coblong")[0],
      "the pin's answer",
    );
    h.world.telegram.sendUserMessage({ chatId: SITI.id, userId: SITI.id, text: "Kirim laporan" });

    const ticket = await waitFor(
      () => h.aduan.store.getByTweetId(reportIdOf(SITI.id, opened.message_id)),
      "Siti's ticket",
    );
    expect(ticket.id).toMatch(/^ADU-\d+$/);
    expect(ticket.channel).toBe("telegram");
    expect(ticket.citizen).toMatchObject({ user_id: SITI.id, first_name: "Siti", pin: [107.6107, -6.8915] });
    expect(ticket.triage.location).toMatchObject({ kecamatan: "Coblong", source: "coordinates" });

    const card = await cardOf("dsdabm", ticket.id);
    expect(card.text).toContain("Pelapor: Siti · via Telegram");
    expect(card.text).toContain("Coblong");
    expect(card.html).toContain("https://www.openstreetmap.org/?mlat=-6.89150&amp;mlon=107.61070");
    // The card never shows the citizen's last name or Telegram id.
    expect(card.text).not.toContain("Aminah");
    expect(card.text).not.toContain(String(SITI.id));

    await waitFor(() => saidWith(SITI.id, `${ticket.id}. Diteruskan ke DSDABM`)[0], "the received notice");
    await pause(500);
    expect(saidWith(SITI.id, ticket.id)).toHaveLength(1);
  }, 30_000);

  it("with a photo shows the photo under the card, by the file_id the citizen's phone gave", async () => {
    const opened = h.world.telegram.sendUserMessage({
      chatId: UJANG.id,
      userId: UJANG.id,
      text: "Lampu jalan mati total sejak kemarin malam di Jl. Pagarsih",
      photo: { fileName: "lampu.jpg" },
    });
    const sentPhoto = h.world.telegram
      .messages(UJANG.id, { includeUsers: true })
      .find((m) => m.messageId === opened.message_id)?.photo?.fileId;
    expect(sentPhoto).toBeDefined();
    expect(opened.photo?.at(-1)?.file_id).toBe(sentPhoto);
    h.world.telegram.sendUserMessage({ chatId: UJANG.id, userId: UJANG.id, text: "Kirim laporan" });
    const ticket = await waitFor(
      () => h.aduan.store.getByTweetId(reportIdOf(UJANG.id, opened.message_id)),
      "Ujang's ticket",
    );
    expect(ticket.citizen?.photos).toEqual([sentPhoto]);
    const agency = ticket.agency ?? "";
    const card = await cardOf(agency, ticket.id);
    expect(card.text).toContain("Foto: 1 (di bawah kartu)");
    const photo = await waitFor(
      () =>
        h.world.telegram.messages(chat(agency)).find((m) => m.photo && m.replyToMessageId === card.messageId),
      "the photo under the card",
    );
    expect(photo.photo?.fileId).toBe(sentPhoto);
    expect(photo.caption).toContain(ticket.id);
  }, 30_000);

  it("gets each status message once, and only the reporter's 'Belum beres' reopens", async () => {
    const ticket = await report(RINI, { text: "Tolong jalan rusak parah di Jl. Pagarsih" });
    const agency = ticket.agency ?? "";
    const staff = h.world.telegram.chats().find((c) => c.id === chat(agency))?.members[0];
    if (!staff) throw new Error("no staff");
    const card = await cardOf(agency, ticket.id);

    await h.world.telegram.press({
      chatId: chat(agency),
      messageId: card.messageId,
      userId: staff.id,
      button: "Ambil",
    });
    await waitFor(() => saidWith(RINI.id, `${ticket.id} sedang ditangani oleh`)[0], "the claimed notice");
    // The same notice asked for again (a retried or re-driven job) is not sent again.
    await h.aduan.queues.telegram.add(
      "citizen",
      { kind: "citizen", ticketId: ticket.id, notice: "claimed", round: 1 },
      { jobId: `again-${ticket.id}` },
    );

    await h.world.telegram.press({
      chatId: chat(agency),
      messageId: card.messageId,
      userId: staff.id,
      button: "Selesai",
    });
    await h.world.telegram.press({
      chatId: chat(agency),
      messageId: card.messageId,
      userId: staff.id,
      button: "Selesai tanpa catatan",
    });
    const resolved = await waitFor(
      () => saidWith(RINI.id, `${ticket.id} selesai ditangani`)[0],
      "the resolved notice",
    );
    expect(resolved.replyKeyboard).toEqual([[{ text: "Sudah beres" }, { text: "Belum beres" }]]);
    await waitFor(
      async () => (await h.aduan.store.get(ticket.id))?.replies["resolved"],
      "the resolved notice recorded",
    );

    // Someone else's "belum" is no feedback on Rini's ticket.
    h.world.telegram.sendUserMessage({ chatId: TONO.id, userId: TONO.id, text: "Belum beres" });
    await waitFor(() => saidWith(TONO.id, "Tidak ada laporan Anda")[0], "Tono's answer");
    expect((await h.aduan.store.get(ticket.id))?.status).toBe("resolved");

    h.world.telegram.sendUserMessage({ chatId: RINI.id, userId: RINI.id, text: "Belum beres" });
    await waitFor(() => saidWith(RINI.id, `${ticket.id} kami buka kembali`)[0], "the reopen answer");
    const reopened = await waitFor(async () => {
      const t = await h.aduan.store.get(ticket.id);
      return t?.status === "dispatched" ? t : undefined;
    }, "the reopened ticket");
    expect(reopened.history.some((e) => e.type === "feedback" && e.to === "not_fixed")).toBe(true);
    await waitFor(
      () =>
        h.world.telegram
          .messages(chat(agency))
          .filter(
            (m) => (m.text ?? "").includes(ticket.id) && m.buttons.length > 0 && m.messageId > card.messageId,
          )[0],
      "the reopened card",
    );

    await pause(1_000);
    expect(saidWith(RINI.id, "sedang ditangani")).toHaveLength(1);
    expect(saidWith(RINI.id, "selesai ditangani")).toHaveLength(1);
    expect(saidWith(RINI.id, "Laporan Anda kami terima")).toHaveLength(1);
    // Told once, by the answer to the button: no second "dibuka kembali" from the card's job.
    expect(saidWith(RINI.id, "buka kembali")).toHaveLength(1);
  }, 45_000);

  it("/status shows a report to its reporter only, /laporanku lists the open ones", async () => {
    const ticket = await report(TONO, { text: "sampah menumpuk di pinggir jalan, bau sekali" }, [
      { location: { latitude: -6.94, longitude: 107.63 } },
    ]);
    await waitFor(() => saidWith(TONO.id, `${ticket.id}. Diteruskan`)[0], "Tono's received notice");
    h.world.telegram.sendUserMessage({ chatId: TONO.id, userId: TONO.id, text: `/status ${ticket.id}` });
    await waitFor(() => saidWith(TONO.id, `${ticket.id}: diteruskan (DLH)`)[0], "Tono's status");
    h.world.telegram.sendUserMessage({ chatId: ENDANG.id, userId: ENDANG.id, text: `/status ${ticket.id}` });
    await waitFor(() => saidWith(ENDANG.id, "tidak ditemukan di antara laporan Anda")[0], "Endang's refusal");
    h.world.telegram.sendUserMessage({ chatId: TONO.id, userId: TONO.id, text: "/laporanku" });
    const list = await waitFor(() => saidWith(TONO.id, "masih terbuka (1)")[0], "Tono's list");
    expect(list.text).toContain(ticket.id);
  }, 30_000);

  it("/hapus removes the citizen's personal data from their tickets; the tickets stay", async () => {
    const ticket = await report(ENDANG, { text: "Jalan berlubang besar di Jl. Pagarsih", photo: {} }, [
      { contact: { phone_number: "+6281234567890", user_id: ENDANG.id } },
    ]);
    expect(ticket.citizen).toMatchObject({
      user_id: ENDANG.id,
      first_name: "Endang",
      phone: "+6281234567890",
    });
    expect(ticket.citizen?.photos).toHaveLength(1);
    const named = await cardOf(ticket.agency ?? "", ticket.id);
    expect(named.text).toContain("Pelapor: Endang");
    h.world.telegram.sendUserMessage({ chatId: ENDANG.id, userId: ENDANG.id, text: "/hapus" });
    await waitFor(
      () => saidWith(ENDANG.id, "Data pribadi Anda dihapus dari 1 laporan")[0],
      "the /hapus answer",
    );
    const erased = await h.aduan.store.get(ticket.id);
    expect(erased?.citizen).toEqual({ erased_at: expect.any(String) });
    const json = JSON.stringify(erased);
    for (const personal of [
      "Endang",
      String(ENDANG.id),
      "6281234567890",
      ticket.citizen?.photos?.[0] ?? "?",
    ]) {
      expect(json).not.toContain(personal);
    }
    expect(erased?.tweet.text).toContain("Jalan berlubang");
    const card = await waitFor(
      () =>
        h.world.telegram
          .messages(chat(erased?.agency ?? ""))
          .find((m) => (m.text ?? "").includes(ticket.id) && (m.text ?? "").includes("data pelapor dihapus")),
      "the card without the name",
    );
    expect(card.text).not.toContain("Endang");
    h.world.telegram.sendUserMessage({ chatId: ENDANG.id, userId: ENDANG.id, text: `/status ${ticket.id}` });
    await waitFor(() => saidWith(ENDANG.id, "tidak ditemukan")[0], "no status after /hapus");
  }, 30_000);

  it("one citizen's flood is limited: one 'wait' answer, no more than one report", async () => {
    for (let i = 0; i < 40; i++) {
      h.world.telegram.sendUserMessage({ chatId: YAYAT.id, userId: YAYAT.id, text: `spam ${i} jalan rusak` });
    }
    for (let i = 0; i < 10; i++) {
      h.world.telegram.sendUserMessage({ chatId: YAYAT.id, userId: YAYAT.id, text: "Kirim laporan" });
    }
    await waitFor(() => saidWith(YAYAT.id, "terlalu banyak")[0], "the rate-limit answer");
    await pause(1_500);
    expect(saidWith(YAYAT.id, "terlalu banyak")).toHaveLength(1);
    // 12 messages a minute are read: the first started a report, the rest of the flood is dropped.
    expect(said(YAYAT.id).length).toBeLessThanOrEqual(3);
    const open = await h.aduan.store.listOpen({ limit: 1000 });
    expect(open.filter((t) => t.citizen?.user_id === YAYAT.id)).toHaveLength(0);
  }, 30_000);

  it("abusive words go to the moderation group, never to an agency's, and the citizen hears of the city's desk", async () => {
    const ticket = await report(KASAR, {
      text: "anjing kamu semua pejabat goblok, jalan di Jl. Pagarsih rusak",
    });
    expect(ticket.triage.abusive).toBe(true);
    const moderation = chat(h.aduan.settings.moderationAgency);
    await waitFor(
      () => h.world.telegram.messages(moderation).find((m) => (m.text ?? "").includes(ticket.id)),
      "the moderation card",
    );
    for (const [agency, id] of Object.entries(h.world.chatIds)) {
      if (id === moderation) continue;
      expect(
        h.world.telegram.messages(id).some((m) => (m.text ?? "").includes(ticket.id)),
        agency,
      ).toBe(false);
    }
    await waitFor(() => saidWith(KASAR.id, "meja triase kota")[0], "the desk notice");
  }, 30_000);

  it("a citizen on the block list gets one polite refusal and no report", async () => {
    const { Redis } = await import("ioredis");
    const redis = new Redis("redis://127.0.0.1:6379");
    await redis.sadd(`${h.prefix}:citizen:blocked`, String(DIBLOKIR.id));
    redis.disconnect();
    for (const text of ["jalan rusak di Jl. Pagarsih", "Kirim laporan", "halo?"]) {
      h.world.telegram.sendUserMessage({ chatId: DIBLOKIR.id, userId: DIBLOKIR.id, text });
    }
    await waitFor(() => saidWith(DIBLOKIR.id, "tidak dapat menerima laporan")[0], "the refusal");
    await pause(800);
    expect(said(DIBLOKIR.id)).toHaveLength(1);
  }, 30_000);

  it("a citizen who blocked the bot: the status message is dropped once, recorded, never retried", async () => {
    const reported = await report(ASEP, { text: "Lampu jalan mati total di Jl. Cihampelas" });
    const ticket = await waitFor(async () => {
      const t = await h.aduan.store.get(reported.id);
      return t?.status === "dispatched" ? t : undefined;
    }, "Asep's report dispatched");
    await waitFor(() => saidWith(ASEP.id, ticket.id)[0], "the received notice");
    h.world.telegram.setBotStatus(ASEP.id, "kicked");
    const agency = ticket.agency ?? "";
    const staff = h.world.telegram.chats().find((c) => c.id === chat(agency))?.members[0];
    const card = await cardOf(agency, ticket.id);
    await h.world.telegram.press({
      chatId: chat(agency),
      messageId: card.messageId,
      userId: staff?.id ?? 0,
      button: "Ambil",
    });
    const effect = await waitFor(
      () => h.aduan.store.getEffect(`citizen:${ticket.id}:claimed:1`),
      "the claimed notice's record",
    );
    await waitFor(
      async () => (await h.aduan.store.getEffect(`citizen:${ticket.id}:claimed:1`))?.state === "done",
      "done",
    );
    expect((await h.aduan.store.getEffect(`citizen:${ticket.id}:claimed:1`))?.result).toBe("blocked");
    expect(effect.attempts).toBe(1);
    const after = await h.aduan.store.get(ticket.id);
    expect(after?.status).toBe("claimed");
    // Visible, not alarming: one history entry, the card says so, nothing parked.
    expect(after?.history.filter((e) => e.type === "citizen_blocked")).toEqual([
      expect.objectContaining({ actor: "system", to: "claimed" }),
    ]);
    await waitFor(
      () =>
        h.world.telegram
          .messages(chat(agency))
          .find((m) => (m.text ?? "").includes(ticket.id) && (m.text ?? "").includes("warga memblokir bot")),
      "the card saying the citizen blocked the bot",
    );
    expect(await h.aduan.parked.list()).toEqual([]);
  }, 30_000);

  it("a tweet about the same flooded street joins the Telegram report's incident: one card, both channels", async () => {
    const reported = await report(DEDE, { text: "Saluran air mampet, banjir di Jl. Braga" });
    const first = await waitFor(async () => {
      const t = await h.aduan.store.get(reported.id);
      return t?.status === "dispatched" ? t : undefined;
    }, "the Telegram report dispatched");
    const tweet = h.world.x.addTweet({
      text: "@PemkotBandung banjir lagi di jl braga, saluran air mampet",
      author: { username: "warga_braga" },
    });
    await h.aduan.pollNow();
    const second = await waitFor(async () => {
      const t = await h.aduan.store.getByTweetId(tweet.id);
      return t?.status === "merged" || t?.status === "dispatched" ? t : undefined;
    }, "the tweet's ticket");
    expect(second.status).toBe("merged");
    expect(second.history.findLast((e) => e.type === "merged")?.to).toBe(first.id);
    const card = await waitFor(
      () =>
        h.world.telegram
          .messages(chat(first.agency ?? ""))
          .find((m) => (m.text ?? "").includes(first.id) && (m.text ?? "").includes(second.id)),
      "the one card naming both reports",
    );
    expect(card.text).toContain("via Telegram");
  }, 30_000);
});
