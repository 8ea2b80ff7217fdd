import { inspect } from "node:util";
import { createScrubber, secretsIn } from "./secret-scrubber.js";

/**
 * Prints an error that ended the process to stderr, scrubbed of every secret found in `source`
 * (the raw environment: it may not have parsed), and returns the exit code: 2 for a problem the
 * operator can fix (message only), 1 for anything else (with its stack and cause).
 */
export function reportFatal(
  err: unknown,
  source: Readonly<Record<string, string | undefined>>,
  fixable: (err: unknown) => boolean,
  write: (text: string) => void = (t) => process.stderr.write(t),
): number {
  const scrub = createScrubber(secretsIn(source));
  if (fixable(err)) {
    write(`${scrub((err as Error).message)}\n`);
    return 2;
  }
  write(`${scrub(inspect(err, { depth: 6 }))}\n`);
  return 1;
}
