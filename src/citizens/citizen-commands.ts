import type { Lang } from "../core/ui-strings.js";

/** The private-chat command menu citizens see (Telegram's `/` list), in the UI language. */
export function citizenCommands(lang: Lang): { command: string; description: string }[] {
  const id = lang !== "en";
  return [
    { command: "start", description: id ? "Cara melapor" : "How to report" },
    { command: "laporanku", description: id ? "Laporan saya yang masih terbuka" : "My open reports" },
    {
      command: "status",
      description: id ? "Status satu laporan: /status ADU-…" : "One report's status: /status ADU-…",
    },
    {
      command: "batal",
      description: id ? "Batalkan laporan yang sedang ditulis" : "Cancel the report being written",
    },
    { command: "privasi", description: id ? "Data apa yang kami simpan" : "What data we keep" },
    { command: "hapus", description: id ? "Hapus data pribadi saya" : "Delete my personal data" },
  ];
}
