import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleTweet, sampleVerdict } from "./support/sample-ticket.js";
import { ASEP, DSDABM_CHAT, KEPALA } from "./support/staff-bot-kit.js";
import { startDashboardKit, type DashboardKit } from "./support/dashboard-kit.js";
import type { Ticket } from "../src/core/ticket.js";
import { launchHeadlessChromium } from "./support/headless-chromium.js";

/**
 * The dashboard in headless Chromium, logged in with a link the bot gave in the Telegram
 * simulator. Screenshots go to test-artifacts/dashboard/ (git-ignored) for a person to look at.
 */

const SHOTS = "test-artifacts/dashboard";
const HOUR = 3_600_000;

/** Places around Bandung with their kecamatan: tickets are spread over the map. */
const SPOTS: { kecamatan: string; lat: number; lon: number; street: string }[] = [
  { kecamatan: "Coblong", lat: -6.8915, lon: 107.6107, street: "Jl. Dago" },
  { kecamatan: "Coblong", lat: -6.8932, lon: 107.6131, street: "Jl. Sangkuriang" },
  { kecamatan: "Coblong", lat: -6.8898, lon: 107.6089, street: "Jl. Tubagus Ismail" },
  { kecamatan: "Sumur Bandung", lat: -6.9147, lon: 107.6098, street: "Jl. Asia Afrika" },
  { kecamatan: "Sumur Bandung", lat: -6.9175, lon: 107.6072, street: "Jl. Braga" },
  { kecamatan: "Kiaracondong", lat: -6.9256, lon: 107.6463, street: "Jl. Kiaracondong" },
  { kecamatan: "Antapani", lat: -6.9117, lon: 107.6612, street: "Jl. Terusan Jakarta" },
  { kecamatan: "Cicendo", lat: -6.9028, lon: 107.5864, street: "Jl. Pajajaran" },
  { kecamatan: "Gedebage", lat: -6.9502, lon: 107.6941, street: "Jl. Soekarno-Hatta" },
  { kecamatan: "Bojongloa Kaler", lat: -6.9302, lon: 107.5859, street: "Jl. Kopo" },
  { kecamatan: "Ujungberung", lat: -6.9122, lon: 107.7012, street: "Jl. AH Nasution" },
  { kecamatan: "Cidadap", lat: -6.8621, lon: 107.6042, street: "Jl. Setiabudi" },
];

let dk: DashboardKit;
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let card: { ticket: Ticket; messageId: number };
let seq = 0;

async function placedTicket(agency: string, spot: (typeof SPOTS)[number], ageMs: number, urgent = false) {
  const at = (ms: number) => new Date(Date.now() - ageMs + ms).toISOString();
  const id = `18900000000${String(++seq).padStart(8, "0")}`;
  const { ticket } = await dk.store.createFromTweet(
    sampleTweet({
      id,
      created_at: at(0),
      text: `@PemkotBandung ${agency === "dishub" ? "lampu lalu lintas mati" : "jalan berlubang dalam"} di ${spot.street}, mohon dicek`,
      ...(seq % 3 === 0 ? { coordinates: [spot.lon, spot.lat] as [number, number] } : {}),
    }),
    sampleVerdict({
      id,
      agency,
      urgency: urgent ? "urgent" : "normal",
      location: {
        kecamatan: spot.kecamatan,
        street: spot.street,
        lat: spot.lat,
        lon: spot.lon,
        source: "text",
      },
    }),
    at(0),
  );
  const { ticket: dispatched } = await dk.store.transition(
    ticket.id,
    { type: "dispatch", agency },
    at(1000),
    "system",
  );
  return dispatched;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The campaigns and mood endpoints another module provides, mounted behind the session guard.
  dk = await startDashboardKit({
    extra: {
      extraApi: [
        (scope, viewer) => {
          scope.get("/dasbor/api/campaigns", async (request) => {
            expect(viewer(request).session.userId).toBe(KEPALA.id);
            return {
              campaigns: [
                {
                  tag: "#NgepelBraga",
                  posts: 42,
                  people: 17,
                  places: [{ name: "Braga", count: 30 }],
                  daily: [{ date: "2026-11-28", posts: 42 }],
                },
              ],
            };
          });
          scope.get("/dasbor/api/mood", async () => ({
            days: [{ date: "2026-11-28", positive: 5, neutral: 3, negative: 2 }],
            topics: [{ agency: "dsdabm", positive: 1, neutral: 1, negative: 3 }],
          }));
        },
      ],
    },
  });
  card = await dk.kit.dispatched(
    "dsdabm",
    "@PemkotBandung jalan ambles di Jl. Ir. H. Juanda depan sekolah, bahaya",
  );
  for (let i = 0; i < 24; i++) {
    const spot = SPOTS[i % SPOTS.length]!;
    // Some a week old (their SLA long breached), some a day, some fresh.
    const age = i % 4 === 0 ? 7 * 24 * HOUR : i % 4 === 1 ? 26 * HOUR : (i + 1) * 5 * 60_000;
    await placedTicket(i % 3 === 0 ? "dishub" : "dsdabm", spot, age, i % 7 === 0);
  }
  browser = await launchHeadlessChromium();
  desk = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await desk.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dk?.close();
});

describe("the dashboard in a browser", () => {
  it("logs a supervisor in with the link the bot sent in the Telegram simulator", async () => {
    const link = await dk.linkFromBot(KEPALA);
    await page.goto(link);
    await page.getByRole("button", { name: "Masuk" }).click();
    await page.waitForURL(`${dk.url}/dasbor`);
    await expect.poll(() => page.locator("table.queue tbody tr").count()).toBe(25);
    expect(await page.locator(".who span").textContent()).toBe(`${KEPALA.name} · semua dinas`);
    // Overdue tickets come first: the queue is sorted by SLA time left.
    expect(await page.locator("table.queue tbody tr").first().getAttribute("class")).toBe("sla-breached");
    // The campaigns & mood panel appears because both endpoints answer.
    await expect.poll(() => page.locator("#panel").isVisible()).toBe(true);
    expect(await page.locator("#panel").textContent()).toContain(
      "#NgepelBraga: 42 cuitan, 17 orang · Braga (30)",
    );
    await page.screenshot({ path: `${SHOTS}/queue-desktop.png`, fullPage: false });
  });

  it("filters the queue by agency and finds a ticket by its id", async () => {
    await page.getByLabel("Dinas").selectOption("dishub");
    await page.getByRole("button", { name: "Terapkan" }).click();
    await page.waitForURL(/agency=dishub/);
    const agencies = await page.locator("table.queue tbody td[data-label='Dinas']").allTextContents();
    expect(agencies.length).toBe(8);
    expect(new Set(agencies)).toEqual(new Set(["Dishub"]));
    await page.goto(`${dk.url}/dasbor`);
    await page.getByLabel("Cari").fill(card.ticket.id);
    await page.getByRole("button", { name: "Terapkan" }).click();
    await expect.poll(() => page.locator("table.queue tbody tr").count()).toBe(1);
  });

  it("draws the kecamatan polygons and a marker or cluster per open ticket on the map", async () => {
    await page.goto(`${dk.url}/dasbor/peta`);
    const map = page.locator("#map");
    await expect.poll(() => map.getAttribute("data-areas"), { timeout: 10_000 }).toBe("30");
    await expect.poll(() => map.getAttribute("data-markers"), { timeout: 10_000 }).toBe("24");
    expect(await page.locator(".leaflet-overlay-pane path").count()).toBeGreaterThanOrEqual(30);
    expect(await page.locator(".marker, .cluster").count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/map-desktop.png` });
    // Zoomed in, the kelurahan are outlined inside their kecamatan.
    const before = await page.locator(".leaflet-overlay-pane path").count();
    // Zoom in step by step until they show (a click made while a zoom is still animating may
    // not count; the outlines are read and thinned on the first ask, slow on a busy machine).
    const paths = page.locator(".leaflet-overlay-pane path");
    for (let i = 0; i < 40 && (await paths.count()) <= before + 100; i++) {
      if (i < 4) await page.locator(".leaflet-control-zoom-in").click();
      await page.waitForTimeout(500);
    }
    expect(await paths.count()).toBeGreaterThan(before + 100);
    // Zoomed in further every ticket is its own marker, named by ticket and place though the
    // map's data names them compactly.
    const named = page.locator(".leaflet-marker-icon[title^='ADU-0']");
    for (let i = 0; i < 10 && (await named.count()) === 0; i++) {
      await page.locator(".leaflet-control-zoom-in").click();
      await page.waitForTimeout(400);
    }
    expect(await named.first().getAttribute("title")).toMatch(/^ADU-\d{6}( · .+)?$/);
    // The map's data travels gzipped, a marker as a short array.
    const res = await page.request.get(`${dk.url}/dasbor/api/map`, {
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.headers()["content-encoding"]).toBe("gzip");
    const data = (await res.json()) as { markers: unknown[][]; places: string[] };
    expect(data.markers.length).toBe(24);
    expect(data.markers[0]).toHaveLength(5);
    expect(data.places.length).toBeGreaterThan(0);
  }, 90_000);

  it("opens a ticket and shows a press of Ambil in Telegram without a reload", async () => {
    await page.goto(`${dk.url}/dasbor?q=${card.ticket.id}`);
    await page.getByRole("link", { name: card.ticket.id }).click();
    await page.waitForURL(`${dk.url}/dasbor/tiket/${card.ticket.id}`);
    const status = page.locator("[data-field='status']");
    expect(await status.textContent()).toBe("Diteruskan");
    expect(await page.locator(".timeline li").count()).toBe(2);
    // The event stream is open before the press.
    await expect.poll(() => page.locator("body").getAttribute("data-connected")).toBe("1");
    const marker = await page.evaluate("(window.marker = 1)");
    const pressed = await dk.kit.sim.press({
      chatId: DSDABM_CHAT,
      messageId: card.messageId,
      userId: ASEP.id,
      button: "Ambil",
    });
    expect(pressed.answered).toBe(true);
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe("Ditangani");
    expect(await page.locator("[data-field='assignee']").textContent()).toBe(
      `Penanggung jawab: ${ASEP.name}`,
    );
    expect(await page.locator(".timeline li").last().getAttribute("data-event")).toBe("claimed");
    // No reload: the page's own state survived.
    expect(await page.evaluate("window.marker")).toBe(marker);
    await page.screenshot({ path: `${SHOTS}/ticket-desktop.png`, fullPage: true });
  });

  it("reads on a phone 390 px wide, and rotates views on the wall", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await phone.addCookies(await desk.cookies());
    const p = await phone.newPage();
    await p.goto(`${dk.url}/dasbor`);
    await expect.poll(() => p.locator("table.queue tbody tr").count()).toBe(25);
    // No sideways scrolling on a phone.
    expect(Number(await p.evaluate("document.documentElement.scrollWidth"))).toBeLessThanOrEqual(390);
    await p.screenshot({ path: `${SHOTS}/queue-phone.png` });
    await p.goto(`${dk.url}/dasbor/tiket/${card.ticket.id}`);
    expect(Number(await p.evaluate("document.documentElement.scrollWidth"))).toBeLessThanOrEqual(390);
    await p.screenshot({ path: `${SHOTS}/ticket-phone.png`, fullPage: true });
    await p.goto(`${dk.url}/dasbor/peta`);
    await expect.poll(() => p.locator("#map").getAttribute("data-markers"), { timeout: 10_000 }).toBe("24");
    await p.screenshot({ path: `${SHOTS}/map-phone.png` });
    await phone.close();

    await page.goto(`${dk.url}/dasbor/angka?period=minggu%20ini`);
    expect(await page.locator("table.figures tr.total th").first().textContent()).toBe("Total");
    await page.screenshot({ path: `${SHOTS}/figures-desktop.png`, fullPage: true });

    await page.goto(`${dk.url}/dasbor?wall=1`);
    await page.waitForURL(`${dk.url}/dasbor/wall`);
    expect(await page.locator("header.top").count()).toBe(0);
    await expect
      .poll(() => page.locator("#map").getAttribute("data-markers"), { timeout: 10_000 })
      .toBe("24");
    const visible = await page.locator(".wall-view:not([hidden])").getAttribute("data-view");
    expect(visible).toBe("map");
    await page.screenshot({ path: `${SHOTS}/wall-map.png` });
  });

  it.each([
    [1920, 1080],
    [1280, 720],
  ])(
    "fills a %i×%i wall with large type: the map, the breaches and today's numbers, and the clock",
    async (width, height) => {
      const wall = await browser.newContext({ viewport: { width, height } });
      await wall.addCookies(await desk.cookies());
      const w = await wall.newPage();
      await w.goto(`${dk.url}/dasbor/wall`);
      await expect.poll(() => w.locator("#map").getAttribute("data-markers"), { timeout: 10_000 }).toBe("24");
      const px = async (selector: string, property: string) =>
        Number(
          await w.evaluate(
            `parseFloat(getComputedStyle(document.querySelector(${JSON.stringify(selector)})).getPropertyValue(${JSON.stringify(property)}))`,
          ),
        );
      // Body type about 2.2 % of the width (28 px on 1280, 42 px on 1920), the clock twice that.
      expect(await px("body", "font-size")).toBeGreaterThanOrEqual(width * 0.02);
      expect(await px("#wall-clock", "font-size")).toBeGreaterThanOrEqual(width * 0.04);
      expect(await w.locator("#wall-clock").textContent()).toMatch(/^\d{2}[.:]\d{2} WIB$/);
      // The map takes most of the screen, and nothing scrolls.
      expect(await px("#map", "height")).toBeGreaterThan(height * 0.6);
      const fits = () => w.evaluate("document.documentElement.scrollHeight <= innerHeight + 1");
      expect(await fits()).toBe(true);
      await w.screenshot({ path: `${SHOTS}/wall-${width}-map.png` });
      const showView = (i: number) =>
        w.evaluate(`document.querySelectorAll(".wall-view").forEach((v, i) => { v.hidden = i !== ${i}; })`);
      await showView(1);
      expect(await w.locator(".breaches li").count()).toBeGreaterThan(0);
      expect(await px(".breaches li", "font-size")).toBeGreaterThanOrEqual(width * 0.017);
      expect(await fits()).toBe(true);
      await w.screenshot({ path: `${SHOTS}/wall-${width}-breaches.png` });
      await showView(2);
      // Today's numbers fill the screen: each as tall as a tenth of it and more.
      expect(await px(".big-numbers b", "font-size")).toBeGreaterThanOrEqual(height * 0.1);
      expect(await px(".big-numbers", "height")).toBeGreaterThan(height * 0.6);
      expect(await fits()).toBe(true);
      await w.screenshot({ path: `${SHOTS}/wall-${width}-today.png` });
      await wall.close();
    },
  );

  it("drops a ticket moved to another agency from that agency's open queue, and its open page says where it went", async () => {
    const moving = await placedTicket("dsdabm", SPOTS[4]!, HOUR);
    const cookie = await dk.login(await dk.linkFromBot(ASEP));
    const [name, value] = cookie.split("=") as [string, string];
    const staff = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await staff.addCookies([{ name, value, url: `${dk.url}/dasbor` }]);
    const queue = await staff.newPage();
    await queue.goto(`${dk.url}/dasbor`);
    const row = queue.locator(`tr[data-ticket="${moving.id}"]`);
    expect(await row.count()).toBe(1);
    const ticketPage = await staff.newPage();
    await ticketPage.goto(`${dk.url}/dasbor/tiket/${moving.id}`);
    for (const p of [queue, ticketPage])
      await expect.poll(() => p.locator("body").getAttribute("data-connected")).toBe("1");

    await dk.store.transition(
      moving.id,
      { type: "reassign", agency: "dishub" },
      new Date().toISOString(),
      `tg:${ASEP.id}`,
    );
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    const moved = ticketPage.locator("[data-moved='1'] [role='alert']");
    await expect
      .poll(() => moved.textContent(), { timeout: 10_000 })
      .toBe("Tiket ini sudah dialihkan ke Dishub; dinas Anda tidak lagi memegangnya.");
    await ticketPage.screenshot({ path: `${SHOTS}/ticket-moved-away.png` });
    // Reloaded, it answers as any other agency's ticket does.
    await ticketPage.reload();
    expect(await ticketPage.locator("[role='alert']").textContent()).toBe(
      "Tiket tidak ada, atau bukan untuk dinas Anda.",
    );
    await staff.close();
  });
});
