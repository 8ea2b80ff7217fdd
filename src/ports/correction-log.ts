import type { Correction } from "../core/correction.js";

/**
 * Where staff corrections are kept (see `core/correction.ts`). Recording is idempotent by the
 * correction's id (ticket + history entry): a retried transition, a replayed job or a backfill
 * over tickets already recorded adds nothing. Implemented in Redis (`redis/correction-log.ts`)
 * with this memory twin beside it.
 */
export interface CorrectionLog {
  /** Keeps `c` unless a correction with its id is kept already; true when it was new. */
  record(c: Correction): Promise<boolean>;
  /** Corrections decided in [fromMs, toMs), oldest first. */
  between(fromMs: number, toMs: number): Promise<Correction[]>;
}

export class MemoryCorrectionLog implements CorrectionLog {
  private readonly byId = new Map<string, Correction>();

  async record(c: Correction): Promise<boolean> {
    if (this.byId.has(c.id)) return false;
    this.byId.set(c.id, c);
    return true;
  }

  async between(fromMs: number, toMs: number): Promise<Correction[]> {
    return [...this.byId.values()]
      .filter((c) => Date.parse(c.at) >= fromMs && Date.parse(c.at) < toMs)
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}
