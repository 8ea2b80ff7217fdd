import { describe, expect, it } from "vitest";
import { runLearningBench } from "../bench/bench-learning.js";
import type { LabelledRow } from "../src/cli/labelled-jsonl.js";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import { buildTriageModel } from "../src/triage/triage.js";

/**
 * The replay's guard on the hand-made config (test/fixtures/learning-config): `gorong` (a culvert)
 * is in no rule, so its DSDABM complaints go to the desk and staff correct each one. Blocks of 5:
 * one `gorong` ticket in blocks 1 to 4 (two in block 1), the rest Dishub tickets triage gets right.
 */
const drains = [
  "gorong retak mampet",
  "gorong amblas mampet",
  "gorong tersumbat mampet",
  "gorong jebol mampet",
  "gorong bocor mampet",
];
const fillers = [
  "macet parah di halte terminal",
  "macet total dekat pasar",
  "halte rusak bikin macet",
  "macet tiap sore di perempatan",
];

function replayRows(): LabelledRow[] {
  const rows: LabelledRow[] = [];
  const drain = (i: number) => ({ id: `g${i}`, text: drains[i] as string, labels: ["dsdabm"] });
  const filler = (b: number, i: number) => ({
    id: `f${b}-${i}`,
    text: `${fillers[i % fillers.length]} ${["pagi", "siang", "malam", "subuh", "sore"][b]}`,
    labels: ["dishub"],
  });
  // Block 1: two drains. Blocks 2 to 4: one each.
  rows.push(drain(0), drain(1), filler(0, 0), filler(0, 1), filler(0, 2));
  for (let b = 1; b <= 3; b++)
    rows.push(drain(b + 1), filler(b, 0), filler(b, 1), filler(b, 2), filler(b, 3));
  return rows;
}

describe("the learning replay", () => {
  it("proposes a rule once it fixed tickets at two times, accepts it only after a later ticket confirms it, and measures it on the blocks after", async () => {
    const config = await loadTriageConfig("test/fixtures/learning-config");
    const base = buildTriageModel(config);
    const r = runLearningBench("hand", config, base, replayRows(), { blockSize: 5, acceptPerBlock: 3 });

    const gorong = (b: (typeof r.blocks)[number]) => b.accepted.filter((a) => /gorong/.test(a.yaml));
    // Block 1: both drains in one block, in the older half of the past: no proposal yet.
    expect(r.blocks[0]).toMatchObject({ corrections: 2, proposed: 0, accepted: [] });
    // Block 2: the third drain, in the newer half: proposed, not yet accepted.
    expect(r.blocks[1]?.proposed).toBeGreaterThan(0);
    expect(gorong(r.blocks[1]!)).toEqual([]);
    // Block 3 was run without it (its drain is still wrong) and confirms it: accepted after block 3.
    expect(r.blocks[2]).toMatchObject({ rulesInForce: 0, accuracy: 0.8, baseline: 0.8 });
    expect(gorong(r.blocks[2]!)).toHaveLength(1);
    // Block 4 runs with it: its drain is routed, today's rules still send it to the desk.
    expect(r.blocks[3]).toMatchObject({ rulesInForce: 1, accuracy: 1, baseline: 0.8, corrections: 0 });
  });
});
