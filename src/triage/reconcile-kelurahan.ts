import { canonicalWord, splitWords } from "./place-keys.js";

const squashMemo = new Map<string, string>();
/**
 * Key of a whole name (its words folded and run together); memoised because reconciling names
 * compares every pair at build time.
 */
const squash = (s: string): string => {
  let k = squashMemo.get(s);
  if (k === undefined)
    squashMemo.set(
      s,
      (k = splitWords(s.replace(/\([^)]*\)/g, " "))
        .map(canonicalWord)
        .join("")),
    );
  return k;
};

/** Whether two names (any spelling) fold to the same key. */
export const sameName = (a: string, b: string): boolean => squash(a) === squash(b);
/** The folded key of a whole name. */
export const nameKey = (name: string): string => squash(name);

/**
 * Maps a kelurahan spelling used by one source onto the official one: same key ("Balong Gede" /
 * "Balonggede"), else the one official kelurahan of that kecamatan one letter away
 * ("Cimencrang" / "Cimincrang"). Returns undefined when there is no safe match.
 */
export function reconcileKelurahan(
  name: string,
  kecamatan: string | undefined,
  official: ReadonlyArray<{ name: string; kecamatan: string }>,
): { name: string; kecamatan: string } | undefined {
  const key = squash(name);
  const exact = official.filter((o) => squash(o.name) === key);
  if (exact.length === 1) return exact[0];
  const pool = exact.length > 1 ? exact : official;
  const sameKec =
    kecamatan === undefined ? pool : pool.filter((o) => squash(o.kecamatan) === squash(kecamatan));
  if (exact.length > 1) return sameKec.length === 1 ? sameKec[0] : undefined;
  const near = sameKec.filter((o) => editDistanceAtMostOne(squash(o.name), key));
  return near.length === 1 ? near[0] : undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}
