import { pino, type DestinationStream, type Logger } from "pino";
import { createScrubber } from "./secret-scrubber.js";
import { prettyStream } from "./pretty-log.js";

export type { Logger };

/**
 * A pino logger whose every output line is scrubbed of the given secret values. Redacting by path
 * is not enough: a token also hides inside URLs and error messages (telegraf puts the bot token in
 * its request URL), so the final serialised line is searched instead.
 */
export function createLogger(opts: {
  level?: string;
  secrets?: string[];
  destination?: DestinationStream;
  name?: string;
  /** `pretty`: one readable line per entry (see pretty-log.ts) instead of JSON. */
  format?: "json" | "pretty";
}): Logger {
  const out: DestinationStream =
    opts.destination ??
    (opts.format === "pretty" ? prettyStream() : pino.destination({ dest: 1, sync: false }));
  const scrub = createScrubber(opts.secrets ?? []);
  const stream: DestinationStream =
    (opts.secrets ?? []).length === 0
      ? out
      : {
          write(line: string) {
            out.write(scrub(line));
          },
        };
  return pino(
    {
      level: opts.level ?? "info",
      ...(opts.name ? { name: opts.name } : {}),
      redact: {
        paths: ["token", "*.token", "authorization", "*.authorization", "headers.authorization"],
        censor: "[redacted]",
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
