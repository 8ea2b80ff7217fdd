import { readFileSync } from "node:fs";
import type { Redis } from "ioredis";

/**
 * The Lua scripts in `lua/`, registered on a connection with ioredis `defineCommand` (EVALSHA,
 * and EVAL once after a Redis restart forgot the script). The `.lua` files sit beside this
 * module in the source tree and in `dist/` (the build copies them).
 */
const SCRIPTS = {
  aduanCreateTicket: { file: "create-ticket.lua", numberOfKeys: 6 },
  aduanUpdateTicket: { file: "update-ticket.lua", numberOfKeys: 6 },
  aduanClaimEffect: { file: "claim-effect.lua", numberOfKeys: 1 },
  aduanCompleteEffect: { file: "complete-effect.lua", numberOfKeys: 1 },
  aduanReleaseEffect: { file: "release-effect.lua", numberOfKeys: 1 },
  aduanEffectState: { file: "effect-state.lua", numberOfKeys: 1 },
  aduanRateGate: { file: "rate-gate.lua", numberOfKeys: 4 },
  aduanAdvanceCursor: { file: "advance-cursor.lua", numberOfKeys: 1 },
  aduanTallyCampaign: { file: "tally-campaign.lua", numberOfKeys: 4 },
  aduanTallyMood: { file: "tally-mood.lua", numberOfKeys: 2 },
} as const;

type ScriptName = keyof typeof SCRIPTS;
type Arg = string | number;

/** A connection with our scripts as commands: keys first, then arguments. */
export type ScriptedRedis = Redis & { [N in ScriptName]: (...keysThenArgs: Arg[]) => Promise<unknown> };

const sources = new Map<ScriptName, string>();
function source(name: ScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) {
    lua = readFileSync(new URL(`./lua/${SCRIPTS[name].file}`, import.meta.url), "utf8");
    sources.set(name, lua);
  }
  return lua;
}

/** Registers every script on `redis` once (idempotent) and returns it typed with them. */
export function withScripts(redis: Redis): ScriptedRedis {
  const r = redis as ScriptedRedis;
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    if (typeof (r as unknown as Record<string, unknown>)[name] !== "function") {
      redis.defineCommand(name, { lua: source(name), numberOfKeys: SCRIPTS[name].numberOfKeys });
    }
  }
  return r;
}
