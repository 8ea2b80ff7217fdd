import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isSeq, parseDocument, stringify, type Node, type Pair } from "yaml";
import type { AcceptedRule, CandidateRule } from "../learning/candidate-rule.js";
import { ruleFile } from "../learning/candidate-rule.js";

export type { AcceptedRule } from "../learning/candidate-rule.js";
import { ConfigError } from "./config-error.js";
import { loadTriageSetup } from "./load-triage-config.js";

/** The comment that marks a learned rule; `rules learned` and later backtests find rules by it. */
export const LEARNED_MARK = /#\s*learned (r-[0-9a-f]{6}):/;

export function learnedComment(a: AcceptedRule): string {
  const net = a.net > 0 ? `+${a.net}` : String(a.net);
  return `# learned ${a.id}: accepted ${a.on} by ${a.by.replace(/[\r\n]/g, " ")} (support ${a.support}, precision ${a.precision}, net ${net})`;
}

function pathOf(rule: CandidateRule): string[] {
  switch (rule.type) {
    case "keyword":
      return ["keywords"];
    case "negative":
      return ["negative"];
    case "context":
      return ["context"];
    case "kind":
      return ["kinds", rule.kind, "phrases"];
  }
}

const key = (text: string): string => stringify(text).trimEnd();

/**
 * `text` (a config file) with the rule added after the last entry of its map or list, with the
 * learned comment above it, indented like its neighbours. Everything else stays byte for byte:
 * the YAML Document API finds where (node ranges), the text is spliced there, so comments, flow
 * lists and blank lines of the file are kept as the operator wrote them. A missing `negative:`
 * or `context:` section is added at the end of the file.
 */
export function insertRule(text: string, a: AcceptedRule): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`cannot read the file: ${doc.errors[0]?.message}`);
  const path = pathOf(a.rule);
  const node = doc.getIn(path, true) as Node | undefined;
  const comment = learnedComment(a);
  const r = a.rule;
  const entry = (indent: string): string => {
    if (r.type === "context") {
      const needs = `[${r.needs.map(key).join(", ")}]`;
      return (
        `${indent}${comment}\n${indent}- word: ${key(r.word)}\n${indent}  weight: ${r.weight}\n` +
        `${indent}  needs: ${needs}\n${indent}  window: ${r.window}\n`
      );
    }
    return `${indent}${comment}\n${indent}${key(r.phrase)}: ${r.weight}\n`;
  };
  const body = text.endsWith("\n") ? text : `${text}\n`;
  if (node === undefined || node === null) {
    if (path.length > 1) throw new Error(`the file has no \`${path.join(".")}\` to add the rule to`);
    return `${body}${path[0]}:\n${entry("  ")}`;
  }
  if (isMap(node) && node.flow !== true) {
    if (
      r.type !== "context" &&
      node.items.some((p: Pair) => String((p.key as { value?: unknown })?.value) === r.phrase)
    )
      throw new Error(`\`${r.phrase}\` is already in \`${path.join(".")}\``);
    const last = node.items.at(-1);
    const keyNode = last?.key as Node | undefined;
    const valueNode = last?.value as Node | undefined;
    if (!keyNode?.range) throw new Error(`\`${path.join(".")}\` is empty`);
    const end = valueNode?.range?.[1] ?? keyNode.range[1];
    return splice(body, end, entry(indentAt(body, keyNode.range[0])));
  }
  if (isSeq(node) && node.flow !== true && r.type === "context") {
    const last = node.items.at(-1) as Node | undefined;
    if (!last?.range) throw new Error(`\`${path.join(".")}\` is empty`);
    const lineStart = body.lastIndexOf("\n", last.range[0] - 1) + 1;
    const dash = body.indexOf("-", lineStart);
    return splice(body, last.range[1], entry(" ".repeat(Math.max(0, dash - lineStart))));
  }
  throw new Error(
    `\`${path.join(".")}\` is not written as a block ${r.type === "context" ? "list" : "map"}: add the rule by hand`,
  );
}

/** Inserts `insert` at the start of the line after the one holding offset `end`. */
function splice(text: string, end: number, insert: string): string {
  const at = end > 0 && text[end - 1] === "\n" ? end : text.indexOf("\n", end) + 1 || text.length;
  return text.slice(0, at) + insert + text.slice(at);
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return " ".repeat(offset - lineStart);
}

/**
 * Writes an accepted rule into its file under `dir`, then loads the whole triage config with the
 * normal loader. If it does not load, the file is put back as it was and the ConfigError thrown.
 * Returns the file written.
 */
export async function acceptRule(dir: string, a: AcceptedRule): Promise<string> {
  const file = join(dir, ruleFile(a.rule));
  const before = await readFile(file, "utf8");
  await writeFile(file, insertRule(before, a));
  try {
    await loadTriageSetup(dir);
  } catch (err) {
    await writeFile(file, before);
    if (err instanceof ConfigError) throw err;
    throw err;
  }
  return file;
}

/** Every learned rule in the agency files and the kinds lexicon: where, and its comment. */
export async function listLearned(dir: string): Promise<{ file: string; line: number; comment: string }[]> {
  const files = [
    ...(await readdir(join(dir, "agencies")))
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(dir, "agencies", n)),
    join(dir, "lexicon", "kinds.yaml"),
  ];
  const out: { file: string; line: number; comment: string }[] = [];
  for (const file of files) {
    const lines = (await readFile(file, "utf8")).split("\n");
    lines.forEach((l, i) => {
      if (LEARNED_MARK.test(l)) out.push({ file, line: i + 2, comment: l.trim() });
    });
  }
  return out;
}
