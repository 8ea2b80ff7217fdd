import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_X_CREDENTIALS } from "../sim/demo/demo-world.js";
import type { MalformedTweetError } from "../src/x/x-payload-check.js";
import { XApiTweetSource } from "../src/x/tweet-source.js";
import { createXClient } from "../src/x/x-client.js";

/** A page X might send on a bad day: one good tweet among broken ones. */
const PAGE = {
  data: [
    { id: "1866000000000000001", text: "@PemkotBandung sampah numpuk di jl. pagarsih", author_id: "501" },
    { id: 1866000000, text: "id as a number" },
    { id: "1866000000000000003" },
    "not a tweet",
    {
      id: "1866000000000000004",
      text: "@PemkotBandung lampu jalan mati",
      author_id: "502",
      entities: { mentions: [{ username: null }, { username: "PemkotBandung" }] },
      geo: { coordinates: { type: "Point", coordinates: ["107.6", -6.9] } },
      created_at: "kemarin sore",
    },
  ],
  includes: { users: [{ id: "501", username: "warga_pagarsih" }, { id: "502" }, null] },
  meta: { result_count: 5, newest_id: "1866000000000000004" },
};

let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(PAGE));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it("keeps the good tweets of a page, skips the malformed ones with a reason each, and counts every post read", async () => {
  const skipped: MalformedTweetError[] = [];
  const source = new XApiTweetSource(
    createXClient({ baseUrl: url, ...DEMO_X_CREDENTIALS, timeoutMs: 5_000 }),
    "900",
    ["PemkotBandung"],
    (err) => skipped.push(err),
  );

  const page = await source.mentions({ maxResults: 10 });

  expect(page.tweets.map((t) => t.id)).toEqual(["1866000000000000001", "1866000000000000004"]);
  expect(page.read).toBe(5);
  expect(page.newestId).toBe("1866000000000000004");
  expect(skipped.map((e) => e.message)).toEqual([
    "malformed tweet: id must be a string of digits, got number",
    "malformed tweet 1866000000000000003: text must be a string, got nothing",
    "malformed tweet: not an object",
  ]);
  const lamp = page.tweets[1];
  expect(lamp).toMatchObject({ author_username: "unknown", mentions_us: true });
  expect(lamp?.coordinates).toBeUndefined();
  expect(Date.parse(lamp?.created_at ?? "")).toBeGreaterThan(Date.parse("2024-01-01"));
});
