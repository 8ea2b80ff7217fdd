import type { Keyboard } from "../core/card-view.js";
import { toLabelledLines } from "../core/correction.js";
import { escapeHtml } from "../core/render-card.js";
import { encodeRuleCallback } from "../core/rule-callback-data.js";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { CorrectionLog } from "../ports/correction-log.js";
import type { LearnedRuleStore } from "./learned-rules.js";
import type { TriageSetup } from "./live-triage.js";
import { suggestRules, type Suggestion } from "./suggest-rules.js";
import type { CandidateRule } from "./candidate-rule.js";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface WeeklySuggestionDeps {
  corrections: Pick<CorrectionLog, "between">;
  rules: LearnedRuleStore;
  /** The triage config and model in use (with the rules accepted so far). */
  setup(): TriageSetup;
  settings: Pick<PipelineSettings, "agencies" | "supervisorsChatId">;
  /** HMAC key of the buttons. */
  secret: string;
  /** Sends one message with buttons; `key` makes a repeated run of the same week send nothing twice. */
  send(chatId: number, html: string, keyboard: Keyboard, key: string): Promise<void>;
  now(): number;
  top: number;
  days: number;
}

/** A rule in plain Indonesian, for supervisors who do not read YAML. */
export function describeRule(rule: CandidateRule, settings: Pick<PipelineSettings, "agencies">): string {
  const q = (s: string) => `«${escapeHtml(s)}»`;
  switch (rule.type) {
    case "keyword":
      return `Tweet yang memuat ${q(rule.phrase)} diarahkan ke <b>${escapeHtml(agencyLabel(settings, rule.agency))}</b> (bobot ${rule.weight}).`;
    case "negative":
      return `Tweet yang memuat ${q(rule.phrase)} dijauhkan dari <b>${escapeHtml(agencyLabel(settings, rule.agency))}</b> (bobot −${rule.weight}).`;
    case "context":
      return `Kata ${q(rule.word)} berarti urusan <b>${escapeHtml(agencyLabel(settings, rule.agency))}</b> bila dekat ${rule.needs.map(q).join(" atau ")} (bobot ${rule.weight}).`;
    case "kind":
      return `Tweet yang memuat ${q(rule.phrase)} dicatat sebagai <b>${rule.kind}</b> (bobot ${rule.weight}).`;
  }
}

export function suggestionMessage(
  s: Suggestion,
  n: number,
  corrections: number,
  days: number,
  settings: Pick<PipelineSettings, "agencies">,
): string {
  const net = s.total.net > 0 ? `+${s.total.net}` : String(s.total.net);
  return [
    `💡 <b>Saran aturan triase ${n}</b> (dari ${corrections} koreksi staf, ${days} hari terakhir)`,
    describeRule(s.rule, settings),
    `Bila dipakai: ${s.total.fixed} tiket jadi benar, ${s.total.broken} jadi salah (bersih ${net}); ` +
      `didukung ${s.support} tiket, ketepatan ${Math.round(s.precision * 100)}%.`,
    `<code>${escapeHtml(`${s.file}: ${s.yaml}`)}</code> · ${s.id}`,
  ].join("\n");
}

/**
 * The weekly message: the top suggestions mined from the staff's recent corrections (no labelled
 * files: the service has none), each one the miner offers (it fixes more than it breaks on both
 * halves of the corrections, look-alike tweets counted once), never one already accepted or
 * dismissed, sent one message each with Terima/Abaikan buttons. Returns what was offered.
 */
export async function offerWeeklySuggestions(
  d: WeeklySuggestionDeps,
): Promise<{ offered: string[]; corrections: number }> {
  const chatId = d.settings.supervisorsChatId;
  if (chatId === undefined) return { offered: [], corrections: 0 };
  const now = d.now();
  const rows = toLabelledLines(await d.corrections.between(now - d.days * DAY_MS, now + 1));
  if (rows.length === 0) return { offered: [], corrections: 0 };
  const { config, model } = d.setup();
  const [dismissed, accepted] = await Promise.all([d.rules.dismissed(), d.rules.accepted()]);
  const skip = new Set([...dismissed, ...accepted.map((a) => a.id)]);
  // Only what the miner offers: it fixes more than it breaks on both halves of the corrections.
  const list = suggestRules(config, model, [{ name: "koreksi", rows }]).filter(
    (s) => s.offered && !skip.has(s.id),
  );
  const week = new Date(now).toISOString().slice(0, 10);
  const offered: string[] = [];
  for (const [i, s] of list.slice(0, d.top).entries()) {
    await d.rules.offer(s);
    const keyboard: Keyboard = [
      [
        { text: "✅ Terima", data: encodeRuleCallback("accept", s.id, chatId, d.secret) },
        { text: "✖️ Abaikan", data: encodeRuleCallback("dismiss", s.id, chatId, d.secret) },
      ],
    ];
    await d.send(
      chatId,
      suggestionMessage(s, i + 1, rows.length, d.days, d.settings),
      keyboard,
      `rule-offer-${week}-${s.id}`,
    );
    offered.push(s.id);
  }
  return { offered, corrections: rows.length };
}
