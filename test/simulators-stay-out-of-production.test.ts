import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

/**
 * The simulators (and their `/_sim` control routes) are product code for the demo and the tests.
 * The service's own modules must not reach them: only the demo world, the CLIs that start it and
 * the composition root's demo branch may.
 */

const ROOT = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const FILES = [...sourceFiles("src"), ...sourceFiles("jobs")];

/** The modules a file imports (relative ones, as repository paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] ?? "");
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, ".ts"));
}

const isSimulator = (f: string) =>
  f.startsWith("src/telegram/simulator/") ||
  f === "src/telegram/telegram-simulator.ts" ||
  f.startsWith("src/x/x-simulator");

/** Where the simulators may be started: the demo and the tools that run it. */
const DEMO_SIDE = (f: string) =>
  isSimulator(f) ||
  f.startsWith("src/demo/") ||
  f.startsWith("src/cli/") ||
  f === "src/x/demo-tweets.ts" ||
  f === "src/main.ts";

function reachesSimulator(file: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  for (const dep of importsOf(file)) {
    if (isSimulator(dep)) return [file, dep];
    const path = reachesSimulator(dep, seen);
    if (path) return [file, ...path];
  }
  return null;
}

it("finds the simulators where it looks for them", () => {
  expect(FILES).toContain("src/telegram/telegram-simulator.ts");
  expect(FILES).toContain("src/x/x-simulator.ts");
  expect(reachesSimulator("src/demo/demo-world.ts")).not.toBeNull();
});

it("no module of the service imports a simulator, directly or through another module", () => {
  const offenders = FILES.filter((f) => !DEMO_SIDE(f))
    .map((f) => reachesSimulator(f))
    .filter((p): p is string[] => p !== null)
    .map((p) => p.join(" → "));

  expect(offenders).toEqual([]);
});

it("registers no /_sim route outside the simulators", () => {
  const routes = FILES.filter((f) => !isSimulator(f)).filter((f) =>
    /["'`]\/_sim/.test(readFileSync(join(ROOT, f), "utf8")),
  );

  expect(routes).toEqual([]);
});
