import type { Lang } from "../tickets/ui-strings.js";

/**
 * Staff texts `src/tickets/ui-strings.ts` does not have yet. Same rules as there: plain text, the
 * caller escapes what it passes in. They belong in `UiStrings`; kept here until they move.
 */
export interface StaffExtraStrings {
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

const ID: StaffExtraStrings = {
  photoAttached: "(foto terlampir)",
  rateLimited: "Terlalu banyak perintah. Coba lagi sebentar lagi, ya.",
  age: { minutes: (n) => `${n} mnt`, hours: (n) => `${n} jam`, days: (n) => `${n} hr` },
  duplicateNeedsId: "Mohon balas dengan nomor tiket asli, mis. ADU-000123.",
  unknownGroup: (title, chatId, left) =>
    `Bot ditambahkan ke grup yang bukan milik dinas mana pun: ${title} (${chatId}).${left ? " Bot sudah keluar dari grup itu." : ""}`,
  failed: "Maaf, terjadi gangguan. Coba lagi.",
};

const EN: StaffExtraStrings = {
  photoAttached: "(photo attached)",
  rateLimited: "Too many commands. Please try again in a minute.",
  age: { minutes: (n) => `${n} min`, hours: (n) => `${n} h`, days: (n) => `${n} d` },
  duplicateNeedsId: "Please reply with the original ticket id, e.g. ADU-000123.",
  unknownGroup: (title, chatId, left) =>
    `The bot was added to a group no agency owns: ${title} (${chatId}).${left ? " It has left that group." : ""}`,
  failed: "Sorry, something went wrong. Please try again.",
};

export function staffStrings(lang: Lang): StaffExtraStrings {
  return lang === "en" ? EN : ID;
}
