import type { Lang } from "../core/ui-strings.js";
import type { TicketStatus } from "../core/ticket.js";
import type { SlaState } from "./ticket-query.js";

/** Every word the dashboard shows, Indonesian first; English when app.yaml says `language: en`. */
export interface DashboardStrings {
  lang: Lang;
  title: string;
  nav: { queue: string; map: string; figures: string; wall: string; logout: string };
  skip: string;
  /** A report's way in, as the queue's filter and the ticket page name it. */
  channel: { x: string; telegram: string; via: (channel: string) => string; erased: string };
  loggedInAs: (name: string, scope: string) => string;
  scopeAll: string;
  scopeAgencies: (names: string) => string;
  login: {
    title: string;
    confirm: (name: string) => string;
    button: string;
    refusedTitle: string;
    forged: string;
    expired: string;
    used: string;
    malformed: string;
    noRights: string;
    again: string;
    loggedOut: string;
    needLogin: string;
  };
  filter: {
    legend: string;
    status: string;
    agency: string;
    kind: string;
    channel: string;
    urgency: string;
    kecamatan: string;
    period: string;
    periodHint: string;
    search: string;
    searchHint: string;
    apply: string;
    reset: string;
    any: string;
    open: string;
    all: string;
    urgent: string;
    normal: string;
  };
  queue: {
    title: string;
    count: (shown: number, total: number) => string;
    none: string;
    badPeriod: (message: string) => string;
    export: string;
    columns: {
      id: string;
      sla: string;
      agency: string;
      place: string;
      text: string;
      status: string;
      received: string;
    };
    live: string;
    liveLost: string;
  };
  sla: Record<SlaState, string>;
  slaLeft: (duration: string) => string;
  slaOver: (duration: string) => string;
  status: Record<TicketStatus, string>;
  ticket: {
    back: string;
    tweet: string;
    openOnX: string;
    verdict: string;
    confidence: (pct: number) => string;
    /**
     * The verdict's agency when triage picked none (desk or audit): `waiting` while nobody has
     * chosen (at the desk, or kept as not a report), `decidedAtDesk` once staff routed or closed it;
     * then triage's guesses (short names) or that it had none.
     */
    noAgency: {
      waiting: string;
      decidedAtDesk: string;
      guesses: (names: string) => string;
      noGuess: string;
    };
    evidence: string;
    timeline: string;
    replies: string;
    noReplies: string;
    incident: string;
    noIncident: string;
    reopenings: (n: number) => string;
    assignee: string;
    place: string;
    urgency: string;
    kind: string;
    notFound: string;
    /** Shown in place of a ticket whose page was open when it was moved away from the viewer's agency. */
    movedAway: (agency: string) => string;
    /**
     * On a ticket triage kept as not a report: how staff bring it back (no web action: the
     * command, whose answer and card land where the desk works). `command`: `/jadikanaduan ADU-…`.
     */
    restoreHow: { before: string; after: string };
    event: Record<string, string>;
    /** What each piece of evidence supports, and each reply sent to the citizen, in words. */
    evidenceField: Record<string, string>;
    replyKind: Record<string, string>;
    system: string;
    citizen: string;
  };
  map: { title: string; legend: string; noPoint: (n: number) => string; openTickets: (n: number) => string };
  figures: {
    title: string;
    period: string;
    cut: string;
    cutAgency: string;
    cutTopic: string;
    group: string;
    received: string;
    resolved: string;
    open: string;
    median: string;
    p90: string;
    withinSla: string;
    reopenRate: string;
    backlog: string;
    backlogBuckets: [string, string, string, string];
    trend: string;
    week: string;
    total: string;
  };
  wall: {
    breaches: string;
    today: string;
    received: string;
    resolved: string;
    open: string;
    noBreaches: string;
  };
  panel: {
    title: string;
    campaigns: string;
    mood: string;
    posts: string;
    people: string;
    positive: string;
    neutral: string;
    negative: string;
  };
}

const ID: DashboardStrings = {
  lang: "id",
  title: "Dasbor Aduan",
  nav: { queue: "Antrian", map: "Peta", figures: "Angka", wall: "Layar dinding", logout: "Keluar" },
  skip: "Langsung ke isi",
  channel: {
    x: "X (Twitter)",
    telegram: "Telegram",
    via: (c) => `lewat ${c}`,
    erased: "pelapor telah menghapus datanya",
  },
  loggedInAs: (name, scope) => `${name} · ${scope}`,
  scopeAll: "semua dinas",
  scopeAgencies: (names) => names,
  login: {
    title: "Masuk ke Dasbor Aduan",
    confirm: (name) => `Tautan ini untuk ${name}. Tekan Masuk untuk membuka dasbor di perangkat ini.`,
    button: "Masuk",
    refusedTitle: "Tautan tidak dapat dipakai",
    forged: "Tautan ini tidak sah. Minta tautan baru dengan mengirim /dasbor ke bot Aduan.",
    expired: "Tautan ini sudah kedaluwarsa (berlaku 15 menit). Kirim /dasbor ke bot Aduan untuk tautan baru.",
    used: "Tautan ini sudah dipakai (hanya bisa sekali). Kirim /dasbor ke bot Aduan untuk tautan baru.",
    malformed: "Tautan ini tidak lengkap. Salin seluruh tautan dari pesan bot, atau kirim /dasbor lagi.",
    noRights: "Anda bukan anggota grup dinas atau grup supervisor Aduan, jadi dasbor tidak dapat dibuka.",
    again: "Kirim /dasbor ke bot Aduan di Telegram untuk mendapat tautan masuk.",
    loggedOut: "Anda sudah keluar.",
    needLogin: "Sesi Anda berakhir atau belum masuk.",
  },
  filter: {
    legend: "Saring antrian",
    status: "Status",
    agency: "Dinas",
    kind: "Jenis",
    channel: "Saluran",
    urgency: "Urgensi",
    kecamatan: "Kecamatan",
    period: "Periode",
    periodHint: "mis. hari ini, minggu ini, 2026-11",
    search: "Cari",
    searchHint: "ADU-000123 atau kata",
    apply: "Terapkan",
    reset: "Hapus saringan",
    any: "Semua",
    open: "Terbuka",
    all: "Semua status",
    urgent: "Mendesak",
    normal: "Biasa",
  },
  queue: {
    title: "Antrian tiket",
    count: (shown, total) => (shown < total ? `${shown} dari ${total} tiket` : `${total} tiket`),
    none: "Tidak ada tiket yang cocok.",
    badPeriod: (m) => `Periode tidak dikenal: ${m}`,
    export: "Unduh",
    columns: {
      id: "Tiket",
      sla: "Sisa waktu SLA",
      agency: "Dinas",
      place: "Tempat",
      text: "Aduan",
      status: "Status",
      received: "Masuk",
    },
    live: "Langsung",
    liveLost: "Koneksi langsung terputus, mencoba lagi…",
  },
  sla: { breached: "Lewat SLA", warning: "Hampir lewat", ok: "Dalam SLA", closed: "Ditutup" },
  slaLeft: (d) => `sisa ${d}`,
  slaOver: (d) => `lewat ${d}`,
  status: {
    new: "Baru (di pemilahan)",
    dispatched: "Diteruskan",
    claimed: "Ditangani",
    resolved: "Selesai",
    rejected: "Ditolak",
    merged: "Digabung",
    redirected: "Dialihkan ke luar",
    not_complaint: "Bukan aduan",
  },
  ticket: {
    back: "Kembali ke antrian",
    tweet: "Cuitan warga",
    openOnX: "Buka di X",
    verdict: "Hasil pemilahan",
    confidence: (p) => `keyakinan ${p}%`,
    noAgency: {
      waiting: "belum ditentukan",
      decidedAtDesk: "dipilah di meja triase",
      guesses: (names) => `tebakan triase: ${names}`,
      noGuess: "triase tidak punya tebakan",
    },
    evidence: "Bukti",
    timeline: "Riwayat",
    replies: "Balasan terkirim",
    noReplies: "Belum ada balasan.",
    incident: "Laporan lain untuk kejadian ini",
    noIncident: "Tidak ada.",
    reopenings: (n) => `Dibuka kembali ${n}×`,
    assignee: "Penanggung jawab",
    place: "Tempat",
    urgency: "Urgensi",
    kind: "Jenis",
    notFound: "Tiket tidak ada, atau bukan untuk dinas Anda.",
    movedAway: (agency) => `Tiket ini sudah dialihkan ke ${agency}; dinas Anda tidak lagi memegangnya.`,
    restoreHow: {
      before: "Triase menyimpan cuitan ini sebagai bukan aduan. Bila ini aduan, kirim",
      after:
        "di grup triase, grup supervisor, atau chat pribadi dengan bot: kartunya masuk ke meja triase untuk dipilih dinasnya.",
    },
    evidenceField: {
      complaint: "Aduan atau bukan",
      kind: "Jenis",
      disposition: "Tujuan",
      agency: "Dinas",
      urgency: "Urgensi",
      location: "Tempat",
      abusive: "Kata kasar",
      external: "Lembaga luar",
    },
    replyKind: {
      received: "Diterima",
      resolved: "Selesai",
      redirect: "Arahan ke lembaga lain",
      duplicate: "Sudah dilaporkan",
      thanks: "Terima kasih",
    },
    event: {
      created: "Diterima",
      dispatched: "Diteruskan",
      claimed: "Diambil",
      reassigned: "Dialihkan",
      resolved: "Diselesaikan",
      rejected: "Ditolak",
      merged: "Digabung",
      reopened: "Dibuka kembali",
      redirected: "Dialihkan ke luar",
      replied: "Dibalas di X",
      feedback: "Tanggapan warga",
      citizen_blocked: "Warga memblokir bot",
      dismissed: "Diabaikan",
      restored: "Dijadikan aduan",
    },
    system: "sistem",
    citizen: "warga",
  },
  map: {
    title: "Peta aduan terbuka",
    legend: "Warna kecamatan: jumlah tiket terbuka. Penanda: satu tiket, warnanya status SLA.",
    noPoint: (n) => `${n} tiket terbuka tanpa titik lokasi.`,
    openTickets: (n) => `${n} tiket terbuka`,
  },
  figures: {
    title: "Angka",
    period: "Periode",
    cut: "Per",
    cutAgency: "dinas",
    cutTopic: "topik",
    group: "Kelompok",
    received: "Masuk",
    resolved: "Selesai",
    open: "Terbuka",
    median: "Median selesai",
    p90: "P90 selesai",
    withinSla: "Dalam SLA",
    reopenRate: "Dibuka lagi",
    backlog: "Umur tumpukan (hari kerja)",
    backlogBuckets: ["< 1", "1–3", "3–7", "≥ 7"],
    trend: "Tren mingguan",
    week: "Minggu",
    total: "Total",
  },
  wall: {
    breaches: "Lewat SLA",
    today: "Hari ini",
    received: "Masuk",
    resolved: "Selesai",
    open: "Terbuka",
    noBreaches: "Tidak ada tiket yang lewat SLA.",
  },
  panel: {
    title: "Kampanye & suasana",
    campaigns: "Kampanye",
    mood: "Suasana 14 hari",
    posts: "cuitan",
    people: "orang",
    positive: "positif",
    neutral: "netral",
    negative: "negatif",
  },
};

const EN: DashboardStrings = {
  ...ID,
  lang: "en",
  title: "Aduan dashboard",
  nav: { queue: "Queue", map: "Map", figures: "Figures", wall: "Wall screen", logout: "Log out" },
  skip: "Skip to content",
  channel: {
    x: "X (Twitter)",
    telegram: "Telegram",
    via: (c) => `via ${c}`,
    erased: "the reporter erased their data",
  },
  scopeAll: "every agency",
  login: {
    title: "Log in to the Aduan dashboard",
    confirm: (name) => `This link is for ${name}. Press Log in to open the dashboard on this device.`,
    button: "Log in",
    refusedTitle: "This link cannot be used",
    forged: "This link is not valid. Send /dasbor to the Aduan bot for a new one.",
    expired: "This link has expired (links last 15 minutes). Send /dasbor to the Aduan bot for a new one.",
    used: "This link was already used (it works once). Send /dasbor to the Aduan bot for a new one.",
    malformed: "This link is incomplete. Copy the whole link from the bot's message, or send /dasbor again.",
    noRights:
      "You are not a member of an agency group or the supervisors' group, so the dashboard cannot open.",
    again: "Send /dasbor to the Aduan bot in Telegram for a login link.",
    loggedOut: "You are logged out.",
    needLogin: "Your session ended, or you are not logged in.",
  },
  filter: {
    legend: "Filter the queue",
    status: "Status",
    agency: "Agency",
    kind: "Kind",
    channel: "Channel",
    urgency: "Urgency",
    kecamatan: "Kecamatan",
    period: "Period",
    periodHint: "e.g. today, this week, 2026-11",
    search: "Search",
    searchHint: "ADU-000123 or words",
    apply: "Apply",
    reset: "Clear filters",
    any: "Any",
    open: "Open",
    all: "Every status",
    urgent: "Urgent",
    normal: "Normal",
  },
  queue: {
    title: "Ticket queue",
    count: (shown, total) => (shown < total ? `${shown} of ${total} tickets` : `${total} tickets`),
    none: "No ticket matches.",
    badPeriod: (m) => `Unknown period: ${m}`,
    export: "Download",
    columns: {
      id: "Ticket",
      sla: "SLA time left",
      agency: "Agency",
      place: "Place",
      text: "Report",
      status: "Status",
      received: "Received",
    },
    live: "Live",
    liveLost: "Live connection lost, retrying…",
  },
  sla: { breached: "SLA breached", warning: "Nearly due", ok: "Within SLA", closed: "Closed" },
  slaLeft: (d) => `${d} left`,
  slaOver: (d) => `${d} over`,
  status: {
    new: "New (in triage)",
    dispatched: "Dispatched",
    claimed: "Claimed",
    resolved: "Resolved",
    rejected: "Rejected",
    merged: "Merged",
    redirected: "Redirected",
    not_complaint: "Not a complaint",
  },
  ticket: {
    back: "Back to the queue",
    tweet: "Citizen's tweet",
    openOnX: "Open on X",
    verdict: "Triage verdict",
    confidence: (p) => `confidence ${p}%`,
    noAgency: {
      waiting: "not decided yet",
      decidedAtDesk: "sorted at the triage desk",
      guesses: (names) => `triage's guesses: ${names}`,
      noGuess: "triage had no guess",
    },
    evidence: "Evidence",
    timeline: "Timeline",
    replies: "Replies sent",
    noReplies: "No reply yet.",
    incident: "Other reports of this incident",
    noIncident: "None.",
    reopenings: (n) => `Reopened ${n}×`,
    assignee: "Assignee",
    place: "Place",
    urgency: "Urgency",
    kind: "Kind",
    notFound: "No such ticket, or not your agency's.",
    movedAway: (agency) => `This ticket was moved to ${agency}; your agency no longer holds it.`,
    restoreHow: {
      before: "Triage kept this tweet as not a complaint. If it is one, send",
      after:
        "in the triage group, the supervisors' group or a private chat with the bot: its card goes to the triage desk to pick its agency.",
    },
    evidenceField: {
      complaint: "Complaint or not",
      kind: "Kind",
      disposition: "Where it goes",
      agency: "Agency",
      urgency: "Urgency",
      location: "Place",
      abusive: "Abusive words",
      external: "Outside body",
    },
    replyKind: {
      received: "Received",
      resolved: "Resolved",
      redirect: "Pointed elsewhere",
      duplicate: "Already reported",
      thanks: "Thanks",
    },
    event: {
      created: "Received",
      dispatched: "Dispatched",
      claimed: "Claimed",
      reassigned: "Reassigned",
      resolved: "Resolved",
      rejected: "Rejected",
      merged: "Merged",
      reopened: "Reopened",
      redirected: "Redirected",
      replied: "Replied on X",
      feedback: "Citizen's feedback",
      citizen_blocked: "The citizen blocked the bot",
      dismissed: "Dismissed",
      restored: "Made a report",
    },
    system: "system",
    citizen: "citizen",
  },
  map: {
    title: "Map of open reports",
    legend: "Kecamatan colour: open tickets. Marker: one ticket, coloured by SLA state.",
    noPoint: (n) => `${n} open tickets without a location point.`,
    openTickets: (n) => `${n} open tickets`,
  },
  figures: {
    title: "Figures",
    period: "Period",
    cut: "By",
    cutAgency: "agency",
    cutTopic: "topic",
    group: "Group",
    received: "Received",
    resolved: "Resolved",
    open: "Open",
    median: "Median resolution",
    p90: "P90 resolution",
    withinSla: "Within SLA",
    reopenRate: "Reopened",
    backlog: "Backlog age (working days)",
    backlogBuckets: ["< 1", "1–3", "3–7", "≥ 7"],
    trend: "Weekly trend",
    week: "Week",
    total: "Total",
  },
  wall: {
    breaches: "SLA breaches",
    today: "Today",
    received: "Received",
    resolved: "Resolved",
    open: "Open",
    noBreaches: "No ticket past its SLA.",
  },
  panel: {
    title: "Campaigns & mood",
    campaigns: "Campaigns",
    mood: "Mood, 14 days",
    posts: "posts",
    people: "people",
    positive: "positive",
    neutral: "neutral",
    negative: "negative",
  },
};

export function dashboardStrings(lang: Lang): DashboardStrings {
  return lang === "en" ? EN : ID;
}
