import type { KindsFile } from "./lexicon-schema.js";
import type { NormalisedText, SlangLexicon } from "./normalise.js";
import {
  compilePhrase,
  dedupePhrases,
  dropCovered,
  hitText,
  PhraseIndex,
  type CompiledPhrase,
} from "./phrase-index.js";
import type { Evidence, ReportKind } from "./types.js";

type CueGroup =
  | { group: "kind"; kind: Exclude<ReportKind, "keluhan"> }
  | { group: "relay" }
  | { group: "letter" }
  | { group: "not_report"; family: string };

export interface KindModel {
  readonly cues: PhraseIndex<CueGroup>;
  readonly about: ReadonlyMap<string, string>;
}

/** What the kind cues found in one tweet. */
export interface KindSignals {
  /** Summed weights per non-keluhan kind. */
  permintaan: number;
  pertanyaan: number;
  saran: number;
  /** The tweet passes on a citizen's report (relay cue, or `RT @account:` of a non-official account). */
  relay: boolean;
  /** Summed weight of letter cues: a formal letter to the office, or a writer introducing themself. */
  letter: number;
  /** The strongest not-a-report family and its weight, if any. */
  notReport: { family: string; about: string; weight: number; match: string } | null;
  /** A question mark in the text (questions often have no question word). */
  questionMark: boolean;
  evidence: Evidence[];
}

const groupKey = (g: CueGroup): string =>
  g.group === "kind" ? `kind/${g.kind}` : g.group === "not_report" ? `not/${g.family}` : g.group;

export function buildKindModel(file: KindsFile, slang: SlangLexicon): KindModel {
  const phrases: CompiledPhrase<CueGroup>[] = [];
  const about = new Map<string, string>();
  const add = (entries: Record<string, number>, payload: CueGroup): void => {
    for (const [text, weight] of Object.entries(entries)) {
      const p = compilePhrase(text, weight, payload, slang);
      if (p) phrases.push(p);
    }
  };
  for (const kind of ["permintaan", "pertanyaan", "saran"] as const) {
    add(file.kinds[kind].phrases, { group: "kind", kind });
    about.set(kind, file.kinds[kind].about);
  }
  add(file.relay, { group: "relay" });
  add(file.letter, { group: "letter" });
  for (const [family, cues] of Object.entries(file.not_report)) {
    add(cues.phrases, { group: "not_report", family });
    about.set(family, cues.about);
  }
  return { cues: new PhraseIndex(dedupePhrases(phrases, groupKey)), about };
}

// `RT @media: ...` or `... via @account`: someone passing a post on.
const RT_RE = /^\s*(?:\S+\s+){0,2}RT\s*@([A-Za-z0-9_]{1,30})\s*:?/u;
const VIA_RE = /\b(?:via|from|dari|cc)\s*@([A-Za-z0-9_]{1,30})/iu;

export function readKindSignals(
  model: KindModel,
  raw: string,
  text: NormalisedText,
  officialAccounts: ReadonlySet<string>,
): KindSignals {
  const out: KindSignals = {
    permintaan: 0,
    pertanyaan: 0,
    saran: 0,
    relay: false,
    letter: 0,
    notReport: null,
    questionMark: raw.includes("?"),
    evidence: [],
  };
  const notByFamily = new Map<string, { weight: number; match: string }>();
  for (const hit of dropCovered(model.cues.match(text), groupKey)) {
    const p = hit.phrase.payload;
    const w = hit.phrase.weight;
    if (p.group === "kind") out[p.kind] += w;
    else if (p.group === "letter") {
      out.letter += w;
      out.evidence.push({
        field: "kind",
        reason: `a letter to the office: \`${hit.phrase.text}\``,
        match: hitText(hit, text),
      });
    } else if (p.group === "relay") {
      out.relay = true;
      out.evidence.push({
        field: "kind",
        reason: `passes on a citizen's report: \`${hit.phrase.text}\``,
        match: hitText(hit, text),
      });
    } else {
      const f = notByFamily.get(p.family) ?? { weight: 0, match: hitText(hit, text) };
      f.weight += w;
      notByFamily.set(p.family, f);
    }
  }
  const rt = RT_RE.exec(raw) ?? VIA_RE.exec(raw);
  if (rt?.[1] && !officialAccounts.has(rt[1].toLowerCase()) && !out.relay) {
    out.relay = true;
    out.evidence.push({ field: "kind", reason: "passes on another account's post", match: rt[0].trim() });
  }
  for (const [family, f] of notByFamily) {
    if (!out.notReport || f.weight > out.notReport.weight) {
      out.notReport = { family, about: model.about.get(family) ?? family, weight: f.weight, match: f.match };
    }
  }
  return out;
}

/**
 * The kind of a report: a named problem makes it a `keluhan`; otherwise the strongest of the
 * request, question and suggestion cues (a question mark counts as a question), and `keluhan`
 * when none of them speaks (a topic and a place with no verb is still something wrong).
 */
export function chooseKind(
  signals: KindSignals,
  problem: number,
  about: ReadonlyMap<string, string>,
): { kind: ReportKind; evidence: Evidence } {
  const question = signals.pertanyaan + (signals.questionMark ? 1 : 0);
  const ranked: [Exclude<ReportKind, "keluhan">, number][] = [
    ["saran", signals.saran],
    ["pertanyaan", question],
    ["permintaan", signals.permintaan],
  ];
  ranked.sort((a, b) => b[1] - a[1]);
  const [best, weight] = ranked[0] ?? ["permintaan", 0];
  // A clear problem outweighs a polite `mohon` or a rhetorical `kenapa`.
  if (problem >= 1.5 && !(best === "saran" && weight >= 2) && !(problem < weight && best === "pertanyaan")) {
    return { kind: "keluhan", evidence: { field: "kind", reason: "names a problem: keluhan", match: "" } };
  }
  if (weight <= 0) {
    return {
      kind: "keluhan",
      evidence: {
        field: "kind",
        reason: "a matter for the city with no request or question: keluhan",
        match: "",
      },
    };
  }
  return {
    kind: best,
    evidence: { field: "kind", reason: `${about.get(best) ?? best}: ${best} (${weight})`, match: "" },
  };
}
