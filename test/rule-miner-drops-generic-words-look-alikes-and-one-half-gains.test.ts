import { describe, expect, it } from "vitest";
import { loadTriageConfig } from "../src/config/load-triage-config.js";
import {
  halfOf,
  suggestRules,
  type LabelledExample,
  type Suggestion,
} from "../src/learning/suggest-rules.js";
import { buildTriageModel } from "../src/triage/triage.js";

/**
 * The miner on hand-made rows and the hand-made config (test/fixtures/learning-config): DSDABM
 * owns `jalan rusak` and `banjir`, Dishub `macet` and `halte`, Disperkim `taman`; `mampet` makes
 * a complaint. Complaints naming none of the keywords go to the desk, so a word standing in them
 * looks like a missing DSDABM keyword.
 */
const DIR = "test/fixtures/learning-config";
const load = async () => {
  const config = await loadTriageConfig(DIR);
  return { config, model: buildTriageModel(config) };
};
const rows = (label: string, texts: string[], prefix: string): LabelledExample[] =>
  texts.map((text, i) => ({ id: `${prefix}${i + 1}`, text, labels: [label] }));
const keyword = (list: Suggestion[], phrase: string) =>
  list.find((s) => s.rule.type === "keyword" && s.rule.phrase === phrase);
/** The first `n` ids `${prefix}<k>` that fall in `half`. */
const idsIn = (half: number, n: number, prefix: string): string[] => {
  const out: string[] = [];
  for (let k = 1; out.length < n; k++) if (halfOf(`${prefix}${k}`) === half) out.push(`${prefix}${k}`);
  return out;
};

describe("the rule miner generalises like a careful person", () => {
  it("never makes an agency keyword of a stop-listed word (the stop list is config)", async () => {
    const { config, model } = await load();
    expect(config.suggestStopwords?.noAgency).toContain("apakah");
    const data = [
      {
        name: "f",
        rows: rows(
          "dsdabm",
          [
            "apakah trotoar retak diperbaiki",
            "apakah gorong tersumbat",
            "apakah paving amblas",
            "apakah aspal mengelupas",
          ],
          "q",
        ),
      },
    ];
    const opts = { minSupport: 3, minPrecision: 0.6 };
    // Without the list the question word looks like a DSDABM keyword (4 of 4 rows)...
    const { suggestStopwords: _list, ...bare } = config;
    expect(keyword(suggestRules(bare, model, data, opts), "apakah")).toBeDefined();
    // ...with it, never.
    expect(keyword(suggestRules(config, model, data, opts), "apakah")).toBeUndefined();
  });

  it("makes no agency rule of a name (written Capitalised), but does of an acronym or a plain word", async () => {
    const { config, model } = await load();
    const opts = { minSupport: 3, minPrecision: 0.6 };
    const texts = (w: string) => [
      `${w} trotoar retak diperbaiki`,
      `${w} gorong tersumbat`,
      `${w} paving amblas`,
      `${w} aspal mengelupas`,
    ];
    const mine = (w: string) =>
      suggestRules(config, model, [{ name: "f", rows: rows("dsdabm", texts(w), w) }], opts);
    expect(keyword(mine("Cimahi"), "cimahi")).toBeUndefined();
    expect(keyword(mine("cimahi"), "cimahi")).toBeDefined();
    expect(keyword(mine("PJU"), "pju")).toBeDefined();
  });

  it("drops a word spread over many agencies even when the precision floor lets it in", async () => {
    const { config, model } = await load();
    const data = [
      {
        name: "f",
        rows: [
          ...rows(
            "dsdabm",
            [
              "kemarin trotoar retak mampet",
              "kemarin gorong tersumbat mampet",
              "kemarin paving amblas mampet",
              "kemarin aspal mengelupas mampet",
            ],
            "d",
          ),
          ...rows("dishub", ["kemarin macet total mampet", "kemarin halte kotor mampet"], "h"),
          ...rows("disperkim", ["kemarin taman gelap mampet"], "p"),
          ...rows("diskominfo", ["kemarin kominfo lambat mampet"], "k"),
        ],
      },
    ];
    // 4 DSDABM, 2 Dishub, 1 Disperkim, 1 Diskominfo: 2^entropy = 3.4 agencies.
    const opts = { minSupport: 3, minPrecision: 0.3 };
    expect(keyword(suggestRules(config, model, data, { ...opts, maxSpread: 99 }), "kemarin")).toBeDefined();
    expect(keyword(suggestRules(config, model, data, opts), "kemarin")).toBeUndefined();
  });

  it("counts look-alike tweets once: a name in one cluster of copies is not support", async () => {
    const { config, model } = await load();
    const opts = { minSupport: 3, minPrecision: 0.6 };
    const copies = rows(
      "dsdabm",
      [
        "ahok tolong trotoar retak depan pasar baru mampet",
        "ahok tolong trotoar retak depan pasar baru sekarang mampet",
        "ahok tolong trotoar retak depan pasar lama mampet",
        "tolong ahok trotoar retak depan pasar baru mampet",
      ],
      "c",
    );
    const list = suggestRules(config, model, [{ name: "f", rows: copies }], opts);
    expect(keyword(list, "ahok")).toBeUndefined();
    expect(keyword(list, "trotoar")).toBeUndefined();
    // Four different complaints naming him are four observations.
    const different = rows(
      "dsdabm",
      [
        "ahok trotoar retak mampet",
        "ahok gorong tersumbat mampet",
        "ahok paving amblas mampet",
        "ahok aspal mengelupas mampet",
      ],
      "c",
    );
    expect(
      keyword(suggestRules(config, model, [{ name: "f", rows: different }], opts), "ahok"),
    ).toMatchObject({
      support: 4,
    });
  });

  it("offers a rule only where it fixes more than it breaks on both halves of the rows", async () => {
    const { config, model } = await load();
    const opts = { minSupport: 3, minPrecision: 0.6 };
    // `gorong` (a culvert) in desk-bound DSDABM rows, and in rows Dishub rightly owns by `halte`
    // (a DSDABM `gorong` ties or beats `halte`: those break).
    const fixes = [
      "gorong retak mampet",
      "gorong amblas mampet",
      "gorong tersumbat mampet",
      "gorong jebol mampet",
    ];
    const breaks = ["gorong dekat halte terminal mampet", "halte sepi gorong bocor mampet"];
    const build = (fixIds: string[], breakIds: string[]): LabelledExample[] => [
      ...fixes
        .slice(0, fixIds.length)
        .map((text, i) => ({ id: fixIds[i] as string, text, labels: ["dsdabm"] })),
      ...breaks.map((text, i) => ({ id: breakIds[i] as string, text, labels: ["dishub"] })),
    ];
    // Every fix in one half, every break in the other: +3 overall, yet not offered.
    const oneSided = suggestRules(
      config,
      model,
      [{ name: "f", rows: build(idsIn(0, 3, "g"), idsIn(1, 2, "g")) }],
      opts,
    );
    const lopsided = keyword(oneSided, "gorong");
    expect(lopsided).toMatchObject({ harmful: false, offered: false });
    expect(lopsided?.total.net).toBeGreaterThan(0);
    expect(lopsided?.halves.map((h) => h.net).sort()).toEqual([-2, 3]);
    // Fixes in both halves outweighing the breaks in each: offered, and ranked first.
    const spread = [...idsIn(0, 2, "g"), ...idsIn(1, 2, "g")];
    const both = suggestRules(
      config,
      model,
      [{ name: "f", rows: build(spread, [...idsIn(0, 3, "g").slice(2), ...idsIn(1, 3, "g").slice(2)]) }],
      opts,
    );
    expect(keyword(both, "gorong")).toMatchObject({ offered: true });
    expect(both[0]?.offered).toBe(true);
  });
  it("with a time split, offers only a rule that fixed tickets both before and after the middle of the past", async () => {
    const { config, model } = await load();
    const opts = { minSupport: 2, minPrecision: 0.6, split: "time" as const };
    const drain = (id: string, text: string): LabelledExample => ({ id, text, labels: ["dsdabm"] });
    const filler = (id: string): LabelledExample => ({
      id,
      text: "macet parah di halte",
      labels: ["dishub"],
    });
    // Rows in decision order: three `gorong` fixes early, none later (one burst, then gone).
    const burst = [
      drain("t1", "gorong retak mampet"),
      drain("t2", "gorong amblas mampet"),
      drain("t3", "gorong jebol mampet"),
      filler("t4"),
      filler("t5"),
      filler("t6"),
    ];
    const early = keyword(suggestRules(config, model, [{ name: "past", rows: burst }], opts), "gorong");
    expect(early).toMatchObject({ harmful: false, offered: false, total: { fixed: 3, broken: 0 } });
    expect(early?.halves.map((h) => h.fixed)).toEqual([3, 0]);
    // The same tickets, one of them later: the pattern came back, so it is offered.
    const recurring = [burst[0], burst[1], burst[3], burst[4], burst[2], burst[5]] as LabelledExample[];
    const back = keyword(suggestRules(config, model, [{ name: "past", rows: recurring }], opts), "gorong");
    expect(back).toMatchObject({ offered: true, total: { fixed: 3, broken: 0, net: 3 } });
    expect(back?.halves.map((h) => h.fixed)).toEqual([2, 1]);
  });
});
