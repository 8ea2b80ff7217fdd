/**
 * The simulated outside world of one fault scenario, in a process of its own (started with tsx):
 * the demo world (X simulator, Telegram simulator with a group per agency) on the ports it is
 * given, plus a small control server for the X simulator's clock. It stays up while the suite
 * kills and restarts Aduan's processes around it, and prints one JSON line when ready.
 *
 * Usage: tsx sim-world-main.ts --x-port N --telegram-port N --control-port N --token T
 *        [--x-clock-offset-ms MS]
 */
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { loadConfig } from "../../../src/app/load-config.js";
import { startDemoWorld } from "../../../sim/demo/demo-world.js";

const { values } = parseArgs({
  options: {
    "x-port": { type: "string" },
    "telegram-port": { type: "string" },
    "control-port": { type: "string" },
    token: { type: "string" },
    "x-clock-offset-ms": { type: "string", default: "0" },
  },
});
const port = (name: "x-port" | "telegram-port" | "control-port"): number => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} must be a port number`);
  return v;
};

// The X simulator's clock may run behind real time: a 429 then names a window reset that Aduan
// (on the real clock) sees as past, and the suite moves this clock on to end the spent window,
// instead of waiting fifteen real minutes.
let xClockOffsetMs = Number(values["x-clock-offset-ms"]);
const config = await loadConfig("config", new Date());
const world = await startDemoWorld(config.agencies, {
  xPort: port("x-port"),
  telegramPort: port("telegram-port"),
  ...(values.token ? { telegramToken: values.token } : {}),
  // Telegram's real flood limits stay on; X's quotas are raised so the suite measures faults, not
  // the 100 replies per 15 minutes a real account gets.
  floodControl: true,
  xLimits: { mentions: 100_000, search: 100_000, post: 100_000, me: 100_000 },
  xNow: () => Date.now() + xClockOffsetMs,
});

const control = createServer((req, res) => {
  const answer = (status: number, body: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  if (req.url !== "/clock") return answer(404, { error: "only /clock" });
  if (req.method === "GET") return answer(200, { offsetMs: xClockOffsetMs });
  if (req.method !== "POST") return answer(405, { error: "GET or POST" });
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
  req.on("end", () => {
    const advanceMs = Number((JSON.parse(body || "{}") as { advanceMs?: unknown }).advanceMs);
    if (!Number.isFinite(advanceMs) || advanceMs < 0) return answer(400, { error: "advanceMs ≥ 0" });
    xClockOffsetMs += advanceMs;
    return answer(200, { offsetMs: xClockOffsetMs });
  });
});
await new Promise<void>((resolve) => control.listen(port("control-port"), "127.0.0.1", resolve));

console.log(
  JSON.stringify({
    event: "ready",
    xUrl: world.x.url,
    telegramUrl: world.telegram.url,
    token: world.telegram.token,
    chatIds: world.chatIds,
    controlUrl: `http://127.0.0.1:${port("control-port")}`,
  }),
);

const stop = (): void => {
  control.close();
  void world.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
