/** Milliseconds of X's epoch (2010-11-04T01:42:54.657Z): snowflake ids count from here. */
const X_EPOCH_MS = 1288834974657n;
const SEQUENCE_BITS = 12n;
const WORKER_BITS = 10n;
const MAX_SEQUENCE = (1n << SEQUENCE_BITS) - 1n;

/**
 * Mints X-style snowflake ids: 41 bits of milliseconds since X's epoch, 10 bits of worker, 12 bits
 * of sequence. Ids therefore grow with time and decode back to their creation time, as real
 * tweet ids do (clients use that for `since_id` cursors and to date a tweet without `created_at`).
 */
export class SnowflakeIds {
  private readonly sequences = new Map<bigint, bigint>();

  constructor(private readonly worker = 1n) {}

  /** A fresh id for something created at `ms` (unix milliseconds). */
  next(ms: number): string {
    const t = BigInt(Math.max(Math.floor(ms), Number(X_EPOCH_MS))) - X_EPOCH_MS;
    let seq = this.sequences.get(t) ?? 0n;
    // More than 4096 ids in one millisecond: borrow the next millisecond, as X's generator waits.
    let stamp = t;
    while (seq > MAX_SEQUENCE) {
      stamp += 1n;
      seq = this.sequences.get(stamp) ?? 0n;
    }
    this.sequences.set(stamp, seq + 1n);
    return ((stamp << (SEQUENCE_BITS + WORKER_BITS)) | (this.worker << SEQUENCE_BITS) | seq).toString();
  }
}
