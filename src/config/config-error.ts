import { AduanError } from "../errors.js";

/** One thing wrong in a config file: where it is and what was expected there. */
export interface ConfigProblem {
  file: string;
  /** 1-based line in the file, when the problem can be pinned to one. */
  line?: number;
  /** Path inside the file, e.g. `keywords.macet` or `sla.normal.resolution_hours`. */
  path: string;
  message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}`;
  return `${where}: ${p.path || "(top level)"}: ${p.message}`;
}

/** Thrown once at start-up with every problem found, not just the first. */
export class ConfigError extends AduanError {
  readonly code = "CONFIG_INVALID";
  readonly who = "config";
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Configuration is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}
