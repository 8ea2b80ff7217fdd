import { describe, expect, it } from "vitest";
import { runLearningBench } from "../bench/bench-learning.js";
import { namesOnlyConfig } from "../bench/names-only-rules.js";
import type { LabelledRow } from "../src/cli/labelled-jsonl.js";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildTriageModel } from "../src/triage/triage.js";

/**
 * A first day: the hand-made config (test/fixtures/learning-config) cut down to the agencies'
 * names. Its traffic and flood complaints name no agency, so staff correct them; the replay must
 * learn their words back from those corrections alone and route the later blocks.
 */
// Each tweet shares only its topic word with the others: look-alikes would count as one.
const fillers = [
  "angkot",
  "pedagang",
  "warga",
  "sekolah",
  "kantor",
  "motor",
  "gerobak",
  "pejalan",
  "sopir",
  "ojek",
  "becak",
  "mobil",
  "truk",
  "bus",
  "sepeda",
  "delman",
  "kios",
  "warung",
  "toko",
  "lapak",
  "pabrik",
  "gudang",
  "bengkel",
  "apotek",
];

function firstDayRows(): LabelledRow[] {
  const rows: LabelledRow[] = [];
  let n = 0;
  const words = () => `${fillers[n++ % fillers.length]} ${fillers[n++ % fillers.length]}`;
  for (let b = 0; b < 6; b++) {
    for (let i = 0; i < 2; i++) {
      rows.push({ id: `j${b}-${i}`, text: `macet ${words()}`, labels: ["dishub"] });
      rows.push({ id: `f${b}-${i}`, text: `banjir mampet ${words()}`, labels: ["dsdabm"] });
    }
  }
  return rows;
}

describe("the learning replay from names only", () => {
  it("keeps only the rules that name an agency: its id or short name, its X handles", async () => {
    const today = await loadTriageConfig("test/fixtures/learning-config");
    const named = namesOnlyConfig(today);
    const dishub = named.agencies.find((a) => a.id === "dishub");
    expect(dishub?.keywords).toEqual({ dishub: 1 });
    expect(dishub?.context).toBeUndefined();
    expect(named.agencies.find((a) => a.id === "diskominfo")?.keywords).toEqual({ diskominfo: 1 });
    // Everything that is not an agency's rule is today's.
    expect(named.complaint).toBe(today.complaint);
    expect(named.kinds).toBe(today.kinds);
  });

  it("learns the agencies' words from staff corrections and routes the later blocks with them", async () => {
    const config = namesOnlyConfig(await loadTriageConfig("test/fixtures/learning-config"));
    const base = buildTriageModel(config);
    const r = runLearningBench("first day", config, base, firstDayRows(), {
      blockSize: 4,
      acceptPerBlock: 3,
      startingRules: "names only",
    });

    // Names alone route none of these complaints, in any block.
    expect(r.blocks.every((b) => b.baseline === 0)).toBe(true);
    expect(r.blocks[0]).toMatchObject({ accuracy: 0, corrections: 4 });
    // What it learned is each topic's word for its agency.
    const learned = r.rules.map((rule) =>
      rule.type === "keyword" ? `${rule.agency}:${rule.phrase}` : rule.type,
    );
    expect(learned).toContain("dishub:macet");
    expect(learned.some((l) => l.startsWith("dsdabm:"))).toBe(true);
    // The last blocks run with them and are routed, where names alone route nothing.
    const last = r.blocks.at(-1);
    expect(last?.rulesInForce).toBeGreaterThanOrEqual(2);
    expect(last?.accuracy).toBe(1);
    expect(last?.corrections).toBe(0);
  });
});
