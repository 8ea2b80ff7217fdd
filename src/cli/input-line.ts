import { z } from "zod";
import type { TweetInput } from "../triage/types.js";

const inputLine = z.object({
  id: z
    .union([z.string().min(1), z.number()])
    .transform(String)
    .optional(),
  text: z.string({ error: "expected `text` to be a string" }),
  created_at: z.string().optional(),
  lang: z.string().optional(),
  coordinates: z.tuple([z.number(), z.number()]).optional(),
  place_name: z.string().optional(),
  user_location: z.string().optional(),
  mentions_us: z.boolean().optional(),
  is_retweet: z.boolean().optional(),
  author_username: z.string().optional(),
});

/** Turns one JSONL line into a tweet, or explains why it cannot. */
export function parseInputLine(
  line: string,
  lineNo: number,
): { ok: true; tweet: TweetInput } | { ok: false; id: string | null; error: string } {
  if (line.trim() === "") return { ok: false, id: null, error: `line ${lineNo}: empty line` };
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, id: null, error: `line ${lineNo}: invalid JSON (${(e as Error).message})` };
  }
  const rawId =
    typeof json === "object" && json !== null && "id" in json ? (json as { id: unknown }).id : undefined;
  const id = typeof rawId === "string" || typeof rawId === "number" ? String(rawId) : null;
  const r = inputLine.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, id, error: `line ${lineNo}: ${where}${issue?.message ?? "invalid input"}` };
  }
  const v = r.data;
  const tweet: TweetInput = { id: v.id ?? `line-${lineNo}`, text: v.text };
  if (v.created_at !== undefined) tweet.created_at = v.created_at;
  if (v.lang !== undefined) tweet.lang = v.lang;
  if (v.coordinates !== undefined) tweet.coordinates = v.coordinates;
  if (v.place_name !== undefined) tweet.place_name = v.place_name;
  if (v.user_location !== undefined) tweet.user_location = v.user_location;
  if (v.mentions_us !== undefined) tweet.mentions_us = v.mentions_us;
  if (v.is_retweet !== undefined) tweet.is_retweet = v.is_retweet;
  if (v.author_username !== undefined) tweet.author_username = v.author_username;
  return { ok: true, tweet };
}
