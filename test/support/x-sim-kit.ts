import type { TwitterApi } from "twitter-api-v2";
import { createXClient } from "../../src/x/x-client.js";
import { startXSimulator, type XSimulator, type XSimulatorOptions } from "../../sim/x/x-simulator.js";

/** A clock tests move by hand: the simulator's ids, windows and search range follow it. */
export class ManualClock {
  constructor(private ms = Date.parse("2026-03-02T01:00:00.000Z")) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface SimKit {
  sim: XSimulator;
  clock: ManualClock;
  /** OAuth 1.0a user context: posts and reads as the city's account. */
  user: TwitterApi;
  /** App-only bearer: reads mentions and search. */
  app: TwitterApi;
}

/** Starts a simulator on a free port with a manual clock, and real twitter-api-v2 clients for it. */
export async function startSimKit(opts: XSimulatorOptions = {}, timeoutMs = 5_000): Promise<SimKit> {
  const clock = new ManualClock();
  const sim = await startXSimulator({ now: clock.now, bearerTokens: ["app-bearer"], ...opts });
  return {
    sim,
    clock,
    user: createXClient({
      baseUrl: sim.url,
      appKey: "ck",
      appSecret: "cs",
      accessToken: "at",
      accessSecret: "as",
      timeoutMs,
    }),
    app: createXClient({ baseUrl: sim.url, bearerToken: "app-bearer", timeoutMs }),
  };
}

/** Adds citizen tweets one second apart (so ids and created_at increase) and returns their ids, oldest first. */
export function addCitizenTweets(kit: SimKit, texts: string[], author = "warga_bdg"): string[] {
  return texts.map((text) => {
    kit.clock.advance(1000);
    return kit.sim.addTweet({ text, author: { username: author } }).id;
  });
}
