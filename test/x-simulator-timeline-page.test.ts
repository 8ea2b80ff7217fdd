import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCitizenTweets, startSimKit, type SimKit } from "./support/x-sim-kit.js";

let kit: SimKit;
beforeAll(async () => {
  kit = await startSimKit();
});
afterAll(async () => {
  await kit?.sim.close();
});

async function page(): Promise<{ status: number; type: string; csp: string; html: string }> {
  const res = await fetch(`${kit.sim.url}/`);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    csp: res.headers.get("content-security-policy") ?? "",
    html: await res.text(),
  };
}

describe("the X simulator's page at its URL root", () => {
  it("says there is nothing yet instead of a 404", async () => {
    const r = await page();
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^text\/html/);
    expect(r.html).toContain("Belum ada tweet");
    // It keeps itself current without a script.
    expect(r.html).toContain('<meta http-equiv="refresh"');
    expect(r.csp).toContain("default-src 'none'");
  });

  it("threads our reply under the citizen's tweet, with every text escaped", async () => {
    const [complaint] = addCitizenTweets(kit, [
      `@PemkotBandung jalan <b>bolong</b> di Dago & "licin" <script>alert(1)</script>`,
    ]);
    const [other] = addCitizenTweets(kit, ["@PemkotBandung sampah numpuk di Cicadas"], "ibu_rt05");
    kit.clock.advance(1000);
    await kit.user.v2.reply("Laporan Anda kami terima (ADU-000001) & diteruskan ke DSDABM.", complaint!);

    const { html } = await page();
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>bolong</b>");
    expect(html).toContain(
      "jalan &lt;b&gt;bolong&lt;/b&gt; di Dago &amp; &quot;licin&quot; &lt;script&gt;alert(1)&lt;/script&gt;",
    );
    expect(html).toContain("Laporan Anda kami terima (ADU-000001) &amp; diteruskan ke DSDABM.");
    // One thread per conversation, the one with the latest activity first: ours was the last word.
    const threads = html.split('<section class="thread">').slice(1);
    expect(threads).toHaveLength(2);
    expect(threads[0]).toContain("@warga_bdg");
    expect(threads[0]).toMatch(/<div class="replies">\s*<article class="tweet ours"/);
    expect(threads[0]).toContain("Laporan Anda kami terima");
    expect(threads[1]).toContain("@ibu_rt05");
    expect(threads[1]).not.toContain("replies");
    expect(other).toBeDefined();
  });

  it("still answers unknown paths as X does", async () => {
    const res = await fetch(`${kit.sim.url}/2/nothing-here`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ message: "Sorry, that page does not exist", code: 34 }] });
  });
});
