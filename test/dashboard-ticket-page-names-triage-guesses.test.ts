import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ticket, TicketStatus } from "../src/core/ticket.js";
import type { TriageVerdict } from "../src/triage/types.js";
import { dashboardStrings } from "../src/web/dashboard-strings.js";
import { ticketBody } from "../src/web/pages/ticket-page.js";
import { toRow } from "../src/web/ticket-query.js";
import { sampleTicket, sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { KEPALA } from "./support/staff-bot-kit.js";
import { startDashboardKit, type DashboardKit } from "./support/dashboard-kit.js";

/**
 * A ticket whose agency triage left to a person (the desk, or kept for audit) shows on its page
 * what a supervisor can use: that nobody has chosen yet, and triage's best guesses by short name,
 * not "Diskominfo (keyakinan 0%)" or "— (keyakinan 0%)".
 */
let dk: DashboardKit;
let cookie: string;
let seq = 0;

/**
 * Triage's guesses as it keeps them: scored candidates, then the desk's fallbacks at score 0
 * (the staff kit's agencies are DSDABM, Dishub, Diskominfo and PLN).
 */
const GUESSED: TriageVerdict["candidates"] = [
  { agency: "dishub", score: 2.1 },
  { agency: "dsdabm", score: 1.4 },
  { agency: "pln", score: 0.6 },
  { agency: "satpolpp", score: 0 },
];
const FALLBACKS_ONLY: TriageVerdict["candidates"] = [
  { agency: "dishub", score: 0 },
  { agency: "dsdabm", score: 0 },
  { agency: "satpolpp", score: 0 },
];

async function stored(
  verdict: Partial<TriageVerdict>,
  then: "desk" | "not_complaint" | "dispatched" = "desk",
): Promise<Ticket> {
  const tweet = sampleTweet({
    id: `18670000000${String(++seq).padStart(8, "0")}`,
    text: "@PemkotBandung sampah numpuk di selokan depan pasar, air meluap ke jalan",
  });
  const at = new Date().toISOString();
  const { ticket } = await dk.store.createFromTweet(tweet, sampleVerdict({ id: tweet.id, ...verdict }), at);
  if (then === "not_complaint")
    return (await dk.store.transition(ticket.id, { type: "mark_not_complaint" }, at, "system")).ticket;
  if (then === "dispatched")
    return (
      await dk.store.transition(ticket.id, { type: "dispatch", agency: "dsdabm" }, at, `tg:${KEPALA.id}`)
    ).ticket;
  return ticket;
}

/** The verdict's agency line as the page shows it (fetched through the real routes). */
async function verdictAgencyOf(ticket: Ticket): Promise<{ line: string; body: string }> {
  const res = await dk.get(`/dasbor/tiket/${ticket.id}`, cookie);
  expect(res.status).toBe(200);
  const body = await res.text();
  const line = /<dd data-field="verdict-agency">([^<]*)<\/dd>/.exec(body)?.[1];
  expect(line).toBeDefined();
  return { line: line!, body };
}

const desk = { disposition: "desk", agency: "diskominfo", confidence: 0 } as const;
const audit = { complaint: false, disposition: "audit", kind: null, agency: null, confidence: 0 } as const;

beforeAll(async () => {
  dk = await startDashboardKit();
  cookie = await dk.login(await dk.linkFromBot(KEPALA));
}, 60_000);

afterAll(async () => {
  await dk?.close();
});

describe("the ticket page of a verdict that picked no agency", () => {
  it("names triage's scored guesses for a ticket waiting at the desk, and no 0% confidence", async () => {
    const { line, body } = await verdictAgencyOf(await stored({ ...desk, candidates: GUESSED }));
    expect(line).toBe("belum ditentukan — tebakan triase: Dishub, DSDABM, PLN");
    expect(body).not.toContain("keyakinan 0%");
    // The desk's padding (score 0) is not triage's guess.
    expect(line).not.toContain("satpolpp");
  });

  it("names the guesses and still says how to bring back a tweet kept for audit", async () => {
    const kept = await stored({ ...audit, candidates: GUESSED }, "not_complaint");
    const { line, body } = await verdictAgencyOf(kept);
    expect(line).toBe("belum ditentukan — tebakan triase: Dishub, DSDABM, PLN");
    expect(body).not.toContain("keyakinan 0%");
    expect(body).toContain(`<code>/jadikanaduan ${kept.id}</code>`);
    // No agency holds it: the head names none rather than "· —".
    expect(/<p class="sla">[\s\S]*?<\/p>/.exec(body)?.[0]).not.toContain("—");
  });

  it("says triage had no guess when only the desk's fallbacks were kept", async () => {
    const { line, body } = await verdictAgencyOf(
      await stored({ ...audit, candidates: FALLBACKS_ONLY }, "not_complaint"),
    );
    expect(line).toBe("belum ditentukan — triase tidak punya tebakan");
    expect(body).not.toContain("keyakinan 0%");
  });

  it("says the desk sorted it once staff routed it, keeping triage's guesses", async () => {
    const { line } = await verdictAgencyOf(await stored({ ...desk, candidates: GUESSED }, "dispatched"));
    expect(line).toBe("dipilah di meja triase — tebakan triase: Dishub, DSDABM, PLN");
  });

  it("keeps the agency and its confidence for a verdict that routed the ticket", async () => {
    const { line } = await verdictAgencyOf(await stored({}, "dispatched"));
    expect(line).toBe("DSDABM (keyakinan 82%)");
  });
});

describe("the English strings table", () => {
  it("words the same verdict alike, naming at most three guesses by short name", () => {
    const ticket = sampleTicket({
      status: "new" as TicketStatus,
      agency: "diskominfo",
      triage: sampleVerdict({
        ...desk,
        candidates: [
          { agency: "dlh", score: 2.5 },
          { agency: "dsdabm", score: 1.1 },
          { agency: "dishub", score: 0.7 },
          { agency: "satpolpp", score: 0.3 },
        ],
      }),
    });
    const names: Record<string, string> = {
      dlh: "DLH",
      dsdabm: "DSDABM",
      dishub: "Dishub",
      satpolpp: "Satpol PP",
    };
    const row = toRow(
      ticket,
      { triageAgency: "diskominfo", moderationAgency: "diskominfo" },
      dk.sup,
      new Date(),
    );
    const html = ticketBody(dashboardStrings("en"), ticket, row, (id) =>
      id ? (names[id] ?? id) : "—",
    ).value;
    expect(html).toContain("not decided yet — triage&#39;s guesses: DLH, DSDABM, Dishub<");
    expect(html).not.toContain("confidence 0%");
  });
});
