import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoginLinks } from "../src/web/login-links.js";
import { neutraliseCell } from "../src/web/queue-export.js";
import { runReportCli } from "../src/cli/report-cli.js";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { ASEP, BUDI, DSDABM_CHAT, KEPALA, SARI, eventually } from "./support/staff-bot-kit.js";
import { startDashboardKit, type DashboardKit } from "./support/dashboard-kit.js";
import { childEnv } from "./support/test-env.js";
import type { Ticket } from "../src/core/ticket.js";

let dk: DashboardKit;
const t: Record<string, Ticket> = {};
let seq = 0;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A ticket received at `receivedMs`, dispatched, and optionally claimed and resolved later. */
async function ticketAt(
  agency: string,
  receivedMs: number,
  opts: { text?: string; resolveAfterMs?: number; reopenAfterMs?: number } = {},
): Promise<Ticket> {
  const at = (ms: number) => new Date(receivedMs + ms).toISOString();
  const id = `18800000000${String(++seq).padStart(8, "0")}`;
  const { ticket } = await dk.store.createFromTweet(
    sampleTweet({ id, created_at: at(0), ...(opts.text ? { text: opts.text } : {}) }),
    sampleVerdict({
      id,
      agency,
      location: { kecamatan: "Coblong", lat: -6.89, lon: 107.61, source: "text" },
    }),
    at(0),
  );
  await dk.store.transition(ticket.id, { type: "dispatch", agency }, at(1000), "system");
  await dk.store.transition(ticket.id, { type: "claim", assignee: ASEP }, at(30 * 60_000), `tg:${ASEP.id}`);
  if (opts.resolveAfterMs !== undefined) {
    await dk.store.transition(ticket.id, { type: "resolve", note: "beres" }, at(opts.resolveAfterMs), "tg:1");
    if (opts.reopenAfterMs !== undefined)
      await dk.store.transition(
        ticket.id,
        { type: "reopen", reason: "belum beres" },
        at(opts.reopenAfterMs),
        "x:90001",
      );
  }
  return (await dk.store.get(ticket.id))!;
}

/** Monday 00:00 WIB three weeks before now, as an instant. */
function mondayWeeksAgo(weeks: number): number {
  const WIB = 7 * HOUR;
  const day = Math.floor((Date.now() + WIB) / DAY);
  const monday = day - ((day + 3) % 7);
  return (monday - 7 * weeks) * DAY - WIB;
}
const isoDay = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 10);

beforeAll(async () => {
  dk = await startDashboardKit({
    extra: {
      extraApi: [(scope) => void scope.get("/dasbor/api/campaigns", async () => ({ campaigns: [] }))],
    },
  });
  t["dsdabm"] = (await dk.kit.dispatched("dsdabm")).ticket;
  t["dishub"] = (await dk.kit.dispatched("dishub", "@PemkotBandung lampu merah Dago mati dari pagi")).ticket;
  t["formula"] = (
    await dk.kit.dispatched("dsdabm", '=HYPERLINK("http://evil.example","klik") jalan rusak di Dago')
  ).ticket;
  // A past week, fully closed: the report and the dashboard read it as of its end.
  const start = mondayWeeksAgo(3);
  for (let i = 0; i < 6; i++) {
    await ticketAt(i % 2 === 0 ? "dsdabm" : "dishub", start + i * 7 * HOUR + DAY, {
      resolveAfterMs: (i + 1) * 5 * HOUR,
      ...(i === 2 ? { reopenAfterMs: 40 * HOUR } : {}),
    });
  }
  await ticketAt("dsdabm", start + 2 * DAY); // still open: the week's backlog
}, 60_000);

afterAll(async () => {
  await dk?.close();
});

describe("logging in to the dashboard with a link from the bot", () => {
  it("gives a member a one-time link in a private chat, which opens a session cookie", async () => {
    const link = await dk.linkFromBot(KEPALA);
    expect(link.startsWith(`${dk.url}/dasbor/masuk?t=`)).toBe(true);
    const res = await fetch(`${dk.url}/dasbor/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: new URL(link).searchParams.get("t")! }).toString(),
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(
      /^aduan_dasbor=[A-Za-z0-9_-]{40,}; Path=\/dasbor; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const page = await dk.get("/dasbor", cookie.split(";")[0]);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(KEPALA.name);
  });

  it("answers /dasbor in a group by pointing to the private chat (a link there is anyone's)", async () => {
    const before = dk.kit.sim.messages(DSDABM_CHAT).length;
    dk.kit.sim.sendUserMessage({ chatId: DSDABM_CHAT, userId: SARI.id, text: "/dasbor" });
    const answer = await eventually(() => {
      const all = dk.kit.sim.messages(DSDABM_CHAT);
      expect(all.length).toBeGreaterThan(before);
      return all.at(-1)!;
    });
    expect(answer.text).toMatch(
      /^Tautan masuk dasbor bersifat pribadi\. Kirim \/dasbor di chat pribadi dengan bot/,
    );
    expect(answer.text).not.toContain("/dasbor/masuk");
  });

  it("refuses a reused link with a clear page and logs it", async () => {
    const link = await dk.linkFromBot(SARI);
    await dk.login(link);
    const again = await fetch(`${dk.url}/dasbor/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: new URL(link).searchParams.get("t")! }).toString(),
      redirect: "manual",
    });
    expect(again.status).toBe(400);
    expect(again.headers.get("set-cookie")).toBeNull();
    const body = await again.text();
    expect(body).toContain('data-refusal="used"');
    expect(body).toContain("Tautan ini sudah dipakai (hanya bisa sekali).");
    expect(dk.logs).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: "dashboard access refused",
        obj: expect.objectContaining({ reason: "used" }),
      }),
    );
  });

  it("refuses a forged link (a changed user id keeps the old signature)", async () => {
    const token = await dk.links.issue(BUDI);
    const [body, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString()) as { u: number };
    claims.u = KEPALA.id;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${sig}`;
    const res = await fetch(`${dk.url}/dasbor/masuk?t=${forged}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Tautan ini tidak sah.");
    // Signed with another key: refused the same way.
    const other = await new LoginLinks(dk.kit.redis, dk.kit.prefix, "not-the-secret").issue(KEPALA);
    const post = await fetch(`${dk.url}/dasbor/masuk`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `t=${other}`,
      redirect: "manual",
    });
    expect(post.status).toBe(400);
    expect(post.headers.get("set-cookie")).toBeNull();
    expect(
      dk.logs.filter((l) => (l.obj as { reason?: string }).reason === "forged").length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("refuses a link past its 15 minutes", async () => {
    const past = new LoginLinks(dk.kit.redis, dk.kit.prefix, dk.secret, () => Date.now() - 16 * 60_000);
    const token = await past.issue(KEPALA);
    const res = await fetch(`${dk.url}/dasbor/masuk?t=${token}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("Tautan ini sudah kedaluwarsa (berlaku 15 menit).");
  });

  it("asks to log in when there is no session, for pages and for the API", async () => {
    expect((await dk.get("/dasbor")).status).toBe(401);
    // A route another module mounts behind the guard (campaigns) is guarded too.
    expect((await dk.get("/dasbor/api/campaigns")).status).toBe(401);
    expect((await dk.get("/dasbor/api/tickets")).status).toBe(401);
    expect(
      (await dk.get("/dasbor/api/tickets", "aduan_dasbor=made-up-session-id-0123456789abcdef")).status,
    ).toBe(401);
  });
});

describe("who sees what", () => {
  it("shows staff of one agency only their agency's tickets, in the API, the pages and the export", async () => {
    const cookie = await dk.login(await dk.linkFromBot(SARI));
    const api = (await (await dk.get("/dasbor/api/tickets?status=all", cookie)).json()) as {
      tickets: { id: string; agency: string }[];
    };
    expect(api.tickets.length).toBeGreaterThan(0);
    expect(new Set(api.tickets.map((r) => r.agency))).toEqual(new Set(["dsdabm"]));
    expect((await dk.get(`/dasbor/api/tickets/${t["dishub"]!.id}`, cookie)).status).toBe(404);
    const page = await dk.get(`/dasbor/tiket/${t["dishub"]!.id}`, cookie);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("lampu merah Dago");
    expect((await dk.get(`/dasbor/tiket/${t["dsdabm"]!.id}`, cookie)).status).toBe(200);
    const queue = await (await dk.get("/dasbor", cookie)).text();
    expect(queue).toContain(t["dsdabm"]!.id);
    expect(queue).not.toContain(t["dishub"]!.id);
    const csv = await (await dk.get("/dasbor/api/export.csv", cookie)).text();
    expect(csv).not.toContain(t["dishub"]!.id);
    expect(dk.logs).toContainEqual(
      expect.objectContaining({ msg: "dashboard: ticket of another agency refused" }),
    );
  });

  it("shows a supervisor every agency's tickets", async () => {
    const cookie = await dk.login(await dk.linkFromBot(KEPALA));
    const api = (await (await dk.get("/dasbor/api/tickets", cookie)).json()) as {
      tickets: { agency: string }[];
    };
    expect(new Set(api.tickets.map((r) => r.agency))).toEqual(new Set(["dsdabm", "dishub"]));
  });

  it("ends the session of someone removed from their group", async () => {
    const cookie = await dk.login(await dk.linkFromBot(BUDI));
    expect((await dk.get("/dasbor/api/tickets", cookie)).status).toBe(200);
    // Budi is in Dishub's group (and a group no agency owns): out of Dishub, he has no rights left.
    dk.kit.sim.setMember(-1003100000002, { ...BUDI, status: "left" });
    await eventually(
      async () => expect((await dk.get("/dasbor/api/tickets", cookie)).status).toBe(403),
      8000,
    );
    expect((await dk.get("/dasbor/api/tickets", cookie)).status).toBe(401);
    dk.kit.sim.setMember(-1003100000002, { ...BUDI, status: "member" });
  });

  it("refuses /dasbor to someone in none of the groups", async () => {
    const stranger = { id: 61999, name: "Orang Lewat" };
    dk.privateChat(stranger);
    // A stranger's private message is answered once with the stranger notice, never with a link.
    dk.kit.sim.sendUserMessage({ chatId: stranger.id, userId: stranger.id, text: "/dasbor" });
    const answer = await eventually(() => {
      const last = dk.kit.sim.messages(stranger.id).at(-1);
      expect(last).toBeDefined();
      return last!;
    });
    expect(answer.text ?? "").not.toContain("/dasbor/masuk");
    expect(dk.kit.sim.messages(stranger.id).some((m) => (m.text ?? "").includes("/dasbor/masuk"))).toBe(
      false,
    );
  });
});

describe("the export", () => {
  it("neutralises spreadsheet formulas in every text cell", async () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"])
      expect(neutraliseCell(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutraliseCell("jalan rusak")).toBe("jalan rusak");
    const cookie = await dk.login(await dk.linkFromBot(KEPALA));
    const csv = await (await dk.get("/dasbor/api/export.csv?q=HYPERLINK", cookie)).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"") jalan rusak di Dago"`);
    const json = (await (await dk.get("/dasbor/api/export.json?q=HYPERLINK", cookie)).json()) as {
      tickets: { text: string }[];
    };
    expect(json.tickets[0]!.text.startsWith("'=HYPERLINK(")).toBe(true);
  });
});

describe("the figures", () => {
  it("are the numbers npm run report gives for the same period", async () => {
    const start = mondayWeeksAgo(3);
    const from = isoDay(start);
    const to = isoDay(start + 6 * DAY);
    let stdout = "";
    const code = await runReportCli(
      ["--from", from, "--to", to, "--format", "json", "--cut", "agency", "--prefix", dk.kit.prefix],
      { env: childEnv(), stdout: { write: (s: string) => (stdout += s) }, stderr: { write: () => true } },
    );
    expect(code).toBe(0);
    const cookie = await dk.login(await dk.linkFromBot(KEPALA));
    const res = await dk.get(`/dasbor/api/figures?from=${from}&to=${to}&cut=agency`, cookie);
    expect(res.status).toBe(200);
    const fromDashboard = await res.json();
    const fromCli = JSON.parse(stdout) as { total: { resolved: number; reopened: number } };
    expect(fromCli.total.resolved).toBe(6);
    expect(fromCli.total.reopened).toBe(1);
    expect(fromDashboard).toEqual(fromCli);
    // And the page shows those numbers.
    const page = await (await dk.get(`/dasbor/angka?period=${from}..${to}`, cookie)).text();
    expect(page).toMatch(
      /<tr class="total" data-group="total">\s*<th scope="row">Total<\/th>\s*<td>\d+<\/td><td>6<\/td>/,
    );
  });
});
