import { TEST_MARKERS } from "../../support/test-env.js";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ManagedProcess } from "./managed-process.js";
import type { SimWorld } from "./sim-world.js";

export type AduanRole = "ingest" | "workers" | "bot";

export interface FleetMember {
  role: AduanRole;
  /** Stable within the scenario (`workers-2`); the process behind it changes on every restart. */
  name: string;
  process: ManagedProcess;
  /** Environment on top of the fleet's (kept across restarts), e.g. another `ADUAN_PREFIX`. */
  env?: Record<string, string>;
  /** The current process's health server (`…/healthz`), from its start-up log line. */
  healthUrl?: string;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** How long the process may take to log "aduan started". Default 45 s. */
  readyTimeoutMs?: number;
}

/**
 * Aduan as separate OS processes (`tsx src/main.ts --role …`), in real mode against the
 * simulators: fake X OAuth 1.0a keys (the simulator checks the header's shape, not its
 * signature), the simulator's bot token, every agency's group from the simulated world.
 */
export class AduanFleet {
  readonly members: FleetMember[] = [];

  constructor(
    private readonly o: {
      world: SimWorld;
      redisUrl: string;
      prefix: string;
      logDir: string;
      pollIntervalMs: number;
      /** Environment on top of the defaults for every process (e.g. `ADUAN_BOT_MAX_POLL_AGE_S`). */
      env?: Record<string, string>;
    },
  ) {}

  env(): NodeJS.ProcessEnv {
    const chats: Record<string, string> = {};
    for (const [agency, id] of Object.entries(this.o.world.chatIds)) {
      chats[`ADUAN_CHAT_${agency.toUpperCase()}`] = String(id);
    }
    return {
      PATH: process.env["PATH"],
      HOME: process.env["HOME"],
      ...TEST_MARKERS,
      X_API_BASE_URL: this.o.world.xUrl,
      X_APP_KEY: "fault-suite-app-key",
      X_APP_SECRET: "fault-suite-app-secret",
      X_ACCESS_TOKEN: "fault-suite-access-token",
      X_ACCESS_SECRET: "fault-suite-access-secret",
      TELEGRAM_BOT_TOKEN: this.o.world.token,
      TELEGRAM_API_ROOT: this.o.world.telegramUrl,
      CALLBACK_SECRET: "fault-suite-callback-secret",
      REDIS_URL: this.o.redisUrl,
      ADUAN_PREFIX: this.o.prefix,
      ADUAN_POLL_INTERVAL_MS: String(this.o.pollIntervalMs),
      PORT: "0",
      LOG_LEVEL: "info",
      ...chats,
      ...this.o.env,
    };
  }

  /** Starts one process of `role`, known as `name` across its restarts; resolves when it is up. */
  async start(role: AduanRole, name: string, o: StartOptions = {}): Promise<FleetMember> {
    const member: FleetMember = { role, name, ...(o.env ? { env: o.env } : {}), process: undefined as never };
    await this.spawn(member, o.readyTimeoutMs);
    this.members.push(member);
    return member;
  }

  /** The crash: SIGKILL, then a new process in its place (as systemd's `Restart=always` would). */
  async killAndRestart(member: FleetMember): Promise<void> {
    member.process.kill("SIGKILL");
    await member.process.exited;
    await this.spawn(member);
  }

  /** An orderly stop of one member (SIGTERM), which then leaves the fleet (it did not crash). */
  async stopMember(member: FleetMember): Promise<void> {
    const i = this.members.indexOf(member);
    if (i >= 0) this.members.splice(i, 1);
    await member.process.stop(15_000);
  }

  /** Where the process known as `name` writes its log (restarts append to it). */
  logFileOf(name: string): string {
    return join(this.o.logDir, `${this.o.prefix}-${name}.log`);
  }

  /** `GET /healthz` of the member's current process: the status code and the checks. */
  async health(member: FleetMember): Promise<{ status: number; checks: Record<string, unknown> }> {
    if (!member.healthUrl) throw new Error(`${member.name} has no health server`);
    const res = await fetch(`${member.healthUrl}/healthz`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as { checks?: Record<string, unknown> };
    return { status: res.status, checks: body.checks ?? {} };
  }

  byRole(role: AduanRole): FleetMember[] {
    return this.members.filter((m) => m.role === role);
  }

  /** Processes that died on their own (not by the suite's hand): each one is a finding. */
  unexpectedExits(): string[] {
    return this.members.filter((m) => !m.process.isAlive).map((m) => `${m.name} (log: ${m.process.logFile})`);
  }

  /** How many lines of every process's log so far (restarted ones included) match `pattern`. */
  async countLogLines(pattern: RegExp): Promise<number> {
    let n = 0;
    for (const m of this.members) {
      const text = await readFile(m.process.logFile, "utf8").catch(() => "");
      n += text.split("\n").filter((line) => pattern.test(line)).length;
    }
    return n;
  }

  /** SIGTERM (graceful: active jobs finish), SIGKILL after the grace period. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((m) => m.process.stop(15_000)));
  }

  private async spawn(member: FleetMember, readyTimeoutMs = 45_000): Promise<void> {
    const { process: child, kept } = await ManagedProcess.start({
      name: member.name,
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts", "--role", member.role],
      env: { ...this.env(), ...member.env },
      logFile: this.logFileOf(member.name),
      ready: /"msg":"aduan started"/,
      readyTimeoutMs,
      keep: /"msg":"health at \/healthz/,
    });
    member.process = child;
    const url = kept.map((line) => (JSON.parse(line) as { url?: string }).url).at(-1);
    if (url) member.healthUrl = url;
    else delete member.healthUrl;
  }
}
