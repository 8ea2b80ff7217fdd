import type { LabelledTweet } from "../triage/backtest-metrics.js";
import type { ReportKind } from "../triage/types.js";

/** A labelled line; `kind` where the line names the report kind (a staff correction of the kind). */
export interface LabelledRow extends LabelledTweet {
  kind?: ReportKind | null;
  /** The day of the report where the file has it (the learning bench replays in time order). */
  date?: string;
}

export interface ParsedFile {
  rows: LabelledRow[];
  problems: string[];
}

const KINDS: ReadonlySet<string> = new Set(["keluhan", "permintaan", "pertanyaan", "saran"]);

/**
 * Reads labelled JSONL: `{id, text, labels: string[], abusive?: boolean, place?, kind?}` a line.
 * The one reader of the backtest, the rule suggestions and the learning bench, so a file one
 * accepts the others accept (`npm run corrections -- export` writes this shape).
 */
export function parseLabelled(text: string): ParsedFile {
  const rows: LabelledRow[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      const o = JSON.parse(line) as Record<string, unknown>;
      const labels = o["labels"];
      if (typeof o["text"] !== "string") throw new Error("expected `text` to be a string");
      if (labels !== undefined && (!Array.isArray(labels) || !labels.every((l) => typeof l === "string"))) {
        throw new Error("expected `labels` to be a list of agency ids");
      }
      if (labels === undefined && o["abusive"] === undefined)
        throw new Error("expected `labels` or `abusive`");
      const row: LabelledRow = { id: String(o["id"] ?? `line-${i + 1}`), text: o["text"] };
      if (labels !== undefined) row.labels = labels as string[];
      if (typeof o["place"] === "string") row.place = o["place"];
      if (typeof o["date"] === "string") row.date = o["date"];
      if (typeof o["abusive"] === "boolean") row.abusive = o["abusive"];
      else if (o["abusive"] === 0 || o["abusive"] === 1) row.abusive = o["abusive"] === 1;
      const kind = o["kind"];
      if (kind === null || (typeof kind === "string" && KINDS.has(kind)))
        row.kind = kind as ReportKind | null;
      else if (kind !== undefined)
        throw new Error(`expected \`kind\` to be one of ${[...KINDS].join(", ")} or null`);
      rows.push(row);
    } catch (e) {
      problems.push(`line ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { rows, problems };
}
