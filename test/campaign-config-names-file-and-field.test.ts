import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { appFileSchema } from "../src/config/app-schema.js";
import { parseYaml } from "../src/config/yaml-file.js";

const shipped = readFileSync("config/app.yaml", "utf8");
const withCampaigns = (yaml: string) => shipped.replace(/^campaigns:\n( {2}.*\n)+/mu, `campaigns:\n${yaml}`);

it("reads the shipped campaign, open-ended without `to`", () => {
  const parsed = parseYaml(shipped, "config/app.yaml", appFileSchema);
  expect(parsed.ok && parsed.value.campaigns).toEqual([{ tag: "#NgepelBraga", from: "2026-11-01" }]);
});

it("refuses a bad tag, a bad date and `to` before `from`, naming the file, line and field", () => {
  const parsed = parseYaml(
    withCampaigns(
      [
        '  - tag: "NgepelBraga"',
        "    from: 2026-11-01",
        '  - tag: "#Braga"',
        "    from: besok",
        '  - tag: "#Dago"',
        "    from: 2026-12-01",
        "    to: 2026-11-01",
      ].join("\n") + "\n",
    ),
    "config/app.yaml",
    appFileSchema,
  );
  expect(parsed.ok).toBe(false);
  if (parsed.ok) return;
  const where = parsed.problems.map((p) => `${p.file}:${p.path}`);
  expect(where).toEqual(
    expect.arrayContaining([
      "config/app.yaml:campaigns.0.tag",
      "config/app.yaml:campaigns.1.from",
      "config/app.yaml:campaigns.2.to",
    ]),
  );
  expect(parsed.problems.find((p) => p.path === "campaigns.0.tag")?.message).toMatch(/hashtag/u);
  expect(parsed.problems.find((p) => p.path === "campaigns.0.tag")?.line).toBeGreaterThan(1);
});

it("refuses a hashtag listed twice, whatever its case", () => {
  const parsed = parseYaml(
    withCampaigns('  - tag: "#Dago"\n    from: 2026-12-01\n  - tag: "#dago"\n    from: 2026-12-02\n'),
    "config/app.yaml",
    appFileSchema,
  );
  expect(parsed.ok ? [] : parsed.problems.map((p) => [p.path, p.message])).toEqual([
    ["campaigns", "a hashtag is listed twice"],
  ]);
});
