import { canonicalWord, splitWords } from "./place-keys.js";
import type { Evidence, TriageLocation, TriageVerdict } from "./types.js";

/**
 * One labelled line of a backtest file. `labels` empty means "not a complaint"; a line without
 * `labels` (an abuse-only data set) counts only towards the abusive figures.
 */
export interface LabelledTweet {
  id: string;
  text: string;
  labels?: string[];
  abusive?: boolean;
  /** The annotator's location text ("Jalan Eijkman", "depan RS Borromeus"), where given. */
  place?: string;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  fp: number;
  fn: number;
}

export interface Miss {
  id: string;
  text: string;
  kind: "missed complaint" | "false complaint" | "wrong agency";
  expected: string[];
  got: string | null;
  confidence: number;
  evidence: Evidence[];
}

export interface BacktestReport {
  total: number;
  /** Lines that carry agency labels (the rest only count for abuse). */
  labelled: number;
  complaint: Prf;
  /** Hits over all labelled complaints: a complaint we missed counts as a wrong agency. */
  agencyAccuracy: number;
  /** Hits over labelled complaints we also detected as complaints. */
  agencyAccuracyDetected: number;
  agencyHits: number;
  goldComplaints: number;
  detectedGoldComplaints: number;
  /** Labelled complaints that reached any card (the agency's group or the desk) over all labelled complaints. */
  cardRecall: number;
  /** Cards that went to the desk over all cards (what the desk costs staff). */
  deskShare: number;
  /** Labelled complaints sent to the desk. */
  deskComplaints: number;
  /** Agency accuracy counting a desk card as right when its best-ranked candidate is a label. */
  agencyAccuracyWithDeskGuess: number;
  /** Per predicted kind: how many cards, and how many of those are labelled complaints (and routed right). */
  perKind: Record<string, { cards: number; complaints: number; agencyHits: number }>;
  perAgency: Record<string, Prf>;
  /** confusion[expected][got]; `none` is "not a complaint". */
  confusion: Record<string, Record<string, number>>;
  abusive?: Prf;
  /**
   * Rows with an annotated place: how many, in how many we located something (found), and in how
   * many one of our names (street, landmark, kelurahan, kecamatan) agrees with the annotation
   * (matching, see `placeAgrees`). Undefined when no row has a place.
   */
  places?: { annotated: number; found: number; matching: number };
  worstMisses: Miss[];
}

/** Words that say what kind of place, not which one: left out when comparing place names. */
const PLACE_KIND_WORDS = new Set(
  [
    "jalan",
    "jl",
    "jln",
    "gang",
    "gg",
    "kelurahan",
    "kel",
    "kecamatan",
    "kec",
    "komplek",
    "perumahan",
    "perempatan",
    "pertigaan",
    "simpang",
    "depan",
    "dekat",
    "di",
    "sekitar",
    "daerah",
    "kawasan",
    "raya",
    "rs",
    "rumah",
    "sakit",
    "pasar",
    "terminal",
    "taman",
    "kota",
    "bandung",
    "dan",
  ].map(canonicalWord),
);

/** The distinctive words of a place name in key form ("Jalan Ir. H. Juanda" → ir, h, juanda). */
const placeWords = (name: string): string[] =>
  splitWords(name)
    .map(canonicalWord)
    .filter((w) => w.length >= 3 && !PLACE_KIND_WORDS.has(w));

/**
 * Whether a located place agrees with the annotator's text: some name we gave (street, landmark,
 * kelurahan or kecamatan) and the annotation share a distinctive word of 4+ letters, or one's
 * run-together key holds the other's ("Leuwipanjang" / "Leuwi Panjang"). Kind words (jalan, rs,
 * depan) do not count: "Jalan X" never matches "Jalan Y".
 */
export function placeAgrees(annotated: string, location: TriageLocation): boolean {
  const gold = placeWords(annotated);
  const goldKey = gold.join("");
  if (goldKey.length < 3) return false;
  const ours = [location.street, location.landmark, location.kelurahan, location.kecamatan].filter(
    (n): n is string => typeof n === "string" && n.length > 0,
  );
  return ours.some((name) => {
    const words = placeWords(name);
    const key = words.join("");
    if (key.length >= 4 && (goldKey.includes(key) || key.includes(goldKey))) return true;
    return words.some((w) => w.length >= 4 && gold.includes(w));
  });
}

const NONE = "none";

export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision: round(precision), recall: round(recall), f1: round(f1), tp, fp, fn };
}

/**
 * Scores verdicts against labels. A verdict hits when its agency is one of the labels (several
 * agencies may rightly own a problem: a flood is DSDABM's or Diskar PB's); for an out-of-city
 * complaint the agency is the external id (`pln`, `polisi`).
 */
export function computeBacktest(
  rows: readonly LabelledTweet[],
  verdicts: readonly TriageVerdict[],
  worst = 20,
): BacktestReport {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let agencyHits = 0;
  let goldComplaints = 0;
  let detectedGold = 0;
  let detectedHits = 0;
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (a: string): { tp: number; fp: number; fn: number } => {
    let c = counts.get(a);
    if (!c) counts.set(a, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  const confusion: Record<string, Record<string, number>> = {};
  const misses: Miss[] = [];
  let abuse: { tp: number; fp: number; fn: number } | undefined;
  let labelled = 0;
  let cards = 0;
  let deskCards = 0;
  let deskComplaints = 0;
  let deskGuessHits = 0;
  const perKind: BacktestReport["perKind"] = {};
  let places: BacktestReport["places"];

  rows.forEach((row, i) => {
    const v = verdicts[i];
    if (!v) return;
    if (row.abusive !== undefined) {
      abuse ??= { tp: 0, fp: 0, fn: 0 };
      if (row.abusive && v.abusive) abuse.tp++;
      else if (!row.abusive && v.abusive) abuse.fp++;
      else if (row.abusive && !v.abusive) abuse.fn++;
    }
    if (row.place !== undefined && row.place.trim() !== "") {
      places ??= { annotated: 0, found: 0, matching: 0 };
      places.annotated++;
      if (v.location.source !== "none") places.found++;
      if (placeAgrees(row.place, v.location)) places.matching++;
    }
    const labels = row.labels;
    if (!labels) return;
    labelled++;
    const gold = labels.length > 0;
    const got = v.complaint ? v.agency : null;
    if (gold) goldComplaints++;
    if (gold && v.complaint) tp++;
    else if (!gold && v.complaint) fp++;
    else if (gold && !v.complaint) fn++;

    const hit = got !== null && labels.includes(got);
    if (gold && hit) agencyHits++;
    const disposition = v.disposition ?? (v.complaint ? "agency" : "audit");
    if (v.complaint) {
      cards++;
      const k = (perKind[v.kind ?? "unknown"] ??= { cards: 0, complaints: 0, agencyHits: 0 });
      k.cards++;
      if (gold) k.complaints++;
      if (gold && hit) k.agencyHits++;
    }
    if (disposition === "desk") {
      deskCards++;
      if (gold) deskComplaints++;
    }
    const guess = v.candidates[0]?.agency;
    if (gold && (hit || (disposition === "desk" && guess !== undefined && labels.includes(guess)))) {
      deskGuessHits++;
    }
    if (gold && v.complaint) {
      detectedGold++;
      if (hit) detectedHits++;
    }
    for (const l of labels) count(l);
    if (got !== null) {
      if (hit) count(got).tp++;
      else count(got).fp++;
    }
    if (gold && !hit) for (const l of labels) count(l).fn++;

    const expectedKey = gold ? (hit && got ? got : (labels[0] ?? NONE)) : NONE;
    const gotKey = got ?? NONE;
    const line = (confusion[expectedKey] ??= {});
    line[gotKey] = (line[gotKey] ?? 0) + 1;

    if (gold !== v.complaint || (gold && !hit)) {
      const kind: Miss["kind"] =
        gold && !v.complaint ? "missed complaint" : !gold ? "false complaint" : "wrong agency";
      misses.push({
        id: row.id,
        text: row.text,
        kind,
        expected: labels,
        got,
        confidence: v.confidence,
        evidence: v.evidence,
      });
    }
  });

  const perAgency: Record<string, Prf> = {};
  for (const [a, c] of [...counts.entries()].sort(([x], [y]) => x.localeCompare(y))) {
    perAgency[a] = prf(c.tp, c.fp, c.fn);
  }
  const report: BacktestReport = {
    total: rows.length,
    labelled,
    complaint: prf(tp, fp, fn),
    agencyAccuracy: round(goldComplaints === 0 ? 0 : agencyHits / goldComplaints),
    agencyAccuracyDetected: round(detectedGold === 0 ? 0 : detectedHits / detectedGold),
    agencyHits,
    cardRecall: round(goldComplaints === 0 ? 0 : tp / goldComplaints),
    deskShare: round(cards === 0 ? 0 : deskCards / cards),
    deskComplaints,
    agencyAccuracyWithDeskGuess: round(goldComplaints === 0 ? 0 : deskGuessHits / goldComplaints),
    perKind,
    goldComplaints,
    detectedGoldComplaints: detectedGold,
    perAgency,
    confusion,
    worstMisses: rankMisses(misses).slice(0, worst),
  };
  if (abuse) report.abusive = prf(abuse.tp, abuse.fp, abuse.fn);
  if (places) report.places = places;
  return report;
}

/**
 * The worst misses first: a confident wrong agency misleads staff most, then false complaints
 * (noise in an agency's group), then missed complaints; within a kind, more evidence first
 * (a rule fired and was still wrong, which is what an operator can fix).
 */
function rankMisses(misses: Miss[]): Miss[] {
  const order: Record<Miss["kind"], number> = {
    "wrong agency": 0,
    "false complaint": 1,
    "missed complaint": 2,
  };
  return [...misses].sort(
    (a, b) =>
      order[a.kind] - order[b.kind] || b.confidence - a.confidence || b.evidence.length - a.evidence.length,
  );
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** FNV-1a (32-bit) of a string: a stable, dependency-free hash for splitting a file by id. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The half a row falls in: `tune` (even hash of its id) or `check` (odd). Deterministic across runs and machines. */
export function splitHalf(id: string): "tune" | "check" {
  return fnv1a(id) % 2 === 0 ? "tune" : "check";
}
