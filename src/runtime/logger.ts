import { pino, type DestinationStream, type Logger } from "pino";

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
}): Logger {
  const out: DestinationStream = opts.destination ?? pino.destination({ dest: 1, sync: false });
  // A secret also travels URL-encoded (query strings, a token in a path) or JSON-escaped (inside a
  // serialised error): each form is scrubbed.
  const secrets = [
    ...new Set(
      (opts.secrets ?? [])
        .filter((s) => s.length >= 6)
        .flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  const stream: DestinationStream =
    secrets.length === 0
      ? out
      : {
          write(line: string) {
            let clean = line;
            for (const s of secrets) if (clean.includes(s)) clean = clean.split(s).join("[redacted]");
            out.write(clean);
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
