import type { TriageConfig, TriageModel } from "../triage/triage.js";

/** A triage config and the model built from it (with the accepted rules of the overlay). */
export interface TriageSetup {
  config: TriageConfig;
  model: TriageModel;
  /** The overlay version it was built with. */
  version: number;
  /** Accepted rules applied from the overlay. */
  rules: number;
}

export interface LiveTriageLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * The triage model a process runs, swapped whole when the rules change. A job reads `current()`
 * once and triages with that model to the end, so no job ever sees half of a reload; the next
 * job gets the new one. A reload that fails (a config file that no longer validates, an overlay
 * rule naming an unknown agency) keeps the model it has and remembers why, for /healthz.
 */
export class LiveTriage {
  private setup: TriageSetup;
  private running: Promise<boolean> | undefined;
  private again = false;
  /** The last reload that failed and why; cleared by the next one that succeeds. */
  lastError: { at: number; version: number | undefined; message: string } | undefined;
  reloads = 0;

  constructor(
    initial: TriageSetup,
    private readonly deps: {
      /** Reads config/ and the overlay and builds the model; throws when either does not validate. */
      build(): Promise<TriageSetup>;
      /** The overlay's version now (cheap: compared with the loaded one). */
      version(): Promise<number>;
      log: LiveTriageLog;
      now(): number;
      onFailed?(message: string): void;
    },
  ) {
    this.setup = initial;
  }

  current(): TriageSetup {
    return this.setup;
  }

  /**
   * Rebuilds and swaps. Reloads asked for while one runs are folded into one more after it.
   * Resolves to whether the model in use is now the newest (false: the reload failed).
   */
  reload(): Promise<boolean> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async (): Promise<boolean> => {
      this.again = false;
      let ok = await this.once();
      while (this.again) {
        this.again = false;
        ok = await this.once();
      }
      return ok;
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Reloads when the overlay's version differs from the one in use (a missed message, a reconnect). */
  async reloadIfStale(): Promise<boolean> {
    const v = await this.deps.version();
    if (v === this.setup.version) return true;
    if (this.lastError?.version === v) return false; // that version already failed: not again and again
    return this.reload();
  }

  private async once(): Promise<boolean> {
    let version: number | undefined;
    try {
      version = await this.deps.version();
      const next = await this.deps.build();
      const before = this.setup.version;
      this.setup = next;
      this.lastError = undefined;
      this.reloads++;
      this.deps.log.info(
        { from: before, to: next.version, rules: next.rules },
        "triage rules reloaded (config/ and accepted rules)",
      );
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.lastError = { at: this.deps.now(), version, message };
      this.deps.log.error(
        { version, kept: this.setup.version, err: message },
        "triage rules did not reload: the rules in use are kept",
      );
      this.deps.onFailed?.(message);
      return false;
    }
  }
}
