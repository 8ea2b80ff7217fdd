import { join } from "node:path";
import { Redis } from "ioredis";
import { ManagedProcess } from "./managed-process.js";

/**
 * A redis-server of the suite's own: its own port and directory, AOF on. `appendfsync everysec`:
 * Redis write()s the AOF buffer before it answers a client, so a killed redis-server (what the
 * suite does) loses no acknowledged write; `always` would only add protection against the
 * machine itself losing power, at the price of an fsync per write.
 */
export class SuiteRedis {
  private server: ManagedProcess | undefined;

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const { process } = await ManagedProcess.start({
      name: "redis-server",
      command: "redis-server",
      args: [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        "--maxmemory-policy",
        "noeviction",
        "--daemonize",
        "no",
        "--logfile",
        "",
      ],
      logFile: join(this.dir, "redis-server.log"),
      ready: /Ready to accept connections/,
      readyTimeoutMs: 20_000,
    });
    this.server = process;
  }

  /** The crash: SIGKILL, no chance to flush anything. */
  async kill9(): Promise<void> {
    this.server?.kill("SIGKILL");
    await this.server?.exited;
  }

  /** An orderly `SHUTDOWN` (AOF fsynced, no RDB: `--save ""`). */
  async shutdown(): Promise<void> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    client.on("error", () => undefined);
    await client.connect();
    await client.call("SHUTDOWN").catch(() => undefined); // the connection closes under the reply
    client.disconnect();
    await this.server?.exited;
  }

  async stop(): Promise<void> {
    await this.server?.stop(5_000);
  }
}
