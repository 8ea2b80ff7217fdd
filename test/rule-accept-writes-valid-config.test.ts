import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptRule, insertRule, listLearned, type AcceptedRule } from "../src/config/accept-rule.js";
import { ConfigError } from "../src/config/config-error.js";
import { loadTriageSetup } from "../src/config/load-triage-config.js";
import { triage } from "../src/triage/triage.js";

/** Accepting writes into a copy of the shipped config, loaded afterwards with the normal loader. */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "aduan-accept-"));
  await cp("config", dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const accepted = (rule: AcceptedRule["rule"]): AcceptedRule => ({
  id: "r-00beef",
  rule,
  by: "Sari",
  on: "2026-12-01",
  support: 7,
  precision: 0.86,
  net: 5,
});

/** The lines of `after` that are not in `before`, in order: what the accept added. */
function added(before: string, after: string): string[] {
  const old = before.split("\n");
  const lines = after.split("\n");
  let i = 0;
  const out: string[] = [];
  for (const l of lines) {
    if (l === old[i]) i++;
    else out.push(l);
  }
  expect(i).toBe(old.length); // every old line is still there, in order
  return out;
}

describe("accepting a suggested rule", () => {
  it("adds the keyword with its learned comment after the agency's last keyword and changes nothing else", async () => {
    const file = join(dir, "agencies", "dsdabm.yaml");
    const before = await readFile(file, "utf8");
    await acceptRule(dir, accepted({ type: "keyword", agency: "dsdabm", phrase: "brandgang", weight: 2 }));
    const after = await readFile(file, "utf8");

    expect(added(before, after)).toEqual([
      "  # learned r-00beef: accepted 2026-12-01 by Sari (support 7, precision 0.86, net +5)",
      "  brandgang: 2",
    ]);
    // The comments the operator wrote are all still there.
    const comments = (t: string) => t.split("\n").filter((l) => l.trim().startsWith("#"));
    expect(comments(after)).toEqual(expect.arrayContaining(comments(before)));

    // The normal loader takes it, and triage now uses it.
    const { model } = await loadTriageSetup(dir);
    const v = triage(model, {
      id: "1",
      text: "brandgang di belakang pasar ditutup lapak, mohon ditertibkan",
    });
    expect(v.evidence.some((e) => e.reason.includes("`brandgang`"))).toBe(true);
    expect(await listLearned(dir)).toEqual([
      {
        file,
        line: expect.any(Number) as number,
        comment: "# learned r-00beef: accepted 2026-12-01 by Sari (support 7, precision 0.86, net +5)",
      },
    ]);
  });

  it("adds a context rule as a list item and a negative to an agency that had none", async () => {
    const dishub = join(dir, "agencies", "dishub.yaml");
    const before = await readFile(dishub, "utf8");
    await acceptRule(
      dir,
      accepted({
        type: "context",
        agency: "dishub",
        word: "sorotan",
        weight: 1.5,
        needs: ["kereta"],
        window: 3,
      }),
    );
    expect(added(before, await readFile(dishub, "utf8"))).toEqual([
      "  # learned r-00beef: accepted 2026-12-01 by Sari (support 7, precision 0.86, net +5)",
      "  - word: sorotan",
      "    weight: 1.5",
      "    needs: [kereta]",
      "    window: 3",
    ]);

    const text = insertRule(
      "id: x\n# keywords of x\nkeywords:\n  foo: 1 # why foo\n",
      accepted({ type: "negative", agency: "x", phrase: "bar", weight: 2 }),
    );
    expect(text).toBe(
      "id: x\n# keywords of x\nkeywords:\n  foo: 1 # why foo\nnegative:\n" +
        "  # learned r-00beef: accepted 2026-12-01 by Sari (support 7, precision 0.86, net +5)\n  bar: 2\n",
    );
    await loadTriageSetup(dir);
  });

  it("adds a kind cue under its kind in kinds.yaml", async () => {
    const kinds = join(dir, "lexicon", "kinds.yaml");
    const before = await readFile(kinds, "utf8");
    await acceptRule(dir, accepted({ type: "kind", kind: "saran", phrase: "usul saya", weight: 1.5 }));
    const lines = added(before, await readFile(kinds, "utf8"));
    expect(lines[1]?.trim()).toBe("usul saya: 1.5");
    await loadTriageSetup(dir);
  });

  it("puts the file back and names the problem when the result does not load", async () => {
    const file = join(dir, "agencies", "dsdabm.yaml");
    const before = await readFile(file, "utf8");
    const err = await acceptRule(
      dir,
      accepted({ type: "keyword", agency: "dsdabm", phrase: "kali mampet xyz", weight: -1 }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toContain("dsdabm.yaml");
    expect(await readFile(file, "utf8")).toBe(before);
  });

  it("refuses a keyword the agency already has", async () => {
    const text = "id: x\nkeywords:\n  foo: 1\n";
    expect(() =>
      insertRule(text, accepted({ type: "keyword", agency: "x", phrase: "foo", weight: 2 })),
    ).toThrow(/already/);
  });
});
