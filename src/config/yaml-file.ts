import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import type { ConfigProblem } from "./config-error.js";

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ConfigProblem[] };

/**
 * Parses YAML text and validates it against a zod schema. Every problem comes back with the
 * file name, the 1-based line of the offending node (or its nearest existing parent) and the
 * path inside the file, so an operator can go straight to it.
 */
export function parseYaml<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
): ParseResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        line: lineCounter.linePos(e.pos[0]).line,
        path: "",
        message: `YAML syntax: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      // An unknown key is reported on its parent by zod: point at the key itself.
      const path = [
        ...issue.path.map(String),
        ...(issue.code === "unrecognized_keys" ? issue.keys.slice(0, 1) : []),
      ];
      const line = lineOf(doc.contents, path, lineCounter);
      return {
        file,
        ...(line === undefined ? {} : { line }),
        path: path.join("."),
        message: plainMessage(issue),
      };
    }),
  };
}

/**
 * zod's words for an operator: a required key that is not there is "missing (a string)", not
 * "Invalid input: expected string, received undefined".
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined$/.test(issue.message)) {
    return `missing (${issue.expected === "object" ? "a section" : `a ${issue.expected}`} is required here)`;
  }
  return issue.message;
}

/**
 * The raw YAML of a file (no schema), with a way to find the line of a path in it: to check and
 * point at a value even when the file as a whole did not validate. `undefined` for broken YAML.
 */
export function rawYaml(
  text: string,
): { value: unknown; lineOf(path: string[]): number | undefined } | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  return { value: doc.toJS(), lineOf: (path) => lineOf(doc.contents, path, lineCounter) };
}

/** Line of the deepest node that exists along `path` (a missing key points at its parent). */
function lineOf(root: unknown, path: string[], lc: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = node?.range ? lc.linePos(node.range[0]).line : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === key,
      );
      if (!pair) break;
      const keyNode = pair.key as Node | null;
      if (keyNode?.range) line = lc.linePos(keyNode.range[0]).line;
      node = pair.value as Node | null;
      if (node?.range && !isMap(node) && !isSeq(node)) line = lc.linePos(node.range[0]).line;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)] as Node | undefined;
      if (!item) break;
      node = item;
      if (node.range) line = lc.linePos(node.range[0]).line;
    } else break;
  }
  return line;
}
