// Smoke test of the compiled build: `node dist/main.js --demo` starts, takes tweets, and stops
// cleanly on SIGTERM. Run after `npm run build` (CI does); exits non-zero on any failure.
import { spawn } from "node:child_process";

const child = spawn(process.execPath, ["dist/main.js", "--demo", "--demo-speed", "20"], {
  stdio: ["ignore", "pipe", "pipe"],
  // JSON lines (the demo would print its readable feed): this script looks for messages by name.
  env: { ...process.env, LOG_LEVEL: "info", LOG_FORMAT: "json" },
});
let out = "";
const fail = (why) => {
  console.error(`smoke-dist: ${why}\n${out.slice(-4000)}`);
  child.kill("SIGKILL");
  process.exit(1);
};
const timer = setTimeout(() => fail("no 'aduan started' within 60 s"), 60_000);
const onData = (d) => {
  out += d;
  if (out.includes('"msg":"aduan started"') && !out.includes("SIGTERM sent")) {
    out += "\nSIGTERM sent\n";
    clearTimeout(timer);
    // Let it take a few tweets first.
    setTimeout(() => child.kill("SIGTERM"), 3_000);
  }
};
child.stdout.on("data", onData);
child.stderr.on("data", onData);
child.on("exit", (code) => {
  if (code !== 0) fail(`exited with ${code}`);
  if (!out.includes('"msg":"stopped"')) fail("did not say it stopped");
  console.log(`smoke-dist: node ${process.version} ran dist/main.js and stopped cleanly`);
});
