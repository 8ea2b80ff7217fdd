/** How many words one cache holds before it is dropped whole. */
const MAX_WORDS = 50_000;

/**
 * A pure per-word answer kept per owner (a lexicon, a gazetteer), for the triage steps that cost
 * far more than a map lookup and meet the same words tweet after tweet. Bounded: when full the
 * cache is dropped whole, which keeps memory flat on an endless stream of typos while the common
 * words come straight back. The owner is held weakly, so a reloaded model takes its caches along.
 */
export function perWordMemo<Owner extends object, Answer>(): (
  owner: Owner,
  word: string,
  compute: () => Answer,
) => Answer {
  const caches = new WeakMap<Owner, Map<string, Answer>>();
  return (owner, word, compute) => {
    let cache = caches.get(owner);
    if (!cache) caches.set(owner, (cache = new Map()));
    if (cache.has(word)) return cache.get(word) as Answer;
    const answer = compute();
    if (cache.size >= MAX_WORDS) cache.clear();
    cache.set(word, answer);
    return answer;
  };
}
