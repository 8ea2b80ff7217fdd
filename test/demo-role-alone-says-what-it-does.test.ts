import { describe, expect, it } from "vitest";
import { demoRoleAlone } from "../src/app/demo-roles.js";

describe("npm start -- --role <role> without credentials", () => {
  it("says what the bot role does alone, not the whole demo's story", () => {
    const text = demoRoleAlone("bot", "http://127.0.0.1:9999");
    expect(text).toContain("Only the bot role runs");
    expect(text).toContain("http://127.0.0.1:9999/");
    expect(text).toContain("no tweets are read and no cards are posted");
    expect(text).toContain("`npm start` (no --role)");
    expect(text).not.toMatch(/citizen tweets arrive/);
  });

  it.each([
    ["ingest", "No worker triages them"],
    ["workers", "no ingest role reads tweets"],
  ] as const)("says what the %s role does alone", (role, words) => {
    expect(demoRoleAlone(role, "http://127.0.0.1:9999")).toContain(words);
  });
});
