import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect, it } from "vitest";

/**
 * The simulators and the demo world live in `sim/`, outside the service. The service (`src/`,
 * `jobs/`) must not reach them: a production process loads neither simulator. Only `src/main.ts`
 * may load the demo, and only with a dynamic `import()` on the demo branch.
 */

const ROOT = resolve(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const SERVICE = [...sourceFiles("src"), ...sourceFiles("jobs")];
const SIM = sourceFiles("sim");

/**
 * The modules a file imports statically (relative ones, as repository paths). `import type` is
 * left out: `verbatimModuleSyntax` guarantees it is erased from the JavaScript.
 */
function staticImportsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const statements = /^(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s*)?"(\.{1,2}\/[^"]+)"/gms;
  const specs = [...text.matchAll(statements)].map((m) => m[1] ?? "");
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, ".ts"));
}

/** The modules a file loads with `import("…")`. */
function dynamicImportsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const specs = [...text.matchAll(/import\(\s*"(\.{1,2}\/[^"]+)"\s*\)/g)].map((m) => m[1] ?? "");
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/\.js$/, ".ts"));
}

const isSim = (f: string) => f.startsWith("sim/");

function reachesSim(file: string, seen = new Set<string>()): string[] | null {
  if (seen.has(file)) return null;
  seen.add(file);
  for (const dep of staticImportsOf(file)) {
    if (isSim(dep)) return [file, dep];
    const path = reachesSim(dep, seen);
    if (path) return [file, ...path];
  }
  return null;
}

it("finds the simulators where it looks for them", () => {
  expect(SIM).toContain("sim/telegram/telegram-simulator.ts");
  expect(SIM).toContain("sim/x/x-simulator.ts");
  expect(SERVICE).toContain("src/main.ts");
  expect(reachesSim("sim/demo/demo-world.ts")).not.toBeNull();
});

it("no module of the service imports a simulator statically, directly or through another module", () => {
  const offenders = SERVICE.map((f) => reachesSim(f))
    .filter((p): p is string[] => p !== null)
    .map((p) => p.join(" → "));

  expect(offenders).toEqual([]);
});

it("only the entry point loads the demo, and only with a dynamic import", () => {
  const loaders = SERVICE.filter((f) => dynamicImportsOf(f).some(isSim));

  expect(loaders).toEqual(["src/main.ts"]);
});

it("registers no /_sim route outside the simulators", () => {
  const routes = SERVICE.filter((f) => /["'`]\/_sim/.test(readFileSync(join(ROOT, f), "utf8")));

  expect(routes).toEqual([]);
});
