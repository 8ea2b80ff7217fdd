import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "./support/eventually.js";
import { deleteKeys } from "./support/pipeline-harness.js";
import { childEnv } from "./support/test-env.js";

const prefix = `test-demo-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  // The demo runs in `<ADUAN_PREFIX>-demo`.
  await deleteKeys(`${prefix}-demo`);
});

/** The environment of a newcomer's first `npm start`: no X or Telegram credentials at all. */
function newcomerEnv(): NodeJS.ProcessEnv {
  return childEnv({ ADUAN_PREFIX: prefix, LOG_LEVEL: "warn" });
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

describe("npm start without credentials", () => {
  it("starts the demo, routes its first tweet to a card, and stops cleanly on SIGTERM", async () => {
    // What `npm start` runs (tsx src/main.ts), without npm in between so the signal reaches Aduan.
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--demo-speed", "20"], {
      env: newcomerEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: string[] = [];
    const err: string[] = [];
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (l) => out.push(l));
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on("line", (l) => err.push(l));
    const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));

    const simUrl = await waitFor(
      () => out.map((l) => /^Telegram simulator: (http\S+)/.exec(l)?.[1]).find(Boolean),
      "the Telegram simulator's URL on stdout",
      30_000,
    );
    expect(out.some((l) => /^X simulator: http/.test(l))).toBe(true);

    const card = await waitFor(
      async () => {
        const chats = await getJson<{ id: number; title: string }[]>(`${simUrl}/_sim/chats`);
        for (const chat of chats) {
          const messages = await getJson<{ text?: string }[]>(`${simUrl}/_sim/chats/${chat.id}/messages`);
          const found = messages.find((m) => /ADU-\d{6}/.test(m.text ?? ""));
          if (found) return { chat: chat.title, text: found.text ?? "" };
        }
        return undefined;
      },
      "a card with a ticket id in one of the demo's groups",
      60_000,
    );
    expect(card.text).toMatch(/ADU-\d{6}/);

    // The dashboard's URL and a ready login link for the demo's supervisor, beside the simulators'.
    const dashboard = out.map((l) => /^Dashboard: (http\S+\/dasbor)$/.exec(l)?.[1]).find(Boolean);
    expect(dashboard).toBeDefined();
    const link = out.map((l) => /^\s+(http\S+\/dasbor\/masuk\?t=\S+)$/.exec(l)?.[1]).find(Boolean);
    expect(link?.startsWith(`${dashboard}/masuk?t=`)).toBe(true);
    const login = await fetch(`${dashboard}/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `t=${new URL(link!).searchParams.get("t")}`,
      redirect: "manual",
    });
    expect(login.status).toBe(303);
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
    const queue = await waitFor(
      async () => {
        const res = await fetch(`${dashboard}/api/tickets?status=all`, { headers: { cookie } });
        const body = (await res.json()) as { total: number };
        return body.total > 0 ? body : undefined;
      },
      "the demo's tickets on the dashboard",
      30_000,
    );
    expect(queue.total).toBeGreaterThan(0);
    // The campaigns panel's data is mounted behind the same session: the shipped campaign is listed.
    const pulse = await fetch(`${dashboard}/api/campaigns`, { headers: { cookie } });
    expect(pulse.status).toBe(200);
    const { campaigns } = (await pulse.json()) as { campaigns: { tag: string }[] };
    expect(campaigns.map((c) => c.tag)).toContain("#NgepelBraga");
    expect((await fetch(`${dashboard}/api/campaigns`)).status).toBe(401);

    const stopAsked = Date.now();
    child.kill("SIGTERM");
    const code = await Promise.race([
      exited,
      new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 15_000)),
    ]);
    expect(code, `stderr:\n${err.join("\n")}`).toBe(0);
    expect(Date.now() - stopAsked).toBeLessThan(15_000);
  }, 90_000);
});
