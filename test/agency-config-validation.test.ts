import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../src/config/config-error.js";
import { loadTriageConfig, parseAgencyFiles } from "../src/config/load-triage-config.js";

const ok = `id: dishub
name: Dinas Perhubungan
short_name: Dishub
keywords:
  macet: 3
`;

describe("agency and lexicon config validation", () => {
  it("loads the shipped Bandung configuration: 12 city agencies and 2 external ones", async () => {
    const cfg = await loadTriageConfig("config");
    const ids = cfg.agencies.map((a) => a.id).sort();
    expect(ids).toEqual(
      [
        "dinkes",
        "dinsos",
        "disdik",
        "disdukcapil",
        "dishub",
        "diskarpb",
        "diskominfo",
        "disperkim",
        "dlh",
        "dsdabm",
        "pln",
        "polisi",
        "satpolpp",
        "tirtawening",
      ].sort(),
    );
    for (const a of cfg.agencies.filter((x) => x.kind === "external"))
      expect(a.redirect?.id).toMatch(/110|123/);
    for (const a of cfg.agencies) expect(a.sla?.urgent?.first_response_hours).toBeGreaterThan(0);
  });

  it("names file and line of an unknown key", () => {
    const { problems } = parseAgencyFiles([{ file: "dishub.yaml", text: ok + "colour: red\n" }]);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "dishub.yaml", line: 6, path: "colour" }),
    );
  });

  it("refuses an empty keyword list", () => {
    const text = "id: dishub\nname: Dinas Perhubungan\nshort_name: Dishub\nkeywords: {}\n";
    const { problems } = parseAgencyFiles([{ file: "dishub.yaml", text }]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: "dishub.yaml",
        line: 4,
        path: "keywords",
        message: "expected at least one keyword",
      }),
    );
  });

  it("refuses a duplicate agency id, naming both files", () => {
    const { problems } = parseAgencyFiles([
      { file: "dishub.yaml", text: ok },
      { file: "dishub-copy.yaml", text: ok },
    ]);
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: "dishub-copy.yaml",
        path: "id",
        message: expect.stringContaining("dishub.yaml") as string,
      }),
    );
  });

  it("refuses a context rule without context words, with its line", () => {
    const text = ok + "context:\n  - word: lampu\n    weight: 1\n    needs: []\n";
    const { problems } = parseAgencyFiles([{ file: "dishub.yaml", text }]);
    expect(problems).toContainEqual(
      expect.objectContaining({ file: "dishub.yaml", line: 9, path: "context.0.needs" }),
    );
  });

  it("refuses an external agency without a redirect text", () => {
    const text = "id: pln\nname: PLN\nshort_name: PLN\nkind: external\nkeywords:\n  listrik padam: 4\n";
    const { problems } = parseAgencyFiles([{ file: "pln.yaml", text }]);
    expect(problems).toContainEqual(expect.objectContaining({ file: "pln.yaml", path: "redirect" }));
  });

  it("lists every problem of every file in one error at start-up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aduan-config-"));
    cpSync("config/lexicon", join(dir, "lexicon"), { recursive: true });
    cpSync("config/agencies", join(dir, "agencies"), { recursive: true });
    writeFileSync(
      join(dir, "agencies", "dlh.yaml"),
      "id: dlh\nname: DLH\nshort_name: DLH\nkeywords: {}\nwarna: hijau\n",
    );
    writeFileSync(join(dir, "lexicon", "urgency.yaml"), "phrases:\n  kebakaran: -1\n");
    const err = await loadTriageConfig(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => `${p.file.split("/").pop()}:${p.path}`)).toEqual(
      expect.arrayContaining(["dlh.yaml:keywords", "dlh.yaml:warna", "urgency.yaml:phrases.kebakaran"]),
    );
    expect((err as Error).message).toMatch(/dlh\.yaml:5: warna/);
  });
});
