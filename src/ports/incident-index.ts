/**
 * Recent carded tickets by agency and place, so finding the incident a new complaint repeats
 * reads a handful of candidates instead of every open ticket. Entries are hints: the reader checks
 * that each candidate is still open; old entries fall out by score and the key expires.
 */
export interface IncidentIndex {
  candidates(agency: string, place: string, sinceMs: number): Promise<string[]>;
  add(agency: string, place: string, ticketId: string, atMs: number): Promise<void>;
}

/** The memory twin, for tests of the use case. */
export class MemoryIncidentIndex implements IncidentIndex {
  private readonly sets = new Map<string, Map<string, number>>();
  async candidates(agency: string, place: string, sinceMs: number): Promise<string[]> {
    const set = this.sets.get(`${agency}:${place}`) ?? new Map<string, number>();
    return [...set].filter(([, at]) => at >= sinceMs).map(([id]) => id);
  }
  async add(agency: string, place: string, ticketId: string, atMs: number): Promise<void> {
    const k = `${agency}:${place}`;
    if (!this.sets.has(k)) this.sets.set(k, new Map());
    this.sets.get(k)?.set(ticketId, atMs);
  }
}
