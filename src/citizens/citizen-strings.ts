import type { Lang } from "../core/ui-strings.js";

/**
 * Everything a citizen reads in their private chat with the bot: short, phone-first, Indonesian
 * first. Plain text (the caller escapes it for HTML). Button labels are also what the bot
 * recognises when the citizen presses them (a reply keyboard sends its label as a message).
 */
export interface CitizenStrings {
  start: string;
  privacy: string;
  button: {
    send: string;
    location: string;
    phone: string;
    withoutPlace: string;
    cancel: string;
    notFixed: string;
    fixed: string;
  };
  /** The first message of a report: what else may come, and when it goes by itself. */
  collecting(minutes: number): string;
  photoAdded: string;
  pinAdded(place: string | null): string;
  pinOutside: string;
  pinFirst: string;
  phoneAdded: string;
  notOwnContact: string;
  nothingToSend: string;
  askPlace: string;
  submitted: string;
  flushed: string;
  cancelled: string;
  unsupported: string;
  rateLimited: string;
  dailyLimit(n: number): string;
  blocked: string;
  notice: {
    received(id: string, agency: string): string;
    desk(id: string): string;
    duplicate(id: string, original: string): string;
    redirect(id: string, where: string): string;
    notReport: string;
    claimed(id: string, agency: string): string;
    resolved(id: string, note: string | null): string;
    reopened(id: string, agency: string): string;
    rejected(id: string): string;
  };
  feedback: {
    reopened(id: string): string;
    thanks(id: string): string;
    noneOpen: string;
    tooLate(id: string): string;
  };
  status: {
    usage: string;
    notYours: string;
    line(id: string, state: string, agency: string, at: string): string;
    state: Record<"new" | "open" | "claimed" | "resolved" | "closed", string>;
  };
  mine: { none: string; header(n: number): string };
  erase: { done(n: number): string; none: string };
}

const ID: CitizenStrings = {
  start:
    "Halo! Laporkan masalah kota di sini: tulis apa masalahnya dan di mana; foto dan lokasi (📍) boleh ditambahkan.\n" +
    "Kami menyimpan ID Telegram dan nama depan Anda beserta laporan, foto dan lokasinya (nomor HP hanya bila Anda bagikan). /privasi untuk rinciannya, /hapus untuk menghapus data Anda.",
  privacy:
    "Yang kami simpan: ID Telegram dan nama depan Anda, isi laporan, foto (sebagai berkas Telegram, tidak diunduh) dan lokasi yang Anda kirim, serta nomor HP hanya bila Anda menekan «Bagikan nomor HP».\n" +
    "Petugas dinas melihat nama depan, laporan, foto dan lokasinya. /hapus menghapus data pribadi Anda dari semua laporan Anda; laporannya tetap tercatat tanpa nama.",
  button: {
    send: "Kirim laporan",
    location: "📍 Kirim lokasi",
    phone: "Bagikan nomor HP",
    withoutPlace: "Kirim tanpa lokasi",
    cancel: "Batal",
    notFixed: "Belum beres",
    fixed: "Sudah beres",
  },
  collecting: (m) =>
    `Dicatat. Tambahkan foto atau lokasi bila ada, lalu tekan «Kirim laporan». Tanpa menekan pun laporan terkirim sendiri dalam ${m} menit.`,
  photoAdded: "Foto ditambahkan ke laporan.",
  pinAdded: (place) => (place ? `Lokasi diterima: ${place}.` : "Lokasi diterima."),
  pinOutside: "Lokasi ini di luar Kota Bandung; laporan tetap kami terima.",
  pinFirst: "Lokasi diterima. Sekarang tulis masalahnya.",
  phoneAdded: "Nomor HP disimpan untuk laporan ini.",
  notOwnContact: "Hanya nomor Anda sendiri yang bisa dibagikan, lewat tombol «Bagikan nomor HP».",
  nothingToSend: "Tulis dulu masalahnya (atau kirim foto dengan keterangan).",
  askPlace: "Di mana tempatnya? Tekan «📍 Kirim lokasi» atau ketik nama jalan/kelurahan.",
  submitted: "Terima kasih, laporan Anda sedang diproses. Nomor tiketnya menyusul sebentar lagi.",
  flushed: "Laporan Anda kami kirim. Nomor tiketnya menyusul sebentar lagi.",
  cancelled: "Laporan dibatalkan. Tulis lagi kapan saja.",
  unsupported: "Maaf, kami hanya bisa membaca teks, foto, dan lokasi.",
  rateLimited: "Pesan Anda terlalu banyak dalam semenit. Tunggu sebentar, lalu kirim lagi.",
  dailyLimit: (n) => `Maaf, batas ${n} laporan per hari sudah tercapai. Silakan lapor lagi besok.`,
  blocked: "Maaf, kami tidak dapat menerima laporan dari akun ini.",
  notice: {
    received: (id, a) => `Laporan Anda kami terima: ${id}. Diteruskan ke ${a}.`,
    desk: (id) =>
      `Laporan Anda kami terima: ${id}. Diteruskan ke meja triase kota untuk ditentukan dinasnya.`,
    duplicate: (id, o) =>
      `Laporan Anda kami terima: ${id}. Masalah yang sama sudah dilaporkan (${o}) dan sedang ditangani; laporan Anda digabungkan.`,
    redirect: (id, w) => `Laporan ${id} bukan wewenang Pemkot. Silakan hubungi ${w}.`,
    notReport:
      "Pesan Anda tidak kami kenali sebagai laporan. Tulis masalahnya dan tempatnya, misalnya: «Jalan berlubang di Jl. Dago depan SMA 1».",
    claimed: (id, a) => `${id} sedang ditangani oleh ${a}.`,
    resolved: (id, note) =>
      `${id} selesai ditangani${note ? `: ${note}` : "."}\nSudah beres? Tekan «Sudah beres» atau «Belum beres».`,
    reopened: (id, a) => `${id} dibuka kembali dan diteruskan lagi ke ${a}.`,
    rejected: (id) => `${id} ditutup tanpa tindak lanjut. Tulis laporan baru bila masalahnya masih ada.`,
  },
  feedback: {
    reopened: (id) => `Terima kasih. ${id} kami buka kembali dan teruskan lagi ke petugas.`,
    thanks: (id) => `Terima kasih atas konfirmasinya untuk ${id}.`,
    noneOpen: "Tidak ada laporan Anda yang baru diselesaikan.",
    tooLate: (id) => `${id} sudah lewat masa konfirmasinya. Tulis laporan baru bila masalahnya masih ada.`,
  },
  status: {
    usage: "Tulis /status diikuti nomor tiket, misalnya /status ADU-000123.",
    notYours: "Tiket itu tidak ditemukan di antara laporan Anda.",
    line: (id, state, a, at) => `${id}: ${state} (${a}), masuk ${at}`,
    state: {
      new: "menunggu meja triase",
      open: "diteruskan",
      claimed: "sedang ditangani",
      resolved: "selesai",
      closed: "ditutup",
    },
  },
  mine: {
    none: "Tidak ada laporan Anda yang masih terbuka.",
    header: (n) => `Laporan Anda yang masih terbuka (${n}):`,
  },
  erase: {
    done: (n) =>
      `Data pribadi Anda dihapus dari ${n} laporan. Laporannya tetap tercatat tanpa nama; kabar status tidak lagi kami kirim.`,
    none: "Tidak ada data Anda yang tersimpan.",
  },
};

const EN: CitizenStrings = {
  start:
    "Hello! Report a city problem here: write what is wrong and where; photos and a location (📍) are welcome.\n" +
    "We keep your Telegram id and first name with the report, its photos and location (a phone number only if you share it). /privasi for details, /hapus to delete your data.",
  privacy:
    "We keep: your Telegram id and first name, the report, the photos (as Telegram files, never downloaded) and the location you send, and your phone number only if you press «Share phone number».\n" +
    "Agency staff see your first name, the report, photos and location. /hapus removes your personal data from all your reports; the reports stay on record without a name.",
  button: {
    send: "Send report",
    location: "📍 Send location",
    phone: "Share phone number",
    withoutPlace: "Send without location",
    cancel: "Cancel",
    notFixed: "Not fixed",
    fixed: "Fixed",
  },
  collecting: (m) =>
    `Noted. Add a photo or location if you have one, then press «Send report». It is sent by itself in ${m} minutes.`,
  photoAdded: "Photo added to the report.",
  pinAdded: (place) => (place ? `Location received: ${place}.` : "Location received."),
  pinOutside: "This location is outside the city; we still take the report.",
  pinFirst: "Location received. Now write what the problem is.",
  phoneAdded: "Phone number kept for this report.",
  notOwnContact: "Only your own number can be shared, with the «Share phone number» button.",
  nothingToSend: "Write what the problem is first (or send a photo with a caption).",
  askPlace: "Where is it? Press «📍 Send location» or type the street or kelurahan.",
  submitted: "Thank you, your report is being processed. Its ticket number follows shortly.",
  flushed: "We sent your report. Its ticket number follows shortly.",
  cancelled: "Report cancelled. Write again any time.",
  unsupported: "Sorry, we can only read text, photos and locations.",
  rateLimited: "Too many messages in a minute. Wait a moment, then send again.",
  dailyLimit: (n) => `Sorry, the limit of ${n} reports a day is reached. Please report again tomorrow.`,
  blocked: "Sorry, we cannot accept reports from this account.",
  notice: {
    received: (id, a) => `We received your report: ${id}. Passed to ${a}.`,
    desk: (id) => `We received your report: ${id}. Passed to the city's triage desk to find the agency.`,
    duplicate: (id, o) =>
      `We received your report: ${id}. The same problem was reported already (${o}) and is being handled; your report joins it.`,
    redirect: (id, w) => `Report ${id} is not the city's to handle. Please contact ${w}.`,
    notReport:
      "We could not read your message as a report. Write the problem and the place, e.g. «Pothole on Jl. Dago in front of SMA 1».",
    claimed: (id, a) => `${id} is being handled by ${a}.`,
    resolved: (id, note) =>
      `${id} has been resolved${note ? `: ${note}` : "."}\nIs it fixed? Press «Fixed» or «Not fixed».`,
    reopened: (id, a) => `${id} was reopened and passed to ${a} again.`,
    rejected: (id) => `${id} was closed without action. Write a new report if the problem is still there.`,
  },
  feedback: {
    reopened: (id) => `Thank you. ${id} is reopened and passed to the staff again.`,
    thanks: (id) => `Thank you for confirming ${id}.`,
    noneOpen: "None of your reports was resolved recently.",
    tooLate: (id) =>
      `${id} is past its confirmation window. Write a new report if the problem is still there.`,
  },
  status: {
    usage: "Write /status and the ticket number, e.g. /status ADU-000123.",
    notYours: "That ticket is not among your reports.",
    line: (id, state, a, at) => `${id}: ${state} (${a}), received ${at}`,
    state: {
      new: "waiting for the triage desk",
      open: "passed on",
      claimed: "being handled",
      resolved: "resolved",
      closed: "closed",
    },
  },
  mine: { none: "You have no open reports.", header: (n) => `Your open reports (${n}):` },
  erase: {
    done: (n) =>
      `Your personal data was removed from ${n} reports. The reports stay on record without a name; no more status messages will be sent.`,
    none: "We hold no data of yours.",
  },
};

export function citizenStrings(lang: Lang): CitizenStrings {
  return lang === "en" ? EN : ID;
}
