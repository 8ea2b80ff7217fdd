/*
 * The neighbourhood unit a citizen names: "RT 05/RW 02", "rt03/05", "RW.11", "rt 3 rw 7". Every
 * kelurahan is split into RW (rukun warga) and RT (rukun tetangga), and residents say where a
 * problem is by them ("di RW 11 airnya tidak keluar"); no list can hold them, so they are read by
 * their shape: the word RT or RW, then a number, and for RT an optional "/" and the RW's number.
 *
 * Read from the tweet as written, not from tokens: a retweet's "RT @akun: 08.44" would otherwise
 * look like RT 08/RW 44. A unit alone places a report within some kelurahan, not on the map, so
 * it is shown on the card but never used to match duplicates (core/find-duplicate.ts).
 */

/** RT or RW, not inside a word, not an `RT @` retweet; a number of up to three digits; for RT an optional "/RW". */
const UNIT_RE =
  /(?<![\p{L}\p{N}@#_])(rt|rw)\s*\.?\s*(\d{1,3})(?:\s*\/\s*(?:rw\s*\.?\s*)?(\d{1,3}))?(?![\p{N}]|[.:]\p{N})/giu;

const pad = (n: string): string => n.padStart(2, "0");

/** "RT 05/RW 02", "RW 11" or "RT 03" as the tweet names it; undefined when it names none. */
export function neighbourhoodIn(raw: string): string | undefined {
  let rt: string | undefined;
  let rw: string | undefined;
  for (const m of raw.matchAll(UNIT_RE)) {
    const unit = (m[1] as string).toLowerCase();
    const num = m[2] as string;
    if (Number(num) === 0) continue;
    if (unit === "rt") {
      rt ??= num;
      if (m[3] !== undefined && Number(m[3]) > 0) rw ??= m[3];
    } else rw ??= num;
    if (rt !== undefined && rw !== undefined) break;
  }
  if (rt === undefined && rw === undefined) return undefined;
  return [rt === undefined ? "" : `RT ${pad(rt)}`, rw === undefined ? "" : `RW ${pad(rw)}`]
    .filter(Boolean)
    .join("/");
}
