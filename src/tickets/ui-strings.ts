/**
 * Every piece of text staff see in Telegram, in Bahasa Indonesia (the default) and English.
 * `UiStrings` is the contract: a dictionary missing a key, or with a different parameter list,
 * does not compile. Values are plain text (no HTML); functions receive values the caller has
 * already escaped for the place they go, so dictionary text must not contain `<`, `>` or `&`.
 */

export type Lang = "id" | "en";

/** Texts of staff commands and notices beyond the card (same rules: plain text). */
export interface StaffStrings {
  /** Appended to a resolution note sent as a photo caption (or standing in for a missing caption). */
  photoAttached: string;
  rateLimited: string;
  /** Compact ages for `/antrian`. */
  age: { minutes: (n: number) => string; hours: (n: number) => string; days: (n: number) => string };
  /** The answer to a duplicate prompt carried no ticket id. */
  duplicateNeedsId: string;
  /** Told to the triage group when the bot is added to a group no agency owns. */
  unknownGroup: (title: string, chatId: number, left: boolean) => string;
  /** Something went wrong on our side while handling a press. */
  failed: string;
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
    reason: string;
    link: string;
    received: string;
    truncated: string;
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
  };
  prompt: {
    resolveNote: (ticketId: string) => string;
    duplicateOf: (ticketId: string) => string;
  };
  answer: {
    claimed: (ticketId: string) => string;
    resolved: (ticketId: string) => string;
    rejected: (ticketId: string) => string;
    reassigned: (ticketId: string, agency: string) => string;
    notMember: string;
    alreadyClaimed: (name: string) => string;
    refusedStatus: (status: string) => string;
    moved: (agency: string) => string;
    notFound: (ticketId: string) => string;
    invalidButton: string;
    queueEmpty: string;
    queueHeader: (count: number) => string;
  };
  command: {
    start: string;
    help: string;
    tiket: string;
    antrian: string;
    helpText: string;
  };
  staff: StaffStrings;
}

export const UI_ID: UiStrings = {
  months: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  timeSeparator: ".",
  card: {
    urgent: "🚨 MENDESAK",
    triageHeader: "Perlu dipilah: pilih dinas yang tepat",
    moderationHeader: "⚠️ Moderasi: tweet bernada kasar",
    moderationNoReply: "Tidak ada balasan otomatis untuk tweet ini.",
    suggestion: (agency, percent) => `Saran: ${agency} (${percent}%)`,
    noSuggestion: "Saran: tidak ada",
    reason: "Alasan",
    link: "Lihat tweet",
    received: "Diterima",
    truncated: "(dipotong)",
  },
  location: {
    text: "dari teks",
    coordinates: "dari koordinat",
    place: "dari tempat di tweet",
    profile: "dari profil (lemah)",
    unknown: "Lokasi tidak diketahui",
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
  },
  prompt: {
    resolveNote: (ticketId) =>
      `Balas pesan ini dengan catatan penyelesaian ${ticketId} (singkat; boleh dengan foto).`,
    duplicateOf: (ticketId) =>
      `Balas pesan ini dengan nomor tiket asli yang diduplikasi ${ticketId}, mis. ADU-000123.`,
  },
  answer: {
    claimed: (ticketId) => `${ticketId} Anda ambil.`,
    resolved: (ticketId) => `${ticketId} selesai.`,
    rejected: (ticketId) => `${ticketId} ditolak.`,
    reassigned: (ticketId, agency) => `${ticketId} dialihkan ke ${agency}.`,
    notMember: "Maaf, hanya anggota grup dinas pemilik tiket atau supervisor yang dapat melakukan ini.",
    alreadyClaimed: (name) => `Tiket ini sudah diambil oleh ${name}.`,
    refusedStatus: (status) => `Tidak bisa: status tiket sekarang ${status}.`,
    moved: (agency) => `Tiket ini sudah dialihkan ke ${agency}.`,
    notFound: (ticketId) => `Tiket ${ticketId} tidak ditemukan.`,
    invalidButton: "Tombol ini tidak berlaku di sini.",
    queueEmpty: "Tidak ada tiket terbuka. 🎉",
    queueHeader: (count) => `${count} tiket terbuka:`,
  },
  command: {
    start: "Mulai",
    help: "Bantuan",
    tiket: "Lihat tiket, mis. /tiket ADU-000123",
    antrian: "Tiket terbuka grup ini",
    helpText:
      "Aduan meneruskan keluhan warga dari X ke grup ini. Tekan Ambil untuk menangani, Selesai setelah beres (dengan catatan singkat), Alihkan bila bukan urusan dinas ini, Tolak bila bukan aduan.",
  },
  staff: {
    photoAttached: "(foto terlampir)",
    rateLimited: "Terlalu banyak perintah. Coba lagi sebentar lagi, ya.",
    age: { minutes: (n) => `${n} mnt`, hours: (n) => `${n} jam`, days: (n) => `${n} hr` },
    duplicateNeedsId: "Mohon balas dengan nomor tiket asli, mis. ADU-000123.",
    unknownGroup: (title, chatId, left) =>
      `Bot ditambahkan ke grup yang bukan milik dinas mana pun: ${title} (${chatId}).${left ? " Bot sudah keluar dari grup itu." : ""}`,
    failed: "Maaf, terjadi gangguan. Coba lagi.",
  },
};

export const UI_EN: UiStrings = {
  months: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  timeSeparator: ":",
  card: {
    urgent: "🚨 URGENT",
    triageHeader: "Needs routing: choose the right agency",
    moderationHeader: "⚠️ Moderation: abusive tweet",
    moderationNoReply: "No automatic reply is sent to this tweet.",
    suggestion: (agency, percent) => `Suggested: ${agency} (${percent}%)`,
    noSuggestion: "Suggested: none",
    reason: "Why",
    link: "Open tweet",
    received: "Received",
    truncated: "(truncated)",
  },
  location: {
    text: "from the text",
    coordinates: "from coordinates",
    place: "from the tweet's place",
    profile: "from the profile (weak)",
    unknown: "Location unknown",
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
  },
  prompt: {
    resolveNote: (ticketId) =>
      `Reply to this message with a short resolution note for ${ticketId} (a photo is welcome).`,
    duplicateOf: (ticketId) =>
      `Reply to this message with the original ticket that ${ticketId} duplicates, e.g. ADU-000123.`,
  },
  answer: {
    claimed: (ticketId) => `You claimed ${ticketId}.`,
    resolved: (ticketId) => `${ticketId} resolved.`,
    rejected: (ticketId) => `${ticketId} rejected.`,
    reassigned: (ticketId, agency) => `${ticketId} reassigned to ${agency}.`,
    notMember: "Sorry, only members of the owning agency's group or supervisors can do this.",
    alreadyClaimed: (name) => `This ticket was already claimed by ${name}.`,
    refusedStatus: (status) => `Not possible: the ticket is now ${status}.`,
    moved: (agency) => `This ticket has moved to ${agency}.`,
    notFound: (ticketId) => `Ticket ${ticketId} not found.`,
    invalidButton: "This button is not valid here.",
    queueEmpty: "No open tickets. 🎉",
    queueHeader: (count) => `${count} open tickets:`,
  },
  command: {
    start: "Start",
    help: "Help",
    tiket: "Show a ticket, e.g. /tiket ADU-000123",
    antrian: "This group's open tickets",
    helpText:
      "Aduan forwards citizens' complaints from X to this group. Press Claim to take one, Resolve when it is fixed (with a short note), Reassign if it belongs to another agency, Reject if it is not a complaint.",
  },
  staff: {
    photoAttached: "(photo attached)",
    rateLimited: "Too many commands. Please try again in a minute.",
    age: { minutes: (n) => `${n} min`, hours: (n) => `${n} h`, days: (n) => `${n} d` },
    duplicateNeedsId: "Please reply with the original ticket id, e.g. ADU-000123.",
    unknownGroup: (title, chatId, left) =>
      `The bot was added to a group no agency owns: ${title} (${chatId}).${left ? " It has left that group." : ""}`,
    failed: "Sorry, something went wrong. Please try again.",
  },
};

export function uiStrings(lang: Lang): UiStrings {
  return lang === "en" ? UI_EN : UI_ID;
}
