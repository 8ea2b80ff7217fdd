import type { DestinationStream } from "pino";

/**
 * Log lines for a person at a terminal (`LOG_FORMAT=pretty`, and the demo): `14:02:11 WARN  job
 * failed · queue=replies attempts=3`, one line each, instead of pino's JSON. Written without
 * pino-pretty (a dev dependency, absent from a production install). The secret scrubber runs
 * before this stream, on the JSON line, as for JSON output.
 */

const LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO ",
  40: "WARN ",
  50: "ERROR",
  60: "FATAL",
};
/** pino's own fields, not worth repeating on every line. */
const OWN = new Set(["level", "time", "msg", "pid", "hostname", "name"]);

/** `14:02:11`: the wall-clock time of the process. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** One pino JSON line as one readable line (or the line as it was, if it is not JSON). */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.trimEnd();
  }
  const time =
    typeof o["time"] === "string" || typeof o["time"] === "number"
      ? Date.parse(String(o["time"])) || Number(o["time"])
      : Date.now();
  const fields = Object.entries(o)
    .filter(([k]) => !OWN.has(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
  return `${clockTime(time)} ${LEVELS[Number(o["level"])] ?? "     "} ${String(o["msg"] ?? "")}${fields.length > 0 ? ` · ${fields.join(" ")}` : ""}`;
}

/** A pino destination writing pretty lines to `out` (default stdout). */
export function prettyStream(out: { write(s: string): unknown } = process.stdout): DestinationStream {
  return {
    write(line: string) {
      for (const one of line.split("\n")) if (one.trim() !== "") out.write(`${prettyLine(one)}\n`);
    },
  };
}

/** A live-feed line with its time, to the same terminal. */
export function feedWriter(
  out: { write(s: string): unknown } = process.stdout,
  now: () => number = Date.now,
) {
  return (line: string) => {
    out.write(`${clockTime(now())} ${line}\n`);
  };
}
