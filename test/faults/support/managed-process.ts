import { spawn, type ChildProcess } from "node:child_process";
import { childEnv } from "../../support/test-env.js";
import { createWriteStream, type WriteStream } from "node:fs";
import { createInterface } from "node:readline";

/**
 * A child process in a process group of its own, its output kept in a log file. The suite kills
 * whole groups (`kill(-pid)`), so nothing a child started outlives it; every process started is
 * remembered so `killAllProcesses` can end them even when a scenario fails half-way.
 */
export class ManagedProcess {
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  private alive = true;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.alive = false;
        running.delete(this);
        resolve(code ?? signal ?? "unknown");
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /**
   * Starts `command` and resolves when a line of its standard output matches `ready` (with that
   * line), or rejects if it exits or stays silent for `readyTimeoutMs`.
   */
  static async start(opts: {
    name: string;
    command: string;
    args: readonly string[];
    env?: NodeJS.ProcessEnv;
    logFile: string;
    ready: RegExp;
    readyTimeoutMs?: number;
    /** Lines of standard output up to the ready line that match this are returned as `kept`. */
    keep?: RegExp;
  }): Promise<{ process: ManagedProcess; readyLine: string; kept: string[] }> {
    const log: WriteStream = createWriteStream(opts.logFile, { flags: "a" });
    const child = spawn(opts.command, [...opts.args], {
      cwd: process.cwd(),
      env: opts.env ?? childEnv(),
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const managed = new ManagedProcess(opts.name, child, opts.logFile);
    running.add(managed);
    child.stderr?.pipe(log, { end: false });
    const lines = createInterface({ input: child.stdout! });
    const kept: string[] = [];
    const readyLine = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `${opts.name} was not ready after ${opts.readyTimeoutMs ?? 30_000} ms (log: ${opts.logFile})`,
          ),
        );
      }, opts.readyTimeoutMs ?? 30_000);
      lines.on("line", (line) => {
        log.write(`${line}\n`);
        if (opts.keep?.test(line)) kept.push(line);
        if (opts.ready.test(line)) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      void managed.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${opts.name} exited (${code}) before it was ready (log: ${opts.logFile})`));
      });
    });
    void managed.exited.then(() => lines.close());
    try {
      return { process: managed, readyLine: await readyLine, kept };
    } catch (err) {
      managed.kill("SIGKILL");
      throw err;
    }
  }

  /** Signals the whole process group; a group already gone is not an error. */
  kill(signal: NodeJS.Signals): void {
    if (!this.alive || this.pid <= 0) return;
    try {
      process.kill(-this.pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.alive) return;
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

const running = new Set<ManagedProcess>();

/** Kills every process the suite started that is still running (test teardown, even after a failure). */
export async function killAllProcesses(): Promise<void> {
  const all = [...running];
  for (const p of all) p.kill("SIGKILL");
  await Promise.all(all.map((p) => p.exited));
}

// If the test runner itself goes down, its children must not linger.
process.once("exit", () => {
  for (const p of running) p.kill("SIGKILL");
});
