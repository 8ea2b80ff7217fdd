import { perWordMemo } from "./word-memo.js";
import type { AbuseCategory, AbuseLexicon } from "./abuse-lexicon.js";
import { ABUSE_CATEGORIES } from "./abuse-lexicon.js";
import { abuseTokens, type AbuseToken } from "./abuse-tokens.js";
import type { Evidence } from "./types.js";

type TargetNeed = "person" | "you" | null;

interface CompiledTerm {
  readonly term: string;
  readonly category: AbuseCategory;
  readonly weight: number;
  readonly needsTarget: TargetNeed;
  readonly window: number;
  /** Phrases that make it innocent, with the index of the term's own word inside them. */
  readonly phrases: readonly { readonly words: readonly string[]; readonly at: number }[];
  /** Single words that make it innocent when near. */
  readonly context: ReadonlySet<string>;
  /** Whether vowel-less spellings of it are looked for (`skeleton` in the lexicon, default true). */
  readonly skeleton: boolean;
}

interface MultiWordForm {
  readonly words: readonly string[];
  readonly term: CompiledTerm;
}

/** A lexicon compiled into lookup tables; build once at start-up, share across tweets. */
export interface AbuseDetector {
  readonly threshold: number;
  readonly targetBonus: number;
  readonly untargetedFactor: number;
  readonly shortPostWords: number;
  readonly shortPostFactor: number;
  readonly contextWindow: number;
  readonly intensifiers: ReadonlySet<string>;
  readonly denials: ReadonlySet<string>;
  readonly intensifierBonus: number;
  /** Every single-word spelling (term, variants, vowel-less skeletons) → its term. */
  readonly words: ReadonlyMap<string, CompiledTerm>;
  /** The same spellings with repeated letters collapsed (`anjiiing` → `anjing`). */
  readonly squashed: ReadonlyMap<string, CompiledTerm>;
  /** Multi-word spellings, by their first word, longest first. */
  readonly phrases: ReadonlyMap<string, readonly MultiWordForm[]>;
  /**
   * Single-word spellings of terms with a long enough skeleton, by that skeleton (`gblk` →
   * `goblok`), for words with only some vowels dropped (`gblok`, `jncuk`, `bngsat`).
   */
  readonly bySkeleton: ReadonlyMap<string, readonly (readonly [string, CompiledTerm])[]>;
  /** Single-word spellings by length, for masked words (`a*jing`, `k*nt*l`). */
  readonly byLength: ReadonlyMap<number, readonly (readonly [string, CompiledTerm])[]>;
  readonly you: ReadonlySet<string>;
  readonly youSuffixes: readonly string[];
  readonly notYou: ReadonlySet<string>;
  readonly other: ReadonlySet<string>;
  readonly self: ReadonlySet<string>;
  readonly markers: ReadonlySet<string>;
  readonly similes: ReadonlySet<string>;
}

export interface AbuseResult {
  abusive: boolean;
  /** Every counted word with why it counted; empty unless the tweet is abusive. */
  evidence: Evidence[];
}

const VOWELS_RE = /[aiueo]/g;
const RUN_RE = /(.)\1+/g;
const HAS_RUN_RE = /(.)\1/;
const MIN_SKELETON = 4;
/** Suffixes stripped when a word is not found as written; `mu` ("your") also aims the word at the reader. */
const SUFFIXES = ["nya", "lah", "kah", "mu"] as const;
/** `dasar bodoh`, `si dungu`: a marker aims a word at most this many tokens after it. */
const MARKER_REACH = 2;
/**
 * A reply starts with @handles whoever it insults, and `-mu` words ("lelahmu", "bagimu") are
 * everywhere: both aim a word only when they stand this close to it.
 */
const LOOSE_TARGET_REACH = 2;
const PREFIX = "nge";

const squash = (s: string): string => s.replace(RUN_RE, "$1");

export function buildAbuseDetector(lexicon: AbuseLexicon): AbuseDetector {
  const words = new Map<string, CompiledTerm>();
  const squashed = new Map<string, CompiledTerm>();
  const phrases = new Map<string, MultiWordForm[]>();
  const byLength = new Map<number, [string, CompiledTerm][]>();
  const bySkeleton = new Map<string, [string, CompiledTerm][]>();

  const addForm = (form: string, term: CompiledTerm): void => {
    const parts = form.split(" ");
    const first = parts[0] as string;
    if (parts.length > 1) {
      const list = phrases.get(first) ?? [];
      list.push({ words: parts, term });
      list.sort((a, b) => b.words.length - a.words.length);
      phrases.set(first, list);
      return;
    }
    if (words.has(form)) return;
    words.set(form, term);
    if (!squashed.has(squash(form))) squashed.set(squash(form), term);
    const skeleton = squash(form.replace(VOWELS_RE, ""));
    if (skeleton.length >= MIN_SKELETON && term.skeleton) {
      const sameSkeleton = bySkeleton.get(skeleton) ?? [];
      sameSkeleton.push([form, term]);
      bySkeleton.set(skeleton, sameSkeleton);
    }
    const sameLength = byLength.get(form.length) ?? [];
    sameLength.push([form, term]);
    byLength.set(form.length, sameLength);
  };

  const pending: { skeleton: string; term: CompiledTerm }[] = [];
  for (const category of ABUSE_CATEGORIES) {
    for (const t of lexicon.categories[category] ?? []) {
      const forms = [t.term, ...(t.variants ?? [])];
      const phraseList: { words: string[]; at: number }[] = [];
      const context = new Set<string>();
      for (const a of t.ambiguous_with ?? []) {
        const aw = a.split(" ");
        if (aw.length === 1) {
          context.add(a);
          continue;
        }
        for (const f of forms) {
          const fw = f.split(" ");
          const at = aw.findIndex((_w, i) => fw.every((w, j) => aw[i + j] === w));
          if (at >= 0) {
            phraseList.push({ words: aw, at });
            break;
          }
        }
      }
      const compiled: CompiledTerm = {
        term: t.term,
        category,
        weight: t.weight,
        needsTarget: t.needs_target === true ? "person" : t.needs_target === "you" ? "you" : null,
        window: t.window ?? lexicon.target_window,
        phrases: phraseList,
        context,
        skeleton: t.skeleton !== false,
      };
      for (const f of forms) addForm(f, compiled);
      if (t.skeleton !== false && !t.term.includes(" ")) {
        const skeleton = squash(t.term.replace(VOWELS_RE, ""));
        if (skeleton.length >= MIN_SKELETON && skeleton !== t.term)
          pending.push({ skeleton, term: compiled });
      }
    }
  }
  // Written spellings win over generated ones.
  for (const p of pending) if (!words.has(p.skeleton)) addForm(p.skeleton, p.term);

  const targets = lexicon.targets;
  return {
    threshold: lexicon.threshold,
    targetBonus: lexicon.target_bonus,
    untargetedFactor: lexicon.untargeted_factor,
    shortPostWords: lexicon.short_post_words,
    shortPostFactor: lexicon.short_post_factor,
    contextWindow: lexicon.context_window,
    intensifiers: new Set(lexicon.intensifiers),
    denials: new Set(lexicon.denials),
    intensifierBonus: lexicon.intensifier_bonus,
    words,
    squashed,
    phrases,
    byLength,
    bySkeleton,
    you: new Set(targets.you),
    youSuffixes: targets.you_suffixes,
    notYou: new Set(targets.not_you),
    other: new Set(targets.other),
    self: new Set(targets.self),
    markers: new Set(targets.markers),
    similes: new Set(targets.similes),
  };
}

interface Hit {
  term: CompiledTerm;
  /** Index of the first token of the hit in the token list. */
  index: number;
  /** Number of tokens the hit spans. */
  span: number;
  /** The word carried its own "your" suffix (`kontolmu`). */
  aimedBySuffix: boolean;
  raw: string;
}

/**
 * Decides whether a tweet insults, swears at, threatens or sexually harasses someone.
 * `tokens` are the normalised tokens of the same tweet; the raw text is read again because
 * normalisation can erase the signal (`4njing`, `a n j i n g`, `k*ntol`).
 */
/**
 * What triage already knows about the post. `report: false` (known not to be a report to the
 * city) lets an insult aimed at no one count at `untargeted_factor`; in a report, or when
 * unknown, frustration ("edan euy hujanna, cileuncang di mana-mana") is not abuse unless aimed.
 */
export interface AbuseContext {
  report?: boolean;
}

export function detectAbuse(
  d: AbuseDetector,
  text: string,
  tokens: readonly string[],
  context: AbuseContext = {},
): AbuseResult {
  const untargeted = context.report === false ? d.untargetedFactor : 0;
  const best = new Map<string, { score: number; evidence: Evidence }>();
  const seen = new Set<string>();
  const rawTokens = abuseTokens(text);
  collect(d, rawTokens, best, seen, null, null, untargeted);
  // Normalised tokens add only words the raw text did not show at all (a split hashtag,
  // an expanded abbreviation): they have lost punctuation, so a word already judged in
  // context on the raw text is not judged again without it.
  if (tokens.length > 0) {
    const normalised: AbuseToken[] = [];
    const rawForms = new Set<string>();
    for (const t of rawTokens) rawForms.add(t.form);
    for (const t of tokens) {
      const previous = normalised[normalised.length - 1];
      if (previous && previous.form === t) previous.reduplicated = true;
      else normalised.push({ raw: t, form: t, mention: false, reduplicated: false, pos: normalised.length });
    }
    collect(d, normalised, best, new Set<string>(), seen, rawForms, untargeted);
  }
  let total = 0;
  for (const v of best.values()) total += v.score;
  const words = rawTokens.filter((t) => !t.mention).length;
  if (d.shortPostWords > 0 && words <= d.shortPostWords) total *= d.shortPostFactor;
  if (total < d.threshold) return { abusive: false, evidence: [] };
  return { abusive: true, evidence: [...best.values()].map((v) => v.evidence) };
}

function collect(
  d: AbuseDetector,
  toks: readonly AbuseToken[],
  best: Map<string, { score: number; evidence: Evidence }>,
  seen: Set<string>,
  skip: ReadonlySet<string> | null,
  judged: ReadonlySet<string> | null = null,
  untargetedFactor = 0,
): void {
  for (let i = 0; i < toks.length; i++) {
    // A word the raw pass already looked up cannot start anything new.
    if (judged?.has((toks[i] as AbuseToken).form)) continue;
    const hit = matchAt(d, toks, i);
    if (!hit) continue;
    i += hit.span - 1;
    if (skip?.has(hit.term.term)) continue;
    seen.add(hit.term.term);
    if (isCancelled(d, toks, hit) || isDenied(d, toks, hit)) continue;
    const { target, self } = findTarget(d, toks, hit);
    const untargeted = hit.term.needsTarget !== null && target === null;
    // "saya kan autis", "aku bukan bolot": a weak word about oneself is not name-calling.
    if (untargeted && (hit.term.needsTarget === "you" || untargetedFactor === 0 || self)) continue;
    // In a report, emphasis is frustration ("norak banget reklamenya") unless aimed at a person.
    const intensified =
      d.intensifierBonus > 0 && (untargetedFactor > 0 || target !== null) && isIntensified(d, toks, hit);
    const score =
      (untargeted
        ? hit.term.weight * untargetedFactor
        : hit.term.weight + (target === null ? 0 : d.targetBonus)) + (intensified ? d.intensifierBonus : 0);
    const previous = best.get(hit.term.term);
    if (previous && previous.score >= score) continue;
    const stressed = intensified ? ", with emphasis" : "";
    const reason = untargeted
      ? `${hit.term.category} "${hit.term.term}"${stressed} aimed at no one found, in a post that is not a report (×${untargetedFactor})`
      : target === null
        ? `${hit.term.category} "${hit.term.term}"${stressed}`
        : `${hit.term.category} "${hit.term.term}"${stressed} aimed at ${target}`;
    best.set(hit.term.term, { score, evidence: { field: "abusive", reason, match: hit.raw } });
  }
}

function matchAt(d: AbuseDetector, toks: readonly AbuseToken[], i: number): Hit | null {
  const tok = toks[i] as AbuseToken;
  const multi =
    d.phrases.get(tok.form) ?? (HAS_RUN_RE.test(tok.form) ? d.phrases.get(squash(tok.form)) : undefined);
  if (multi) {
    for (const p of multi) {
      if (i + p.words.length > toks.length) continue;
      let ok = true;
      for (let j = 1; j < p.words.length && ok; j++) {
        // Punctuation between the words ("mati, kamu") breaks a phrase.
        const next = toks[i + j] as AbuseToken;
        ok = next.pos === tok.pos + j && sameWord(next.form, p.words[j] as string);
      }
      if (ok) {
        const raw = toks
          .slice(i, i + p.words.length)
          .map((t) => t.raw)
          .join(" ");
        return { term: p.term, index: i, span: p.words.length, aimedBySuffix: false, raw };
      }
    }
  }
  const direct = lookupWord(d, tok.form);
  if (direct) return { term: direct, index: i, span: 1, aimedBySuffix: false, raw: tok.raw };
  for (const suffix of SUFFIXES) {
    if (tok.form.length - suffix.length < 3 || !tok.form.endsWith(suffix)) continue;
    const base = lookupWord(d, tok.form.slice(0, -suffix.length));
    if (base) return { term: base, index: i, span: 1, aimedBySuffix: suffix === "mu", raw: tok.raw };
  }
  // `ngebacot`, `ngegoblokin`: the colloquial verb prefix on a swear word.
  if (tok.form.startsWith(PREFIX) && tok.form.length - PREFIX.length >= 4) {
    const base = lookupWord(d, tok.form.slice(PREFIX.length));
    if (base) return { term: base, index: i, span: 1, aimedBySuffix: false, raw: tok.raw };
  }
  if (tok.form.includes("*")) {
    const masked = lookupMasked(d, tok.form);
    if (masked) return { term: masked, index: i, span: 1, aimedBySuffix: false, raw: tok.raw };
  }
  return null;
}

function lookupWord(d: AbuseDetector, form: string): CompiledTerm | undefined {
  const direct = d.words.get(form);
  if (direct) return direct;
  // Every other word of every tweet comes here and most are plain words that are no term: the
  // skeleton search costs more than the rest of the lookup, and words repeat across tweets.
  return lookupMemo(
    d,
    form,
    () => (HAS_RUN_RE.test(form) ? d.squashed.get(squash(form)) : undefined) ?? lookupVowelDropped(d, form),
  );
}

const lookupMemo = perWordMemo<AbuseDetector, CompiledTerm | undefined>();

/**
 * `gblok`, `jncuk`, `bngsat`: a known spelling with half or more of its vowels left out, nothing else
 * changed. Only terms with at least MIN_SKELETON consonants, so that everyday words cannot land
 * on a short one ("stan" is a stall, not `setan`).
 */
function lookupVowelDropped(d: AbuseDetector, form: string): CompiledTerm | undefined {
  if (form.length < MIN_SKELETON) return undefined;
  const squashed = squash(form);
  const candidates = d.bySkeleton.get(squash(squashed.replace(VOWELS_RE, "")));
  if (!candidates) return undefined;
  for (const [spelling, term] of candidates) {
    const full = squash(spelling);
    // At least half the vowels gone: "sangan" is a word, not a spelling of `sangean`.
    if (vowelCount(squashed) * 2 <= vowelCount(full) && isVowelDrop(squashed, full)) return term;
  }
  return undefined;
}

function vowelCount(s: string): number {
  let n = 0;
  for (const c of s) if ("aiueo".includes(c)) n++;
  return n;
}

/** Whether `short` is `long` with only vowels removed. */
function isVowelDrop(short: string, long: string): boolean {
  let i = 0;
  for (const c of long) {
    if (i < short.length && short[i] === c) i++;
    else if (!"aiueo".includes(c)) return false;
  }
  return i === short.length;
}

function sameWord(form: string, word: string): boolean {
  return form === word || (HAS_RUN_RE.test(form) && squash(form) === squash(word));
}

/** `a*jing`, `k*nt*l`: a known spelling of the same length agreeing on every unmasked letter. */
function lookupMasked(d: AbuseDetector, form: string): CompiledTerm | undefined {
  let known = 0;
  for (const c of form) if (c !== "*") known++;
  if (known < 2 || known * 2 < form.length) return undefined;
  let found: CompiledTerm | undefined;
  for (const [candidate, term] of d.byLength.get(form.length) ?? []) {
    let ok = true;
    for (let k = 0; k < form.length && ok; k++) ok = form[k] === "*" || form[k] === candidate[k];
    if (ok && (!found || term.weight > found.weight)) found = term;
  }
  return found;
}

function isCancelled(d: AbuseDetector, toks: readonly AbuseToken[], hit: Hit): boolean {
  const { term } = hit;
  for (const p of term.phrases) {
    const start = hit.index - p.at;
    if (start < 0 || start + p.words.length > toks.length) continue;
    let ok = true;
    for (let j = 0; j < p.words.length && ok; j++) {
      const k = start + j;
      // The term's own slot matched already, whatever spelling it had.
      if (k >= hit.index && k < hit.index + hit.span) continue;
      ok = sameWord((toks[k] as AbuseToken).form, p.words[j] as string);
    }
    if (ok) return true;
  }
  if (term.context.size === 0) return false;
  const pos = (toks[hit.index] as AbuseToken).pos;
  for (let k = hit.index - 1; k >= 0 && pos - (toks[k] as AbuseToken).pos <= d.contextWindow; k--) {
    if (term.context.has((toks[k] as AbuseToken).form)) return true;
  }
  const endPos = (toks[hit.index + hit.span - 1] as AbuseToken).pos;
  for (
    let k = hit.index + hit.span;
    k < toks.length && (toks[k] as AbuseToken).pos - endPos <= d.contextWindow;
    k++
  ) {
    if (term.context.has((toks[k] as AbuseToken).form)) return true;
  }
  return false;
}

/** "nggak bodo", "bukan sarap", "kata autis": a denial or a quoting word right before the hit. */
function isDenied(d: AbuseDetector, toks: readonly AbuseToken[], hit: Hit): boolean {
  const before = toks[hit.index - 1];
  return (
    before !== undefined &&
    (toks[hit.index] as AbuseToken).pos - before.pos === 1 &&
    d.denials.has(before.form)
  );
}

/** A degree word or copula right before or after the hit, in the same clause (`udik bener`, `emang kampungan`). */
function isIntensified(d: AbuseDetector, toks: readonly AbuseToken[], hit: Hit): boolean {
  if (isShouted(toks, hit)) return true;
  const before = toks[hit.index - 1];
  const startPos = (toks[hit.index] as AbuseToken).pos;
  if (before && startPos - before.pos === 1 && d.intensifiers.has(before.form)) return true;
  const after = toks[hit.index + hit.span];
  const endPos = (toks[hit.index + hit.span - 1] as AbuseToken).pos;
  return after !== undefined && after.pos - endPos === 1 && d.intensifiers.has(after.form);
}

/**
 * The term written in capitals (`kitab SAMPAH`, `dasar BEGO`): shouting is emphasis, like a
 * degree word. Words of fewer than three letters (`RT`, `DI`) do not count.
 */
function isShouted(toks: readonly AbuseToken[], hit: Hit): boolean {
  for (let k = hit.index; k < hit.index + hit.span; k++) {
    const raw = (toks[k] as AbuseToken).raw;
    if (!SHOUTED_RE.test(raw) || raw !== raw.toUpperCase()) return false;
  }
  return true;
}
const SHOUTED_RE = /\p{Lu}{3}/u;

/** `rumahmu`, `otakmu`: a word that says "your". */
function isYouSuffixed(d: AbuseDetector, t: AbuseToken): boolean {
  if (d.notYou.has(t.form)) return false;
  for (const s of d.youSuffixes) if (t.form.length - s.length >= 3 && t.form.endsWith(s)) return true;
  return false;
}

/**
 * The word that aims the hit at a person, or null, and whether a first-person pronoun stands nearer
 * than any target: that makes a weak insult self-deprecation ("gue emang bodoh"); threats (`you`)
 * need a second person.
 */
function findTarget(
  d: AbuseDetector,
  toks: readonly AbuseToken[],
  hit: Hit,
): { target: string | null; self: boolean } {
  const first = toks[hit.index] as AbuseToken;
  if (hit.aimedBySuffix) return { target: first.raw, self: false };
  const need = hit.term.needsTarget;
  const window = hit.term.window;
  const startPos = first.pos;
  const endPos = (toks[hit.index + hit.span - 1] as AbuseToken).pos;
  let bestTarget = null as string | null;
  let bestDistance = Infinity;
  let selfDistance = Infinity;
  const consider = (k: number, distance: number, before: boolean): void => {
    const t = toks[k] as AbuseToken;
    // `sia-sia` is "in vain", not Sundanese "you" twice.
    let isTarget = d.you.has(t.form) && !t.reduplicated;
    if (!isTarget && distance <= LOOSE_TARGET_REACH) isTarget = isYouSuffixed(d, t);
    if (!isTarget && need !== "you") {
      isTarget =
        (t.mention && distance <= LOOSE_TARGET_REACH && !d.words.has(t.form)) ||
        (d.other.has(t.form) && !t.reduplicated) ||
        (before && distance <= MARKER_REACH && d.markers.has(t.form)) ||
        (before && distance === 1 && d.similes.has(t.form));
    }
    if (isTarget && distance < bestDistance) {
      bestTarget = t.raw;
      bestDistance = distance;
    } else if (!isTarget && d.self.has(t.form) && distance < selfDistance) selfDistance = distance;
  };
  for (let k = hit.index - 1; k >= 0; k--) {
    const distance = startPos - (toks[k] as AbuseToken).pos;
    if (distance > window) break;
    consider(k, distance, true);
  }
  for (let k = hit.index + hit.span; k < toks.length; k++) {
    const distance = (toks[k] as AbuseToken).pos - endPos;
    if (distance > window) break;
    consider(k, distance, false);
  }
  const self = selfDistance < bestDistance;
  if (bestTarget === null || (need === "person" && self)) return { target: null, self };
  return { target: bestTarget, self };
}
