/**
 * Failed logins per client address, in memory (one per ops server): after `maxFailures` failures
 * within `windowMs` the address is refused until the window since its first counted failure ends.
 * A success clears the address. Pure apart from the injected clock.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { first: number; count: number }>();
  constructor(
    private readonly opts: {
      /** Default 5. */
      maxFailures?: number;
      /** Default 15 minutes. */
      windowMs?: number;
      now?: () => number;
      /** Addresses tracked at most (oldest dropped first), so a spray of addresses cannot fill memory. Default 10 000. */
      maxTracked?: number;
    } = {},
  ) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  private windowMs(): number {
    return this.opts.windowMs ?? 15 * 60_000;
  }

  /** Milliseconds this address must wait before trying again; 0 when it may try now. */
  blockedForMs(address: string): number {
    const f = this.failures.get(address);
    if (!f) return 0;
    const age = this.now() - f.first;
    if (age >= this.windowMs()) {
      this.failures.delete(address);
      return 0;
    }
    return f.count >= (this.opts.maxFailures ?? 5) ? this.windowMs() - age : 0;
  }

  /** Records a failure; returns how many this address has in the current window. */
  fail(address: string): number {
    this.blockedForMs(address); // drops an expired window
    const f = this.failures.get(address) ?? { first: this.now(), count: 0 };
    f.count++;
    this.failures.delete(address);
    this.failures.set(address, f);
    const max = this.opts.maxTracked ?? 10_000;
    while (this.failures.size > max) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
    return f.count;
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
