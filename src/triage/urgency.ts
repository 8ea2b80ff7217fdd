import type { UrgencyFile } from "./lexicon-schema.js";
import type { NormalisedText, SlangLexicon } from "./normalise.js";
import { compilePhrase, hitText, PhraseIndex, type CompiledPhrase, type PhraseWord } from "./phrase-index.js";
import type { Evidence, Urgency } from "./types.js";

interface CompiledCombination {
  all: CompiledPhrase<null>[];
  any: CompiledPhrase<null>[];
  window: number;
  reason: string;
}

export interface UrgencyModel {
  readonly phrases: PhraseIndex<null>;
  readonly combinations: readonly CompiledCombination[];
}

export interface UrgencyDecision {
  urgency: Urgency;
  evidence: Evidence[];
}

export function buildUrgencyModel(file: UrgencyFile, slang: SlangLexicon): UrgencyModel {
  const compile = (text: string): CompiledPhrase<null> | undefined => compilePhrase(text, 1, null, slang);
  const phrases = Object.entries(file.phrases)
    .map(([text, weight]) => compilePhrase(text, weight, null, slang))
    .filter((p): p is CompiledPhrase<null> => p !== undefined);
  const combinations = file.combinations.map((c) => ({
    all: c.all.map(compile).filter((p): p is CompiledPhrase<null> => p !== undefined),
    any: c.any.map(compile).filter((p): p is CompiledPhrase<null> => p !== undefined),
    window: c.window,
    reason: c.reason,
  }));
  return { phrases: new PhraseIndex(phrases), combinations };
}

/**
 * Urgent means danger to people or property now: fire, a flood with people trapped, a tree fallen
 * on people, cars or the road, an accident with victims, live wires. A phrase urgent on its own
 * decides alone; a combination needs all its words and one of its companions close together
 * (`banjir` is normal, `banjir ... terjebak` is urgent).
 */
export function assessUrgency(model: UrgencyModel, text: NormalisedText): UrgencyDecision {
  const evidence: Evidence[] = [];
  for (const hit of model.phrases.match(text)) {
    evidence.push({ field: "urgency", reason: `urgent: \`${hit.phrase.text}\``, match: hitText(hit, text) });
  }
  for (const combo of model.combinations) {
    const anchors = combo.all.map((p) => findAll(p.words, text));
    if (anchors.some((positions) => positions.length === 0)) continue;
    const first = anchors[0] ?? [];
    for (const companion of combo.any) {
      const near = findAll(companion.words, text).find((pos) =>
        first.some((a) => Math.abs(pos - a) <= combo.window),
      );
      if (near !== undefined) {
        const anchorText = combo.all.map((p) => p.text).join(" + ");
        evidence.push({
          field: "urgency",
          reason: `urgent: ${combo.reason}`,
          match: `${anchorText} … ${companion.text}`,
        });
        break;
      }
    }
  }
  return { urgency: evidence.length > 0 ? "urgent" : "normal", evidence };
}

function findAll(words: readonly PhraseWord[], text: NormalisedText): number[] {
  const out: number[] = [];
  outer: for (let i = 0; i + words.length <= text.tokens.length; i++) {
    for (let k = 0; k < words.length; k++) {
      const w = words[k];
      if (!w || (w.exact ? text.tokens[i + k] : text.stems[i + k]) !== w.value) continue outer;
    }
    out.push(i);
  }
  return out;
}
