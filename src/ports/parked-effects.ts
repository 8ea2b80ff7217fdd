import { newestFirst, type EffectKind, type ParkedEffect } from "../core/parking.js";

/** A failure to record: the record's counts and times are kept by the store. */
export type ParkInput = Omit<ParkedEffect, "firstAt" | "lastAt" | "attempts"> & { at: string };

/**
 * Parked effects (the dead letter): at most one record per ticket and effect. Implemented in
 * Redis by `redis/parked-effects.ts`; the in-memory twin is below.
 */
export interface ParkedEffects {
  /**
   * Records a failure. `first`: no record of this ticket and effect existed (tell the supervisors
   * once); otherwise the record's cause, latest time and attempts are updated.
   */
  park(input: ParkInput): Promise<{ first: boolean; record: ParkedEffect }>;
  /** Removes the record; returns it if there was one (the effect got through, or was dismissed). */
  clear(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null>;
  get(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null>;
  /** Every parked effect, newest failure first. */
  list(): Promise<ParkedEffect[]>;
  count(): Promise<number>;
}

/** The one place that merges a new failure into an existing record (both stores use it). */
export function mergePark(existing: ParkedEffect | null, input: ParkInput): ParkedEffect {
  const { at, ...rest } = input;
  return {
    ...rest,
    // A card that went to the triage desk once stays marked so until it reaches its own group.
    ...(existing?.standIn || input.standIn ? { standIn: true } : {}),
    firstAt: existing?.firstAt ?? at,
    lastAt: at,
    attempts: (existing?.attempts ?? 0) + 1,
  };
}

export function parkField(ticketId: string, effect: EffectKind): string {
  return `${ticketId}|${effect}`;
}

export class MemoryParkedEffects implements ParkedEffects {
  private readonly items = new Map<string, ParkedEffect>();

  async park(input: ParkInput): Promise<{ first: boolean; record: ParkedEffect }> {
    const key = parkField(input.ticketId, input.effect);
    const existing = this.items.get(key) ?? null;
    const record = mergePark(existing, input);
    this.items.set(key, record);
    return { first: existing === null, record: { ...record } };
  }

  async clear(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null> {
    const key = parkField(ticketId, effect);
    const existing = this.items.get(key) ?? null;
    this.items.delete(key);
    return existing;
  }

  async get(ticketId: string, effect: EffectKind): Promise<ParkedEffect | null> {
    const found = this.items.get(parkField(ticketId, effect));
    return found ? { ...found } : null;
  }

  async list(): Promise<ParkedEffect[]> {
    return newestFirst([...this.items.values()].map((r) => ({ ...r })));
  }

  async count(): Promise<number> {
    return this.items.size;
  }
}
