import { ApiResponseError } from "twitter-api-v2";
import { afterEach, describe, expect, it } from "vitest";
import { classifyXError } from "../src/x/x-errors.js";
import { DUPLICATE_CONTENT, REPLY_NOT_ALLOWED } from "../sim/x/x-simulator.js";
import { startSimKit, type SimKit } from "./support/x-sim-kit.js";

let kit: SimKit | undefined;
afterEach(async () => {
  await kit?.sim.close();
  kit = undefined;
});

async function refusal(p: Promise<unknown>): Promise<ApiResponseError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiResponseError)) throw new Error(`expected an ApiResponseError, got ${String(err)}`);
  return err;
}

describe("X simulator: posting replies as the city", () => {
  it("a reply to a tweet that mentions us is posted, threaded under it", async () => {
    kit = await startSimKit();
    const complaint = kit.sim.addTweet({
      text: "@PemkotBandung jalan Cibaduyut bolong",
      author: { username: "urang_bdg" },
    });
    const reply = await kit.user.v2.reply(
      "Laporan Anda kami terima (ADU-000001) dan diteruskan ke DSDABM.",
      complaint.id,
    );
    const [posted] = kit.sim.tweets({ inReplyTo: complaint.id });
    expect(posted).toMatchObject({
      id: reply.data.id,
      author: { username: "PemkotBandung" },
      in_reply_to_user_id: complaint.author_id,
      conversation_id: complaint.id,
      referenced_tweets: [{ type: "replied_to", id: complaint.id }],
    });
    expect(kit.sim.stats().postsCreated).toBe(1);
  });

  it("a reply to a tweet that does not mention us is refused with 403, as X does since 2026", async () => {
    kit = await startSimKit();
    const found = kit.sim.addTweet({
      text: "sampah di Tegalega numpuk euy",
      author: { username: "urang_bdg" },
    });
    const err = await refusal(kit.user.v2.reply("Terima kasih, kami teruskan ke DLH.", found.id));
    expect(err.code).toBe(403);
    expect(err.data).toMatchObject({
      title: "Forbidden",
      detail: REPLY_NOT_ALLOWED,
      type: "about:blank",
      status: 403,
    });
    expect(classifyXError(err)).toMatchObject({ kind: "refused", reason: "reply-not-allowed" });
    expect(kit.sim.tweets({ inReplyTo: found.id })).toEqual([]);
  });

  it("with the reply exemption the same reply goes through", async () => {
    kit = await startSimKit({ replyExemption: true });
    const found = kit.sim.addTweet({
      text: "sampah di Tegalega numpuk euy",
      author: { username: "urang_bdg" },
    });
    const reply = await kit.user.v2.reply("Terima kasih, kami teruskan ke DLH.", found.id);
    expect(kit.sim.tweets({ inReplyTo: found.id }).map((t) => t.id)).toEqual([reply.data.id]);
  });

  it("the same text twice is refused as duplicate content", async () => {
    kit = await startSimKit();
    await kit.user.v2.tweet("Info: layanan Disdukcapil buka Sabtu ini.");
    const err = await refusal(kit.user.v2.tweet("Info: layanan Disdukcapil buka Sabtu ini."));
    expect(err.code).toBe(403);
    expect(err.data.detail).toBe(DUPLICATE_CONTENT);
    expect(classifyXError(err)).toMatchObject({ kind: "refused", reason: "duplicate" });
  });

  it.each([
    // 2 emoji weigh 4, a URL weighs 23: 252 + 1 + 23 + 1 + 4 = 281 > 280.
    [
      "281 weighted: emoji weigh 2 and a URL 23",
      `${"a".repeat(252)} https://bandung.go.id/lapor/status/123456 😀😀`,
      false,
    ],
    ["281 plain characters", "b".repeat(281), false],
    [
      "exactly 280 weighted characters",
      `${"c".repeat(251)} https://bandung.go.id/a/very/long/path/that/is/long 😀😀`,
      true,
    ],
    ["280 plain characters", "d".repeat(280), true],
  ])("length is weighed as X does: %s", async (_name, text, accepted) => {
    kit = await startSimKit();
    if (accepted) {
      await expect(kit.user.v2.tweet(text)).resolves.toMatchObject({ data: { text } });
    } else {
      const err = await refusal(kit.user.v2.tweet(text));
      expect(err.code).toBe(400);
      expect(classifyXError(err)).toMatchObject({ kind: "refused", reason: "too-long" });
    }
  });

  it("an app-only bearer token cannot post: 403 Unsupported Authentication", async () => {
    kit = await startSimKit();
    const err = await refusal(kit.app.v2.tweet("halo"));
    expect(err.code).toBe(403);
    expect(err.data.title).toBe("Unsupported Authentication");
    expect(classifyXError(err)).toMatchObject({ kind: "refused", reason: "unsupported-auth" });
  });

  it("our own tweet can be deleted and then disappears from the control API", async () => {
    kit = await startSimKit();
    const posted = await kit.user.v2.tweet("Uji coba, abaikan.");
    await expect(kit.user.v2.deleteTweet(posted.data.id)).resolves.toEqual({ data: { deleted: true } });
    expect(kit.sim.tweets({ author: "PemkotBandung" })).toEqual([]);
    expect(kit.sim.tweets({ author: "PemkotBandung", includeDeleted: true })[0]).toMatchObject({
      deleted: true,
    });
    await expect(kit.user.v2.deleteTweet(posted.data.id)).rejects.toMatchObject({ code: 404 });
  });

  it("the control API over HTTP adds a tweet and lists replies to it", async () => {
    kit = await startSimKit();
    const res = await fetch(`${kit.sim.url}/_sim/tweets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        text: "@PemkotBandung PKL nutup trotoar Dalem Kaum",
        author: { username: "teh_imas" },
      }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; entities: { mentions: { username: string }[] } };
    expect(created.entities.mentions[0]?.username).toBe("PemkotBandung");
    await kit.user.v2.reply("Diteruskan ke Satpol PP (ADU-000007).", created.id);
    const listed = (await (await fetch(`${kit.sim.url}/_sim/tweets?in_reply_to=${created.id}`)).json()) as {
      tweets: { text: string }[];
    };
    expect(listed.tweets.map((t) => t.text)).toEqual(["Diteruskan ke Satpol PP (ADU-000007)."]);
    const bad = await fetch(`${kit.sim.url}/_sim/tweets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "tanpa author" }),
    });
    expect(bad.status).toBe(400);
  });
});
