import { createRequire } from "node:module";

interface NaturalStemmerId {
  stem(word: string): string;
  /** The root-word dictionary the stemmer checks against (about 30,000 roots). */
  dictionary: string[];
}

// Deep import: the package root pulls database drivers and dotenv at import time (slow and noisy).
const stemmer = createRequire(import.meta.url)(
  "natural/lib/natural/stemmers/indonesian/stemmer_id.js",
) as NaturalStemmerId;

/** Indonesian root words known to the stemmer. */
export const rootWords: ReadonlySet<string> = new Set(stemmer.dictionary);

/**
 * Tweets repeat words constantly (`jalan`, `macet`, `pak`), and the stemmer costs ~20 µs a word,
 * so each word is stemmed once. The cache is bounded: when full it is dropped whole, which keeps
 * memory flat on an endless stream of typos while the common words come straight back.
 */
const MAX_CACHE = 50_000;
const cache = new Map<string, string>();

export function stemWord(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const stem = computeStem(word);
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, stem);
  return stem;
}

/** Number of distinct words currently cached (exposed for tests of the bound). */
export function stemCacheSize(): number {
  return cache.size;
}

function computeStem(word: string): string {
  // The stemmer is written for dictionary Indonesian; a pathological token must not cost much.
  if (word.length < 3 || word.length > 40 || /\d/.test(word)) return word;
  let stem: string;
  try {
    stem = stemmer.stem(word);
  } catch {
    stem = word;
  }
  if (rootWords.has(stem)) return stem;
  return informalRoot(word) ?? sundaneseSuffixRoot(word) ?? stem;
}

/**
 * Colloquial Indonesian (Betawi/Javanese/Sundanese influenced) forms verbs with a bare nasal
 * prefix the formal stemmer does not know: `ngerokok`, `ngamen`, `nyapu`, `numpuk`, `nabrak`,
 * `mukul`. The nasal replaces the root's first consonant; we undo it only when the result is a
 * known root, so names like `Ngamprah` or `Nyengseret` stay whole.
 */
function informalRoot(word: string): string | undefined {
  const tries: string[] = [];
  if (word.startsWith("nge")) tries.push(word.slice(3));
  if (word.startsWith("ng")) tries.push(word.slice(2), "k" + word.slice(2));
  if (word.startsWith("ny")) tries.push("s" + word.slice(2), "c" + word.slice(2));
  if (/^m[aiueo]/.test(word)) tries.push("p" + word.slice(1));
  if (/^n[aiueo]/.test(word)) tries.push("t" + word.slice(1));
  for (let t of tries) {
    // Colloquial suffixes on top of the nasal: `ngocorin`, `nabrakin`, `ngetemnya`.
    for (const suffix of ["nya", "in", "an", "kan"]) {
      if (!rootWords.has(t) && t.endsWith(suffix) && rootWords.has(t.slice(0, -suffix.length))) {
        t = t.slice(0, -suffix.length);
      }
    }
    if (t.length >= 3 && rootWords.has(t)) return t;
  }
  return undefined;
}

/** Sundanese possessive `-na`/`-nana` (`jalanna`, `lampuna`) is Indonesian `-nya`. */
function sundaneseSuffixRoot(word: string): string | undefined {
  for (const suffix of ["nana", "na"]) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      if (rootWords.has(base)) return base;
    }
  }
  return undefined;
}
