/**
 * Every piece of text staff see in Telegram, in Bahasa Indonesia (the default) and English.
 * `UiStrings` is the contract: a dictionary missing a key, or with a different parameter list,
 * does not compile. Values are plain text (no HTML); functions receive values the caller has
 * already escaped for the place they go, so dictionary text must not contain `<`, `>` or `&`.
 */

import type { ReportKind } from "../triage/types.js";

export type Lang = "id" | "en";

/** Texts of staff commands and notices beyond the card (same rules: plain text). */
export interface StaffStrings {
  /** Appended to a resolution note sent as a photo caption (or standing in for a missing caption). */
  photoAttached: string;
  rateLimited: string;
  /** The one answer per window to someone in none of the configured groups who writes privately. */
  strangerNotice: string;
  /**
   * The same answer when citizens have a bot of their own (`TELEGRAM_CITIZEN_BOT_TOKEN`): it names
   * that bot (`@username`, a link in Telegram), or describes it when its name is not known yet.
   */
  strangerToCitizenBot: (username: string | undefined) => string;
  /** Compact ages for `/antrian`. */
  age: { minutes: (n: number) => string; hours: (n: number) => string; days: (n: number) => string };
  /** The answer to a duplicate prompt carried no ticket id. */
  duplicateNeedsId: string;
  /** Told to the triage group when the bot is added to a group no agency owns. */
  unknownGroup: (title: string, chatId: number, left: boolean) => string;
  /** Told to the triage group when an agency group became a supergroup (its chat id changed). */
  groupMigrated: (group: string, oldId: number, newId: number) => string;
  /** Something went wrong on our side while handling a press. */
  failed: string;
}

/** Texts of SLA reminders, breach alerts and the supervisors' daily messages (same rules: plain text). */
export interface SlaStrings {
  clock: { first_response: string; resolution: string };
  /** A length of time, largest units first: "2 hari 3 jam", "45 menit". */
  duration: (days: number, hours: number, minutes: number) => string;
  /** To the agency group at the reminder share of a target. */
  reminder: (ticketId: string, clock: string, left: string, due: string) => string;
  reminderAsk: { first_response: string; resolution: string };
  /** To the supervisors' group when a clock passes its deadline. */
  breach: (ticketId: string, clock: string) => string;
  age: (age: string) => string;
  overdueBy: (duration: string) => string;
  /** `duration` in words ("15 menit", "16 jam"), see `formatHours`. */
  target: (duration: string, workingHours: boolean) => string;
  owner: (agency: string, assignee: string | null) => string;
  card: string;
  /** The daily list of open breaches. */
  summaryHeader: (count: number, at: string) => string;
  summaryNone: (at: string) => string;
  overdueLine: (
    ticketId: string,
    agency: string,
    assignee: string | null,
    overdueBy: string,
    clock: string,
  ) => string;
  more: (n: number) => string;
  digestTitle: (date: string) => string;
  digestOverdue: (count: number) => string;
  digestNoOverdue: string;
  xSpend: (
    month: string,
    reads: number,
    posts: number,
    costUsd: number,
    budgetUsd: number,
    percent: number,
  ) => string;
  xWarning: (percent: number) => string;
  /** The once-a-month message when the X spend reaches the warning share of the budget. */
  xBudgetAlert: (month: string, costUsd: number, budgetUsd: number, percent: number) => string;
  missingHolidays: (years: string) => string;
  chart: {
    title: string;
    subtitle: (range: string) => string;
    hours: string;
    agency: string;
    p50: string;
    p90: string;
    target: string;
    caption: (range: string) => string;
    noData: (range: string) => string;
  };
}

export interface UiStrings {
  /** Month abbreviations, January first, for "28 Nov 2026 14.05 WIB". */
  months: readonly [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  /** Separator between hours and minutes: Indonesian writes 14.05, English 14:05. */
  timeSeparator: string;
  card: {
    urgent: string;
    triageHeader: string;
    moderationHeader: string;
    moderationNoReply: string;
    suggestion: (agency: string, percent: number) => string;
    noSuggestion: string;
    /** Word labels of the card's fields (an emoji before them is decoration only). */
    reporter: string;
    location: string;
    reason: string;
    link: string;
    received: string;
    /** Where the report came from: "via X", "via Telegram". */
    via: { x: string; telegram: string };
    /** The map link of a Telegram pin, the photos under the card, a reporter who erased their data. */
    map: string;
    photos: (n: number) => string;
    reporterErased: string;
    /** After the reporter line when the citizen blocked the bot (their status messages stop). */
    citizenBlocked: string;
    truncated: string;
    /** Who closed the ticket and when (`by` null when unknown, e.g. older tickets). */
    resolvedBy: (by: string | null, at: string) => string;
    rejectedBy: (by: string | null, at: string) => string;
    /** The old card of a reopened ticket, once the new card is posted below it. */
    retired: (ticketId: string) => string;
    /** Later reports of the same incident merged into this ticket. */
    alsoReported: (count: number, ids: string) => string;
    /** Head line of the card of a ticket the citizen reopened. */
    reopened: string;
    /** Why it was reopened (the citizen's words, already escaped). */
    reopenedWhy: (reason: string) => string;
  };
  location: {
    text: string;
    coordinates: string;
    place: string;
    profile: string;
    unknown: string;
  };
  status: {
    new: string;
    dispatched: string;
    claimed: (name: string) => string;
    resolved: string;
    resolvedWithNote: (note: string) => string;
    rejected: (reason: string) => string;
    merged: (ticketId: string) => string;
    redirected: (agency: string) => string;
    notComplaint: string;
    /** On the old card of a reassigned ticket. */
    movedTo: (agency: string) => string;
    /** On the triage or moderation card once a ticket was routed by hand. */
    routedTo: (agency: string) => string;
  };
  rejectReason: { bukan_aduan: string; spam: string; duplikat: string; kasar: string };
  button: {
    claim: string;
    reassign: string;
    resolve: string;
    reject: string;
    cancel: string;
    resolveWithoutNote: string;
    route: string;
    rejectAbusive: string;
    /** A one-tap route on the triage desk card: "→ Dishub". */
    routeTo: (agency: string) => string;
    /** The desk card's one-tap reject as not a report. */
    notAReport: string;
    /** Opens the full agency menu on the desk card. */
    more: string;
    /** Under a note sent as a plain message: publish it as the resolution note. */
    sendNote: string;
    /** Jenis: opens the report kinds, to change the one triage gave. */
    kind: string;
    /** The kinds in that menu, short enough for half a phone's width. */
    kindChoice: Record<ReportKind, string>;
  };
  /** The report's kind as the card shows it. */
  reportKind: Record<ReportKind, string>;
  prompt: {
    resolveNote: (ticketId: string) => string;
    duplicateOf: (ticketId: string) => string;
  };
  answer: {
    claimed: (ticketId: string) => string;
    resolved: (ticketId: string) => string;
    /** The note was shortened to fit the reply on X: `reply` is what the citizen gets. */
    noteShortened: (ticketId: string, reply: string) => string;
    rejected: (ticketId: string) => string;
    reassigned: (ticketId: string, agency: string) => string;
    /** A ticket routed by hand from the triage or moderation card (the card then says "Diteruskan ke"). */
    routed: (ticketId: string, agency: string) => string;
    /** Jenis: the report kind was changed (`kind`: its label as the card shows it). */
    kindChanged: (ticketId: string, kind: string) => string;
    notMember: string;
    alreadyClaimed: (name: string) => string;
    refusedStatus: (status: string) => string;
    /** A second copy of a card (a send that ended in doubt was repeated): it is removed. */
    duplicateCard: (ticketId: string) => string;
    /** An older copy of a card that is not known to be a doubtful re-send: left in place. */
    notCurrentCard: (ticketId: string) => string;
    moved: (agency: string) => string;
    notFound: (ticketId: string) => string;
    /** `/tiket` of a ticket that does not exist or that the asker may not see: one answer for both. */
    ticketUnavailable: (ticketId: string) => string;
    /** Someone other than the presser answered a prompt (or pressed their note's buttons). */
    promptNotYours: string;
    /** A note sent as a plain message is held: asks its writer to confirm (nothing sent yet). */
    confirmNote: (ticketId: string) => string;
    /** What the citizen gets on X with this note: the rendered reply, word for word. */
    citizenGets: (reply: string) => string;
    /** No reply goes to X (replies off, or the citizen is not replied to): the note the card shows. */
    noteOnCard: (note: string) => string;
    /** The held note was confirmed: the ticket is resolved with it. */
    noteSent: (ticketId: string) => string;
    /** "Batal" under a held note: nothing was sent, the prompt is still open. */
    noteCancelled: string;
    /** A held note's buttons pressed after its window closed. */
    noteExpired: string;
    /** "Kirim" or "Batal" pressed again after the note was sent. */
    noteAlreadySent: string;
    /** The resolve was refused when the note was confirmed (`why`: the refusal, already a sentence). */
    noteNotSent: (why: string) => string;
    invalidButton: string;
    queueEmpty: string;
    queueHeader: (count: number) => string;
    /** Under `/antrian` when it lists fewer than there are. */
    queueMore: (count: number) => string;
  };
  command: {
    start: string;
    help: string;
    tiket: string;
    /** `/pisahkan ADU-…`: a report merged into an incident by mistake becomes a ticket of its own. */
    pisahkan: string;
    unmerged: (ticketId: string, originalId: string) => string;
    /**
     * `/jadikanaduan ADU-…`: a tweet triage kept as "not a report" is one after all; it goes to the
     * triage desk as a card. For the triage group and the supervisors.
     */
    jadikanaduan: string;
    /** The report is back: its card is on its way to the triage desk. */
    restored: (ticketId: string) => string;
    /** Asked by someone outside the triage group and the supervisors, or in another group. */
    restoreNotAllowed: string;
    /** The ticket is not one triage kept as "not a report" (`status`: its status as the card says it). */
    restoreNotKept: (ticketId: string, status: string) => string;
    antrian: string;
    helpText: string;
    /** A command the bot does not know. */
    unknown: (name: string) => string;
    /** `/dasbor`: a one-time login link to the web dashboard. */
    dasbor: string;
  };
  /** Answers of `/dasbor`. */
  dashboard: {
    /** The link (already an HTML anchor) in a private chat. */
    link: (anchorHtml: string) => string;
    anchor: string;
    /** Asked in a group: links are personal, so only in a private chat. */
    privateOnly: (botUsername: string | undefined) => string;
    /** The process has no dashboard configured. */
    unavailable: string;
  };
  /** `/help`, per chat (plain text lines). */
  help: {
    titleAgency: (agency: string) => string;
    titleSupervisors: string;
    titlePrivate: string;
    cardButtons: string;
    routingButtons: string;
    noteHow: string;
    supervisorsGroup: string;
    privateSupervisor: string;
    privateStaff: string;
    notOurGroup: string;
    commands: string;
    /** `/antrian` in the supervisors' group. */
    antrianAll: string;
    /** After the supervisors' commands in an agency group: they show that group's figures only. */
    ownFigures: string;
  };
  staff: StaffStrings;
  supervisor: SupervisorStrings;
  sla: SlaStrings;
}

/** Why a period was not understood (codes of `parseReportPeriod`). */
export type PeriodProblem = "unknown" | "bad_date" | "reversed" | "too_long" | "future";

/** Texts of the supervisors' commands `/statistik`, `/terlambat`, `/laporan` (plain text). */
export interface SupervisorStrings {
  /** Command descriptions for setMyCommands. */
  statistik: string;
  terlambat: string;
  laporan: string;
  macet: string;
  /** The period was not understood; `forms` lists the accepted ones. */
  badPeriod: (problem: PeriodProblem, input: string, forms: string) => string;
  /** Title above the table: `Statistik Dishub` / `Statistik semua dinas`. */
  title: (scope: string) => string;
  allAgencies: string;
  overdueHeader: (count: number) => string;
  overdueNone: string;
  overdueMore: (count: number) => string;
  unassigned: string;
  /** Which clock ran out: not claimed in time, not resolved in time. */
  overdueFirstResponse: string;
  overdueResolution: string;
  reportCaption: (period: string, scope: string) => string;
  /** The command was sent somewhere other than an agency group, the supervisors' group or a supervisor's private chat. */
  notHere: string;
  /** The bot was started without the SLA policy (reports cannot be computed). */
  unavailable: string;
  /** `/statistik` as narrow blocks, one per agency (see `formatReportBlocks`). */
  stats: StatsStrings;
  /** `/digest`: its description, and what the bot says when the digest cannot be drawn here. */
  digest: string;
  digestUnavailable: string;
  /** `/digest` in an agency group: it covers every agency. */
  digestSupervisorsOnly: string;
}

/** The words of `/statistik` and the digest's figures: lines short enough for a phone (about 34 characters). */
export interface StatsStrings {
  period: (label: string) => string;
  /** Times are working time: said once, under the period. */
  workingTime: string;
  empty: string;
  total: string;
  received: (n: number) => string;
  /** How many of those came in on each channel: two parts of one short line (wrapped on a phone). */
  byChannel: (x: number, telegram: number) => [string, string];
  resolved: (n: number) => string;
  rejected: (n: number) => string;
  open: (n: number) => string;
  /** Open tickets waiting 7 working days or more. */
  openOver7: (n: number) => string;
  firstResponse: string;
  resolution: string;
  median: (duration: string) => string;
  /** The p90 in words: "9 dari 10 dalam 6 jam". */
  p90: (duration: string) => string;
  onTime: (percent: number, met: number, total: number) => string;
  reopened: (n: number, resolved: number) => string;
  slowestHeader: string;
  /** `workingDays` null: under one working day. */
  slowestAge: (workingDays: string | null, overdue: boolean) => string;
}

const idNumber = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });
const enNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const usdId = (n: number) =>
  `US$${new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)}`;
const usdEn = (n: number) =>
  `US$${new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)}`;
const parts = (pairs: [number, string][]) =>
  pairs
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(" ");

const SLA_ID: SlaStrings = {
  clock: { first_response: "respons pertama", resolution: "penyelesaian" },
  duration: (d, h, m) =>
    d + h + m === 0
      ? "0 menit"
      : parts([
          [d, "hari"],
          [h, "jam"],
          [m, "menit"],
        ]),
  reminder: (ticketId, clock, left, due) => `⏰ ${ticketId}: batas ${clock} tinggal ${left} lagi (${due}).`,
  reminderAsk: { first_response: "Mohon segera diambil.", resolution: "Mohon segera diselesaikan." },
  breach: (ticketId, clock) => `🔴 ${ticketId} melewati batas ${clock}`,
  age: (age) => `Umur: ${age}`,
  overdueBy: (d) => `Terlambat: ${d}`,
  target: (d, working) => `Target: ${d}${working ? " (jam kerja)" : ""}`,
  owner: (agency, assignee) => `Pemilik: ${agency} · ${assignee ?? "belum diambil"}`,
  card: "Kartu",
  summaryHeader: (count, at) => `🔴 Tiket terlambat per ${at}: ${count}`,
  summaryNone: (at) => `✅ Tidak ada tiket terlambat per ${at}.`,
  overdueLine: (ticketId, agency, assignee, overdueBy, clock) =>
    `${ticketId} · ${agency} · ${assignee ?? "belum diambil"} · ${clock} terlambat ${overdueBy}`,
  more: (n) => `… dan ${n} lainnya`,
  digestTitle: (date) => `📊 Ringkasan harian Aduan: ${date}`,
  digestOverdue: (count) => `Terlambat sekarang: ${count}`,
  digestNoOverdue: "Tidak ada tiket terlambat. ✅",
  xSpend: (month, reads, posts, cost, budget, percent) =>
    `X bulan ${month}: ${idNumber.format(reads)} tweet dibaca, ${idNumber.format(posts)} dikirim ≈ ${usdId(cost)} dari anggaran ${usdId(budget)} (${percent}%)`,
  xWarning: (percent) => `⚠️ Biaya X sudah ${percent}% dari anggaran bulan ini.`,
  xBudgetAlert: (month, cost, budget, percent) =>
    `⚠️ Biaya X bulan ${month} sudah ${usdId(cost)}, ${percent}% dari anggaran ${usdId(budget)}. Periksa pencarian dan frekuensi polling sebelum anggaran habis.`,
  missingHolidays: (years) =>
    `⚠️ Belum ada daftar hari libur untuk ${years}: hari libur dan cuti bersama dihitung sebagai hari kerja sampai daftarnya ditambahkan.`,
  chart: {
    title: "Waktu penyelesaian per dinas",
    subtitle: (range) => `Jam kerja, tiket selesai ${range}`,
    hours: "Jam kerja",
    agency: "Dinas",
    p50: "p50 (median)",
    p90: "p90",
    target: "Target SLA",
    caption: (range) =>
      `Waktu penyelesaian per dinas, ${range}: batang p50 dan p90, garis merah = target SLA.`,
    noData: (range) => `Belum ada tiket selesai ${range}: grafik tidak dibuat.`,
  },
};

const SLA_EN: SlaStrings = {
  clock: { first_response: "first response", resolution: "resolution" },
  duration: (d, h, m) =>
    d + h + m === 0
      ? "0 minutes"
      : parts([
          [d, d === 1 ? "day" : "days"],
          [h, "h"],
          [m, "min"],
        ]),
  reminder: (ticketId, clock, left, due) =>
    `⏰ ${ticketId}: ${left} left until the ${clock} deadline (${due}).`,
  reminderAsk: { first_response: "Please claim it soon.", resolution: "Please resolve it soon." },
  breach: (ticketId, clock) => `🔴 ${ticketId} missed its ${clock} deadline`,
  age: (age) => `Age: ${age}`,
  overdueBy: (d) => `Overdue by: ${d}`,
  target: (d, working) => `Target: ${d}${working ? " (working hours)" : ""}`,
  owner: (agency, assignee) => `Owner: ${agency} · ${assignee ?? "not claimed"}`,
  card: "Card",
  summaryHeader: (count, at) => `🔴 Overdue tickets as of ${at}: ${count}`,
  summaryNone: (at) => `✅ No overdue tickets as of ${at}.`,
  overdueLine: (ticketId, agency, assignee, overdueBy, clock) =>
    `${ticketId} · ${agency} · ${assignee ?? "not claimed"} · ${clock} overdue by ${overdueBy}`,
  more: (n) => `… and ${n} more`,
  digestTitle: (date) => `📊 Aduan daily digest: ${date}`,
  digestOverdue: (count) => `Overdue now: ${count}`,
  digestNoOverdue: "No overdue tickets. ✅",
  xSpend: (month, reads, posts, cost, budget, percent) =>
    `X in ${month}: ${enNumber.format(reads)} posts read, ${enNumber.format(posts)} posted ≈ ${usdEn(cost)} of the ${usdEn(budget)} budget (${percent}%)`,
  xWarning: (percent) => `⚠️ X spend is at ${percent}% of this month's budget.`,
  xBudgetAlert: (month, cost, budget, percent) =>
    `⚠️ X spend for ${month} is ${usdEn(cost)}, ${percent}% of the ${usdEn(budget)} budget. Check the searches and the polling interval before it runs out.`,
  missingHolidays: (years) =>
    `⚠️ No holiday list for ${years}: public holidays and cuti bersama count as working days until it is added.`,
  chart: {
    title: "Resolution time per agency",
    subtitle: (range) => `Working hours, tickets resolved ${range}`,
    hours: "Working hours",
    agency: "Agency",
    p50: "p50 (median)",
    p90: "p90",
    target: "SLA target",
    caption: (range) => `Resolution time per agency, ${range}: p50 and p90 bars, red line = SLA target.`,
    noData: (range) => `No tickets resolved ${range}: no chart.`,
  },
};

export const UI_ID: UiStrings = {
  months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  timeSeparator: ".",
  card: {
    urgent: "🚨 MENDESAK",
    triageHeader: "Perlu dipilah: pilih dinas yang tepat",
    moderationHeader: "⚠️ Moderasi: tweet bernada kasar",
    moderationNoReply: "Tidak ada balasan otomatis untuk tweet ini.",
    suggestion: (agency, percent) => `Usulan dinas: ${agency} (${percent}%)`,
    noSuggestion: "Usulan dinas: tidak ada",
    reporter: "Pelapor",
    location: "Lokasi",
    reason: "Alasan",
    link: "Lihat tweet",
    received: "Diterima",
    via: { x: "via X", telegram: "via Telegram" },
    map: "Lihat peta",
    photos: (n) => `Foto: ${n} (di bawah kartu)`,
    reporterErased: "(data pelapor dihapus atas permintaannya)",
    citizenBlocked: "warga memblokir bot",
    truncated: "(dipotong)",
    resolvedBy: (by, at) => (by ? `Diselesaikan oleh ${by}, ${at}` : `Diselesaikan ${at}`),
    rejectedBy: (by, at) => (by ? `Ditolak oleh ${by}, ${at}` : `Ditolak ${at}`),
    retired: (ticketId) => `${ticketId} dibuka kembali oleh warga: kartu aktifnya ada di bawah.`,
    alsoReported: (count, ids) => `Laporan serupa: ${count} (${ids})`,
    reopened: "🔁 DIBUKA KEMBALI",
    reopenedWhy: (reason) => `Kata warga: ${reason}`,
  },
  location: {
    text: "dari teks",
    coordinates: "dari koordinat",
    place: "dari tempat di tweet",
    profile: "dari profil, lemah",
    unknown: "tidak diketahui",
  },
  status: {
    new: "Menunggu dipilah",
    dispatched: "Menunggu diambil",
    claimed: (name) => `Ditangani oleh ${name}`,
    resolved: "Selesai",
    resolvedWithNote: (note) => `Selesai: ${note}`,
    rejected: (reason) => `Ditolak: ${reason}`,
    merged: (ticketId) => `Digabung ke ${ticketId}`,
    redirected: (agency) => `Dialihkan ke ${agency}`,
    notComplaint: "Bukan aduan",
    movedTo: (agency) => `Dialihkan ke ${agency}`,
    routedTo: (agency) => `Diteruskan ke ${agency}`,
  },
  rejectReason: { bukan_aduan: "Bukan aduan", spam: "Spam", duplikat: "Duplikat", kasar: "Kasar" },
  button: {
    claim: "Ambil",
    reassign: "Alihkan",
    resolve: "Selesai",
    reject: "Tolak",
    cancel: "Batal",
    resolveWithoutNote: "Selesai tanpa catatan",
    route: "Teruskan ke dinas",
    rejectAbusive: "Tolak (kasar)",
    routeTo: (agency) => `→ ${agency}`,
    notAReport: "Bukan aduan",
    more: "Lainnya…",
    sendNote: "Kirim sebagai catatan",
    kind: "Jenis",
    kindChoice: { keluhan: "Keluhan", permintaan: "Permintaan", pertanyaan: "Pertanyaan", saran: "Saran" },
  },
  reportKind: {
    keluhan: "Keluhan",
    permintaan: "Permintaan layanan",
    pertanyaan: "Pertanyaan",
    saran: "Saran",
  },
  prompt: {
    resolveNote: (ticketId) =>
      `balas pesan ini dengan catatan penyelesaian ${ticketId} (singkat, boleh dengan foto); catatan ini dikirim ke warga di X. Pesan biasa Anda di grup ini dalam 5 menit juga bisa dipakai, setelah Anda konfirmasi.`,
    duplicateOf: (ticketId) =>
      `balas pesan ini dengan nomor tiket asli yang diduplikasi ${ticketId}, mis. ADU-000123.`,
  },
  answer: {
    claimed: (ticketId) => `Anda mengambil ${ticketId}.`,
    resolved: (ticketId) => `Anda menyelesaikan ${ticketId}.`,
    noteShortened: (ticketId, reply) =>
      `Anda menyelesaikan ${ticketId}. Catatannya terlalu panjang untuk X dan dipendekkan; warga menerima: "${reply}"`,
    rejected: (ticketId) => `Anda menolak ${ticketId}.`,
    reassigned: (ticketId, agency) => `${ticketId} dialihkan ke ${agency}.`,
    routed: (ticketId, agency) => `${ticketId} diteruskan ke ${agency}.`,
    kindChanged: (ticketId, kind) => `Jenis ${ticketId} sekarang ${kind}.`,
    notMember: "Maaf, hanya anggota grup dinas pemilik tiket atau supervisor yang dapat melakukan ini.",
    alreadyClaimed: (name) => `Tiket ini sudah diambil oleh ${name}.`,
    duplicateCard: (ticketId) =>
      `Kartu ini salinan ganda ${ticketId} dan sudah dihapus; pakai kartu yang lain.`,
    refusedStatus: (status) => `Tidak bisa: status tiket sekarang ${status}.`,
    moved: (agency) => `Tiket ini sudah dialihkan ke ${agency}.`,
    notFound: (ticketId) => `Tiket ${ticketId} tidak ditemukan.`,
    notCurrentCard: (ticketId) => `Kartu ini bukan kartu aktif ${ticketId}; pakai kartu yang terbaru.`,
    ticketUnavailable: (ticketId) =>
      `Tiket ${ticketId} tidak ditemukan, atau hanya dapat dilihat anggota grup pemiliknya dan supervisor.`,
    promptNotYours: "Pertanyaan ini untuk staf yang menekan tombolnya; jawaban Anda tidak dipakai.",
    confirmNote: (ticketId) =>
      `Pakai pesan ini sebagai catatan penyelesaian ${ticketId}? Belum ada yang dikirim; tiket baru selesai setelah Anda tekan "Kirim sebagai catatan".`,
    citizenGets: (reply) => `Warga menerima di X: "${reply}"`,
    noteOnCard: (note) => `Catatan di kartu: "${note}" (tidak ada balasan ke warga di X).`,
    noteSent: (ticketId) => `Terkirim: Anda menyelesaikan ${ticketId} dengan catatan ini.`,
    noteCancelled:
      "Dibatalkan: tidak ada yang dikirim. Anda masih bisa membalas (reply) pesan permintaan catatan.",
    noteExpired:
      "Konfirmasi ini sudah kedaluwarsa; tidak ada yang dikirim. Balas (reply) pesan permintaan catatan untuk mengirim catatan.",
    noteAlreadySent: "Catatan ini sudah dikirim.",
    noteNotSent: (why) => `Tidak terkirim: ${why}`,
    invalidButton: "Tombol ini tidak berlaku di sini.",
    queueEmpty: "Tidak ada tiket terbuka. 🎉",
    queueHeader: (count) => `${count} tiket terbuka:`,
    queueMore: (count) => `…dan ${count} lagi.`,
  },
  command: {
    start: "Mulai",
    help: "Bantuan",
    tiket: "Lihat tiket, mis. /tiket ADU-000123",
    pisahkan: "Pisahkan laporan yang tergabung, mis. /pisahkan ADU-000124",
    unmerged: (ticketId, originalId) =>
      `${ticketId} dipisahkan dari ${originalId} dan dikirim sebagai tiket sendiri.`,
    jadikanaduan: "Jadikan aduan tweet yang tersimpan sebagai bukan aduan, mis. /jadikanaduan ADU-000125",
    restored: (ticketId) =>
      `${ticketId} dijadikan aduan: kartunya dikirim ke meja triase untuk dipilih dinasnya.`,
    restoreNotAllowed:
      "Maaf, hanya anggota grup triase dan supervisor yang dapat menjadikan aduan, di grup triase, grup supervisor, atau chat pribadi dengan bot.",
    restoreNotKept: (ticketId, status) =>
      `${ticketId} tidak tersimpan sebagai bukan aduan, jadi tidak diubah. Statusnya sekarang: ${status}.`,
    antrian: "Tiket terbuka grup ini",
    helpText:
      "Aduan meneruskan keluhan warga dari X ke grup ini. Tekan Ambil untuk menangani, Selesai setelah beres (dengan catatan singkat), Alihkan bila bukan urusan dinas ini, Tolak bila bukan aduan.",
    unknown: (name) => `Perintah /${name} tidak dikenal. Ketik /help untuk daftar perintah di sini.`,
    dasbor: "Tautan masuk ke dasbor web (peta, antrian, angka)",
  },
  dashboard: {
    link: (a) =>
      `${a}\nTautan ini untuk Anda saja: berlaku 15 menit dan hanya sekali pakai. Jangan diteruskan.`,
    anchor: "Buka Dasbor Aduan",
    privateOnly: (bot) =>
      `Tautan masuk dasbor bersifat pribadi. Kirim /dasbor di chat pribadi dengan bot${bot ? ` (@${bot})` : ""}.`,
    unavailable: "Dasbor web belum dipasang di layanan ini.",
  },
  help: {
    titleAgency: (agency) => `Bantuan Aduan · grup ${agency}`,
    titleSupervisors: "Bantuan Aduan · grup supervisor",
    titlePrivate: "Bantuan Aduan · chat pribadi",
    cardButtons:
      "Aduan warga dari X muncul di sini sebagai kartu. Ambil: Anda yang menangani. Selesai: setelah beres, dengan catatan singkat yang dikirim ke warga. Alihkan: bila urusan dinas lain. Tolak: bukan aduan, spam, atau duplikat.",
    routingButtons:
      'Kartu "Perlu dipilah": pilih dinas yang tepat (→ nama dinas), atau Bukan aduan; Lainnya… membuka semua dinas.',
    noteHow:
      'Catatan penyelesaian: balas (reply) pesan permintaan catatan, atau kirim saja sebagai pesan biasa dalam 5 menit setelah menekan Selesai, lalu tekan "Kirim sebagai catatan".',
    supervisorsGroup:
      "Grup ini menerima peringatan tiket yang lewat target SLA dan ringkasan harian, dan bisa melihat angka semua dinas.",
    privateSupervisor: "Anda supervisor: angka semua dinas bisa diminta di sini.",
    privateStaff:
      "Aduan bekerja di grup dinas Anda; di sini Anda bisa melihat tiket grup Anda dengan /tiket.",
    notOurGroup: "Grup ini bukan grup dinas Aduan.",
    commands: "Perintah:",
    antrianAll: "Semua tiket terbuka, dengan dinasnya",
    ownFigures: "(angka grup ini)",
  },
  staff: {
    photoAttached: "(foto terlampir)",
    rateLimited: "Terlalu banyak perintah. Coba lagi sebentar lagi, ya.",
    strangerNotice:
      "Mohon maaf, bot ini khusus untuk petugas dinas. Untuk menyampaikan aduan, silakan tulis di X dan sebut akun resmi pemerintah kota. Terima kasih.",
    strangerToCitizenBot: (username) =>
      `Mohon maaf, bot ini khusus untuk petugas dinas. Untuk menyampaikan aduan, silakan kirim pesan ke ${username ? `@${username}` : "bot aduan warga kota"}: laporan Anda langsung diteruskan ke dinas terkait dan kabarnya dikirim di sana. Terima kasih.`,
    age: { minutes: (n) => `${n} mnt`, hours: (n) => `${n} jam`, days: (n) => `${n} hr` },
    duplicateNeedsId: "Mohon balas dengan nomor tiket asli, mis. ADU-000123.",
    groupMigrated: (group, oldId, newId) =>
      `Grup ${group} menjadi supergrup: id lama ${oldId}, id baru ${newId}. Aduan sudah mengikutinya; perbarui id grup di konfigurasi (.env).`,
    unknownGroup: (title, chatId, left) =>
      `Bot ditambahkan ke grup yang bukan milik dinas mana pun: ${title} (${chatId}).${left ? " Bot sudah keluar dari grup itu." : ""}`,
    failed: "Maaf, terjadi gangguan. Coba lagi.",
  },
  supervisor: {
    statistik: "Statistik aduan, mis. /statistik minggu ini",
    terlambat: "Tiket terbuka yang lewat target SLA",
    laporan: "Laporan CSV, mis. /laporan 2026-11",
    macet: "Kartu dan balasan yang macet",
    badPeriod: (problem, input, forms) =>
      ({
        unknown: `Periode "${input}" tidak dikenal. Pakai salah satu: ${forms}.`,
        bad_date: `Tanggal "${input}" tidak ada di kalender.`,
        reversed: `Periode "${input}" berakhir sebelum dimulai.`,
        too_long: `Periode "${input}" terlalu panjang (paling lama setahun).`,
        future: `Periode "${input}" belum dimulai.`,
      })[problem],
    title: (scope) => `Statistik ${scope}`,
    allAgencies: "semua dinas",
    overdueHeader: (count) => `${count} tiket lewat target SLA (terlama dulu):`,
    overdueNone: "Tidak ada tiket yang lewat target SLA. 👍",
    overdueMore: (count) => `… dan ${count} lainnya.`,
    unassigned: "belum diambil",
    overdueFirstResponse: "respons terlambat",
    overdueResolution: "penyelesaian terlambat",
    reportCaption: (period, scope) => `Laporan aduan ${period} · ${scope}`,
    notHere: "Perintah ini hanya untuk grup dinas, grup supervisor, atau chat pribadi supervisor.",
    unavailable: "Statistik belum tersedia di bot ini (kebijakan SLA tidak dimuat).",
    stats: {
      period: (label) => `Periode: ${label}`,
      workingTime: "Waktu dihitung dalam jam kerja.",
      empty: "Belum ada aduan pada periode ini.",
      total: "Semua dinas",
      received: (n) => `Masuk ${n}`,
      byChannel: (x, telegram) => [`Masuk via X ${x}`, `via Telegram ${telegram}`],
      resolved: (n) => `selesai ${n}`,
      rejected: (n) => `ditolak ${n}`,
      open: (n) => `Terbuka ${n}`,
      openOver7: (n) => `${n} lewat 7 hari kerja`,
      firstResponse: "Respons pertama",
      resolution: "Penyelesaian",
      median: (d) => `median ${d}`,
      p90: (d) => `9 dari 10 dalam ${d}`,
      onTime: (p, met, total) => `tepat waktu ${p}% (${met} dari ${total})`,
      reopened: (n, resolved) => `Dibuka kembali ${n} dari ${resolved}`,
      slowestHeader: "Terbuka paling lama:",
      slowestAge: (days, overdue) =>
        `${days === null ? "belum 1 hari kerja" : `${days} hari kerja`}${overdue ? ", terlambat" : ""}`,
    },
    digest: "Ringkasan harian sekarang, dengan grafik",
    digestUnavailable: "Ringkasan harian belum tersedia di bot ini.",
    digestSupervisorsOnly:
      "Ringkasan harian berisi semua dinas, jadi hanya untuk grup supervisor atau chat pribadi supervisor. Di grup ini pakai /statistik.",
  },
  sla: SLA_ID,
};

export const UI_EN: UiStrings = {
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  timeSeparator: ":",
  card: {
    urgent: "🚨 URGENT",
    triageHeader: "Needs routing: choose the right agency",
    moderationHeader: "⚠️ Moderation: abusive tweet",
    moderationNoReply: "No automatic reply is sent to this tweet.",
    suggestion: (agency, percent) => `Suggested agency: ${agency} (${percent}%)`,
    noSuggestion: "Suggested agency: none",
    reporter: "Reporter",
    location: "Location",
    reason: "Why",
    link: "Open tweet",
    received: "Received",
    via: { x: "via X", telegram: "via Telegram" },
    map: "Open map",
    photos: (n) => `Photos: ${n} (below the card)`,
    reporterErased: "(reporter's data erased at their request)",
    citizenBlocked: "the citizen blocked the bot",
    truncated: "(truncated)",
    resolvedBy: (by, at) => (by ? `Resolved by ${by}, ${at}` : `Resolved ${at}`),
    rejectedBy: (by, at) => (by ? `Rejected by ${by}, ${at}` : `Rejected ${at}`),
    retired: (ticketId) => `${ticketId} was reopened by the citizen: its live card is below.`,
    alsoReported: (count, ids) => `Similar reports: ${count} (${ids})`,
    reopened: "🔁 REOPENED",
    reopenedWhy: (reason) => `The citizen says: ${reason}`,
  },
  location: {
    text: "from the text",
    coordinates: "from coordinates",
    place: "from the tweet's place",
    profile: "from the profile, weak",
    unknown: "unknown",
  },
  status: {
    new: "Waiting to be routed",
    dispatched: "Waiting to be claimed",
    claimed: (name) => `Handled by ${name}`,
    resolved: "Resolved",
    resolvedWithNote: (note) => `Resolved: ${note}`,
    rejected: (reason) => `Rejected: ${reason}`,
    merged: (ticketId) => `Merged into ${ticketId}`,
    redirected: (agency) => `Redirected to ${agency}`,
    notComplaint: "Not a complaint",
    movedTo: (agency) => `Reassigned to ${agency}`,
    routedTo: (agency) => `Routed to ${agency}`,
  },
  rejectReason: { bukan_aduan: "Not a complaint", spam: "Spam", duplikat: "Duplicate", kasar: "Abusive" },
  button: {
    claim: "Claim",
    reassign: "Reassign",
    resolve: "Resolve",
    reject: "Reject",
    cancel: "Cancel",
    resolveWithoutNote: "Resolve without a note",
    route: "Route to an agency",
    rejectAbusive: "Reject (abusive)",
    routeTo: (agency) => `→ ${agency}`,
    notAReport: "Not a report",
    more: "More…",
    sendNote: "Send as the note",
    kind: "Kind",
    kindChoice: { keluhan: "Complaint", permintaan: "Request", pertanyaan: "Question", saran: "Suggestion" },
  },
  reportKind: {
    keluhan: "Complaint",
    permintaan: "Service request",
    pertanyaan: "Question",
    saran: "Suggestion",
  },
  prompt: {
    resolveNote: (ticketId) =>
      `reply to this message with a short resolution note for ${ticketId} (a photo is welcome); the citizen gets it on X. A normal message from you in this group within 5 minutes can be used too, once you confirm it.`,
    duplicateOf: (ticketId) =>
      `reply to this message with the original ticket that ${ticketId} duplicates, e.g. ADU-000123.`,
  },
  answer: {
    claimed: (ticketId) => `You claimed ${ticketId}.`,
    resolved: (ticketId) => `You resolved ${ticketId}.`,
    noteShortened: (ticketId, reply) =>
      `You resolved ${ticketId}. The note was too long for X and was shortened; the citizen gets: "${reply}"`,
    rejected: (ticketId) => `You rejected ${ticketId}.`,
    reassigned: (ticketId, agency) => `${ticketId} reassigned to ${agency}.`,
    routed: (ticketId, agency) => `${ticketId} routed to ${agency}.`,
    kindChanged: (ticketId, kind) => `${ticketId} is now: ${kind}.`,
    notMember: "Sorry, only members of the owning agency's group or supervisors can do this.",
    alreadyClaimed: (name) => `This ticket was already claimed by ${name}.`,
    duplicateCard: (ticketId) =>
      `This was a duplicate copy of ${ticketId} and has been removed; use the other card.`,
    refusedStatus: (status) => `Not possible: the ticket is now ${status}.`,
    moved: (agency) => `This ticket has moved to ${agency}.`,
    notFound: (ticketId) => `Ticket ${ticketId} not found.`,
    notCurrentCard: (ticketId) => `This is not the current card of ${ticketId}; use the latest one.`,
    ticketUnavailable: (ticketId) =>
      `Ticket ${ticketId} was not found, or only its group's members and supervisors may see it.`,
    promptNotYours: "This question is for the staff member who pressed the button; your answer was not used.",
    confirmNote: (ticketId) =>
      `Use this message as the resolution note of ${ticketId}? Nothing has been sent; the ticket is resolved only when you press "Send as the note".`,
    citizenGets: (reply) => `The citizen gets on X: "${reply}"`,
    noteOnCard: (note) => `Note on the card: "${note}" (no reply to the citizen on X).`,
    noteSent: (ticketId) => `Sent: you resolved ${ticketId} with this note.`,
    noteCancelled: "Cancelled: nothing was sent. You can still reply to the bot's request for a note.",
    noteExpired:
      "This confirmation has expired; nothing was sent. Reply to the bot's request for a note to send one.",
    noteAlreadySent: "This note was already sent.",
    noteNotSent: (why) => `Not sent: ${why}`,
    invalidButton: "This button is not valid here.",
    queueEmpty: "No open tickets. 🎉",
    queueHeader: (count) => `${count} open tickets:`,
    queueMore: (count) => `…and ${count} more.`,
  },
  command: {
    start: "Start",
    help: "Help",
    tiket: "Show a ticket, e.g. /tiket ADU-000123",
    pisahkan: "Split a merged report off, e.g. /pisahkan ADU-000124",
    unmerged: (ticketId, originalId) =>
      `${ticketId} was split off ${originalId} and sent as a ticket of its own.`,
    jadikanaduan: "Make a tweet kept as not a complaint a report after all, e.g. /jadikanaduan ADU-000125",
    restored: (ticketId) =>
      `${ticketId} is a report now: its card goes to the triage desk to pick its agency.`,
    restoreNotAllowed:
      "Sorry, only members of the triage group and supervisors can turn a tweet into a report, in the triage group, the supervisors' group or a private chat with the bot.",
    restoreNotKept: (ticketId, status) =>
      `${ticketId} is not kept as not a complaint, so nothing changed. Its status now: ${status}.`,
    antrian: "This group's open tickets",
    helpText:
      "Aduan forwards citizens' complaints from X to this group. Press Claim to take one, Resolve when it is fixed (with a short note), Reassign if it belongs to another agency, Reject if it is not a complaint.",
    unknown: (name) => `Unknown command /${name}. Send /help for the commands here.`,
    dasbor: "Login link to the web dashboard (map, queue, figures)",
  },
  dashboard: {
    link: (a) => `${a}\nThis link is for you only: it lasts 15 minutes and works once. Do not forward it.`,
    anchor: "Open the Aduan dashboard",
    privateOnly: (bot) =>
      `Dashboard login links are personal. Send /dasbor in a private chat with the bot${bot ? ` (@${bot})` : ""}.`,
    unavailable: "The web dashboard is not set up on this service.",
  },
  help: {
    titleAgency: (agency) => `Aduan help · ${agency} group`,
    titleSupervisors: "Aduan help · supervisors' group",
    titlePrivate: "Aduan help · private chat",
    cardButtons:
      "Citizens' reports from X appear here as cards. Claim: you handle it. Resolve: when it is fixed, with a short note the citizen gets. Reassign: when another agency owns it. Reject: not a report, spam or a duplicate.",
    routingButtons:
      '"Needs routing" cards: choose the right agency (→ agency), or Not a report; More… lists every agency.',
    noteHow:
      'Resolution note: reply to the bot\'s request for a note, or just send it as a normal message within 5 minutes of pressing Resolve, then press "Send as the note".',
    supervisorsGroup:
      "This group gets alerts for tickets past their SLA target and the daily digest, and can see every agency's figures.",
    privateSupervisor: "You are a supervisor: every agency's figures can be asked for here.",
    privateStaff:
      "Aduan works in your agency's group; here you can look up your group's tickets with /tiket.",
    notOurGroup: "This group is not one of Aduan's agency groups.",
    commands: "Commands:",
    antrianAll: "Every open ticket, with its agency",
    ownFigures: "(this group's figures)",
  },
  staff: {
    photoAttached: "(photo attached)",
    rateLimited: "Too many commands. Please try again in a minute.",
    strangerNotice:
      "Sorry, this bot is for city agency staff only. To report a complaint, post on X and mention the city's official account. Thank you.",
    strangerToCitizenBot: (username) =>
      `Sorry, this bot is for city agency staff only. To report a complaint, message ${username ? `@${username}` : "the city's citizen report bot"}: your report goes straight to the agency and you hear back there. Thank you.`,
    age: { minutes: (n) => `${n} min`, hours: (n) => `${n} h`, days: (n) => `${n} d` },
    duplicateNeedsId: "Please reply with the original ticket id, e.g. ADU-000123.",
    groupMigrated: (group, oldId, newId) =>
      `Group ${group} became a supergroup: old id ${oldId}, new id ${newId}. Aduan follows it already; update the group id in the configuration (.env).`,
    unknownGroup: (title, chatId, left) =>
      `The bot was added to a group no agency owns: ${title} (${chatId}).${left ? " It has left that group." : ""}`,
    failed: "Sorry, something went wrong. Please try again.",
  },
  supervisor: {
    statistik: "Complaint figures, e.g. /statistik this week",
    terlambat: "Open tickets past their SLA target",
    laporan: "CSV report, e.g. /laporan 2026-11",
    macet: "Stuck cards and replies",
    badPeriod: (problem, input, forms) =>
      ({
        unknown: `Unknown period "${input}". Use one of: ${forms}.`,
        bad_date: `"${input}" is not a date on the calendar.`,
        reversed: `The period "${input}" ends before it starts.`,
        too_long: `The period "${input}" is too long (a year at most).`,
        future: `The period "${input}" has not started yet.`,
      })[problem],
    title: (scope) => `Figures for ${scope}`,
    allAgencies: "all agencies",
    overdueHeader: (count) => `${count} tickets past their SLA target (oldest first):`,
    overdueNone: "No ticket is past its SLA target. 👍",
    overdueMore: (count) => `… and ${count} more.`,
    unassigned: "unclaimed",
    overdueFirstResponse: "response late",
    overdueResolution: "resolution late",
    reportCaption: (period, scope) => `Complaint report ${period} · ${scope}`,
    notHere: "This command works in agency groups, the supervisors' group, or a supervisor's private chat.",
    unavailable: "Figures are not available in this bot (the SLA policy was not loaded).",
    stats: {
      period: (label) => `Period: ${label}`,
      workingTime: "Times are in working hours.",
      empty: "No complaints in this period yet.",
      total: "All agencies",
      received: (n) => `In ${n}`,
      byChannel: (x, telegram) => [`In via X ${x}`, `via Telegram ${telegram}`],
      resolved: (n) => `resolved ${n}`,
      rejected: (n) => `rejected ${n}`,
      open: (n) => `Open ${n}`,
      openOver7: (n) => `${n} over 7 working days`,
      firstResponse: "First response",
      resolution: "Resolution",
      median: (d) => `median ${d}`,
      p90: (d) => `9 in 10 within ${d}`,
      onTime: (p, met, total) => `on time ${p}% (${met} of ${total})`,
      reopened: (n, resolved) => `Reopened ${n} of ${resolved}`,
      slowestHeader: "Open the longest:",
      slowestAge: (days, overdue) =>
        `${days === null ? "under 1 working day" : `${days} working days`}${overdue ? ", overdue" : ""}`,
    },
    digest: "The daily digest now, with its chart",
    digestUnavailable: "The daily digest is not available in this bot.",
    digestSupervisorsOnly:
      "The daily digest covers every agency, so it is for the supervisors' group or a supervisor's private chat. Here, use /statistik.",
  },
  sla: SLA_EN,
};

export function uiStrings(lang: Lang): UiStrings {
  return lang === "en" ? UI_EN : UI_ID;
}
