import { describe, expect, it } from "vitest";
import { perWordMemo } from "../src/triage/word-memo.js";

describe("a per-word memo of a triage step", () => {
  it("computes each word once per owner, a missing answer included", () => {
    const memo = perWordMemo<object, string | undefined>();
    const lexicon = {};
    const other = {};
    let calls = 0;
    const look = (owner: object, word: string) =>
      memo(owner, word, () => {
        calls++;
        return word.startsWith("g") ? word.toUpperCase() : undefined;
      });
    expect([
      look(lexicon, "gblk"),
      look(lexicon, "gblk"),
      look(lexicon, "jalan"),
      look(lexicon, "jalan"),
    ]).toEqual(["GBLK", "GBLK", undefined, undefined]);
    expect(calls).toBe(2);
    // Another lexicon (a reloaded model) has answers of its own.
    look(other, "gblk");
    expect(calls).toBe(3);
  });

  it("drops a full cache whole, so an endless stream of new words cannot grow it", () => {
    const memo = perWordMemo<object, number>();
    const owner = {};
    let calls = 0;
    const look = (word: string) => memo(owner, word, () => ++calls);
    look("jalan");
    for (let i = 0; i < 50_000; i++) look(`typo${i}`);
    expect(calls).toBe(50_001);
    // "jalan" went with the dropped cache: it is computed again.
    look("jalan");
    expect(calls).toBe(50_002);
  });
});
