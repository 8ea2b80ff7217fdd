import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import { Redis } from "ioredis";
import { loadConfig } from "../src/app/load-config.js";
import { pipelineSettings } from "../src/app/pipeline-settings-from-config.js";
import { supervisionContext } from "../src/core/supervision-context.js";
import { RedisTicketStore } from "../src/redis/ticket-store.js";
import type { Membership } from "../src/staff/membership.js";
import { registerDashboard } from "../src/web/dashboard-routes.js";
import type { TriageVerdict } from "../src/triage/types.js";

/**
 * `npm run bench -- dashboard`: page load and API latency of the web dashboard with many tickets
 * in Redis (default 50,000, a tenth of them open), on the real Redis store and the real routes.
 * Membership is answered in memory (the bench measures the dashboard, not Telegram). Goals from
 * issue 13: a page under 1 s, the API's p99 under 200 ms.
 */

const KECAMATAN: [string, number, number][] = [
  ["Coblong", -6.8915, 107.6107],
  ["Sumur Bandung", -6.9147, 107.6098],
  ["Kiaracondong", -6.9256, 107.6463],
  ["Antapani", -6.9117, 107.6612],
  ["Cicendo", -6.9028, 107.5864],
  ["Gedebage", -6.9502, 107.6941],
  ["Bojongloa Kaler", -6.9302, 107.5859],
  ["Ujungberung", -6.9122, 107.7012],
];

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function quantiles(times: number[]): { p50: number; p99: number; max: number } {
  const s = [...times].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: s.at(-1) ?? 0 };
}

export async function runDashboardBench(opts: { tickets: number; requests: number; redisUrl: string }) {
  const config = await loadConfig(process.env["ADUAN_CONFIG_DIR"] ?? "config", new Date());
  const settings = pipelineSettings(config, {}, {});
  const agencies = config.agencies.filter((a) => a.kind === "agency").map((a) => a.id);
  const redis = new Redis(opts.redisUrl, { maxRetriesPerRequest: 3 });
  const prefix = `bench-dash-${randomUUID().slice(0, 8)}`;
  const store = new RedisTicketStore(redis, prefix);
  const now = Date.now();
  const started = Date.now();
  const ids = Array.from({ length: opts.tickets }, (_, i) => i);
  await pool(ids, 64, async (i) => {
    const agency = agencies[i % agencies.length]!;
    const [kecamatan, lat, lon] = KECAMATAN[i % KECAMATAN.length]!;
    const received = now - ((i * 7919) % (90 * 24)) * 3_600_000;
    const at = (ms: number) => new Date(received + ms).toISOString();
    const id = String(1_900_000_000_000_000_000n + BigInt(i));
    const verdict: TriageVerdict = {
      id,
      complaint: true,
      kind: "keluhan",
      disposition: "agency",
      agency,
      confidence: 0.8,
      candidates: [{ agency, score: 2 }],
      urgency: i % 11 === 0 ? "urgent" : "normal",
      location: {
        kecamatan,
        lat: lat + ((i % 97) - 48) / 5000,
        lon: lon + ((i % 89) - 44) / 5000,
        source: "text",
      },
      abusive: false,
      external: null,
      evidence: [{ field: "agency", reason: "kata kunci", match: "jalan rusak" }],
    };
    const { ticket } = await store.createFromTweet(
      {
        id,
        author_id: String(i),
        author_username: `warga${i}`,
        text: `@PemkotBandung laporan nomor ${i}: jalan rusak di ${kecamatan}, mohon ditangani`,
        created_at: at(0),
        url: `https://x.com/warga${i}/status/${id}`,
        mentions_us: true,
      },
      verdict,
      at(0),
    );
    await store.transition(ticket.id, { type: "dispatch", agency }, at(1000), "system");
    if (i % 10 !== 0)
      await store.transition(ticket.id, { type: "resolve", note: "beres" }, at(5 * 3_600_000), "tg:1");
  });
  const loadSeconds = (Date.now() - started) / 1000;

  const supervisors = settings.supervisorsChatId ?? -1;
  const membership: Membership = {
    status: async (chatId) => (chatId === supervisors ? "member" : "left"),
  };
  const app = Fastify({ logger: false });
  const { links } = registerDashboard(app, {
    redis,
    prefix,
    store,
    settings: { ...settings, supervisorsChatId: supervisors },
    sup: supervisionContext(config),
    membership,
    secret: "bench-secret",
    now: Date.now,
    log: { info: () => {}, warn: () => {} },
    configDir: config.dir,
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  const token = await links.issue({ id: 1, name: "Bench" });
  const login = await fetch(`${url}/dasbor/masuk`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `t=${token}`,
    redirect: "manual",
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const time = async (path: string, n: number) => {
    const times: number[] = [];
    let bytes = 0;
    let wire = 0;
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}${path}`, { headers: { cookie } });
      const body = await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      bytes = body.byteLength;
      // fetch asks for gzip as a browser does and unpacks it: what crossed the wire is the length.
      wire = Number(res.headers.get("content-length") ?? body.byteLength);
      times.push(performance.now() - t0);
    }
    return { path, bytes, wire, ...quantiles(times) };
  };
  // The first request reads every open ticket into memory; measured on its own.
  const first = await time("/dasbor/api/tickets", 1);
  const rows = [
    await time("/dasbor", Math.max(20, opts.requests / 5)),
    await time("/dasbor/peta", opts.requests),
    await time("/dasbor/assets/leaflet/leaflet.js", opts.requests),
    await time("/dasbor/api/kecamatan.geojson", opts.requests),
    await time("/dasbor/api/tickets", opts.requests),
    await time("/dasbor/api/tickets?agency=dsdabm&urgency=urgent", opts.requests),
    await time("/dasbor/api/tickets?q=ADU-000500", opts.requests),
    await time("/dasbor/api/map", opts.requests),
    await time("/dasbor/api/tickets/ADU-000500", opts.requests),
    await time("/dasbor/api/tickets?status=resolved&period=minggu%20ini", Math.max(10, opts.requests / 10)),
  ];
  await app.close();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== "0");
  await redis.quit();
  return { tickets: opts.tickets, open: Math.ceil(opts.tickets / 10), loadSeconds, first, rows };
}

export function formatDashboardBench(r: Awaited<ReturnType<typeof runDashboardBench>>): string {
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(10);
  const lines = [
    `dashboard: ${r.tickets} tickets in Redis (${r.open} open), written in ${r.loadSeconds.toFixed(0)} s`,
    `  first request (reads every open ticket): ${r.first.p50.toFixed(0)} ms`,
    `  ${"route".padEnd(58)}${"p50".padStart(10)}${"p99".padStart(10)}${"max".padStart(10)}   bytes (sent)`,
    ...r.rows.map(
      (x) =>
        `  ${x.path.padEnd(58)}${ms(x.p50)}${ms(x.p99)}${ms(x.max)}   ${x.bytes}` +
        (x.wire !== x.bytes ? ` (${x.wire} gzip)` : ""),
    ),
  ];
  return lines.join("\n");
}
