/*
 * Place-name keys: lower-case letters and digits of the words run together, with old Dutch-era
 * spellings folded (dj→j, tj→c, oe→u) and doubled letters collapsed, so "Leuwi Panjang",
 * "leuwipanjang", "Djuanda"/"Juanda" and "Borromeus"/"Boromeus" meet on one key.
 */

/**
 * Folds a word to its key form. Handles the spellings Bandung names are written in: the pre-1972
 * (dj, tj, oe) and the Sundanese "dh". Doubled letters are collapsed (not digits: SMAN 11 ≠ SMAN 1).
 */
export function canonicalWord(word: string): string {
  const s = word.toLowerCase();
  let out = "";
  let prev = "";
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    const isLetter = c >= 97 && c <= 122;
    const isDigit = c >= 48 && c <= 57;
    if (!isLetter && !isDigit) continue;
    let ch = s[i] as string;
    const next = s[i + 1];
    if (ch === "d" && next === "j") {
      ch = "j";
      i++;
    } else if (ch === "t" && next === "j") {
      ch = "c";
      i++;
    } else if (ch === "o" && next === "e") {
      ch = "u";
      i++;
    } else if (ch === "d" && next === "h") {
      i++;
    }
    c = ch.charCodeAt(0);
    if (ch === prev && c >= 97) continue;
    out += ch;
    prev = ch;
  }
  return out;
}

/** Splits free text into lower-case words (letters and digits), accents dropped. */
export function splitWords(text: string): string[] {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}
