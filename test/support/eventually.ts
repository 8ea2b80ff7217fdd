/** Retries an assertion until it passes or the time is up (for effects produced asynchronously). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 4000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Polls `probe` until it gives a value (not undefined, null or false), or fails naming `what`. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
): Promise<Exclude<NonNullable<T>, false>> {
  return eventually(async () => {
    const v = await probe();
    if (v === undefined || v === null || v === false) throw new Error(`timed out waiting for ${what}`);
    return v as Exclude<NonNullable<T>, false>;
  }, timeoutMs);
}
