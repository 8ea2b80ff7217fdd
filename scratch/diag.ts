import { readFile } from "node:fs/promises";
import { parseLabelled } from "../src/cli/labelled-jsonl.js";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { loadConfig } from "../src/app/load-config.js";
import { triage } from "../src/triage/triage.js";
import { normalise } from "../src/triage/normalise.js";
import { rowIsRight, suggestRules } from "../src/learning/suggest-rules.js";
const file = process.argv[2]!;
const { config } = await loadTriageSetup("config");
const { triage: model } = await loadConfig("config", new Date());
const rows = parseLabelled(await readFile(file, "utf8")).rows.filter((r) => r.labels);
const wrong = rows.filter((r) => !rowIsRight(r, triage(model, { id: r.id, text: r.text })));
const byPair = new Map<string, number>();
for (const r of wrong) {
  const v = triage(model, { id: r.id, text: r.text });
  const k = `${(r.labels ?? []).join("|") || "none"} <- ${v.complaint ? v.disposition === "desk" ? "desk" : v.agency : "nocomplaint"}`;
  byPair.set(k, (byPair.get(k) ?? 0) + 1);
  if (process.argv[3] === "-v") console.log(k, "|", normalise(r.text, model.slang).stems.join(" ").slice(0, 200));
}
console.log([...byPair].sort((a, b) => b[1] - a[1]).slice(0, 25));
const list = suggestRules(config, model, [{ name: "all", rows }], { minSupport: Number(process.env["MS"] ?? 3), maxCandidates: 400 });
for (const s of list.slice(0, 25)) console.log(s.offered ? "OFF" : "   ", s.harmful ? "H" : " ", s.id, s.file, s.yaml, `sup ${s.support} p ${s.precision}`, `+${s.total.fixed}-${s.total.broken}`, s.halves.map((h) => `${h.fixed}/${h.broken}`).join(" "));
