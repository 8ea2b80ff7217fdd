import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseLabelled, type LabelledRow } from "../src/cli/labelled-jsonl.js";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { loadConfig } from "../src/app/load-config.js";
import { triage } from "../src/triage/triage.js";
import { computeBacktest } from "../src/triage/backtest-metrics.js";
import { configWithRules, modelWithRules } from "../src/learning/apply-rules.js";
import type { CandidateRule } from "../src/learning/candidate-rule.js";
import { suggestRules, type Suggestion } from "../src/learning/suggest-rules.js";
import { timeOrder } from "../bench/bench-learning.js";
const policy = process.env["P"] ?? "offered";
const minSupport = Number(process.env["MS"] ?? 3);
const perBlock = Number(process.env["K"] ?? 3);
const minNet = Number(process.env["MN"] ?? 2);
const { config } = await loadTriageSetup("config");
const { triage: base } = await loadConfig("config", new Date());
for (const file of process.argv.slice(2)) {
  const rows = timeOrder(parseLabelled(await readFile(file, "utf8")).rows).filter((r) => r.labels);
  let model = base;
  const rules: CandidateRule[] = [];
  const seen: LabelledRow[] = [];
  const out: string[] = [];
  let gain = 0, n = 0;
  for (let from = 0, b = 1; from < rows.length; from += 50, b++) {
    const slice = rows.slice(from, from + 50);
    const acc = computeBacktest(slice, slice.map((r) => triage(model, { id: r.id, text: r.text })), 0);
    const bas = computeBacktest(slice, slice.map((r) => triage(base, { id: r.id, text: r.text })), 0);
    gain += (acc.agencyAccuracy - bas.agencyAccuracy) * acc.goldComplaints; n += acc.goldComplaints;
    const recentFrom = Math.max(0, seen.length - 0);
    seen.push(...slice);
    const acc2: string[] = [];
    if (from + 50 < rows.length) {
      const datasets = policy === "time"
        ? [{ name: "older", rows: seen.slice(0, Math.floor(seen.length / 2)) }, { name: "recent", rows: seen.slice(Math.floor(seen.length / 2)) }]
        : [{ name: "so far", rows: seen }];
      const list = suggestRules(configWithRules(config, rules), model, datasets, { minSupport, maxCandidates: 60 });
      for (const s of list) {
        if (acc2.length >= perBlock) break;
        let ok = false;
        if (policy === "offered") ok = s.offered && s.total.net >= minNet;
        else if (policy === "nohalves") ok = !s.harmful && s.total.net >= minNet && s.total.fixed >= 2;
        else if (policy === "time") ok = !s.harmful && s.total.net >= minNet && s.deltas.every((d) => d.net > 0);
        else if (policy === "clean") ok = s.total.broken === 0 && s.total.fixed >= minNet;
        if (!ok) continue;
        rules.push(s.rule); acc2.push(`${s.yaml}(+${s.total.fixed}-${s.total.broken})`);
      }
      if (acc2.length) model = modelWithRules(config, base, rules);
    }
    void recentFrom;
    out.push(`${b} ${(acc.agencyAccuracy * 100).toFixed(1)} vs ${(bas.agencyAccuracy * 100).toFixed(1)} rules ${rules.length} ${acc2.join("; ")}`);
  }
  console.log(basename(file), policy, `MS=${minSupport}`, `gain ${Math.round(gain)} of ${n}`);
  console.log(out.join("\n"));
}
