import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/**
 * One-time signed login links for the dashboard. The bot gives one to a staff member who sends
 * `/dasbor`; it names the Telegram user, expires after {@link LINK_TTL_MS} and works once. Rights
 * are not in the link: they come from Telegram membership on every request (see access-rights.ts),
 * so a link only says who is asking.
 *
 * Token: `base64url(JSON {u, e, n})` + `.` + `base64url(HMAC-SHA256)`; `n` (a random nonce) is kept
 * in Redis until expiry and deleted by the one redemption that counts.
 */

export const LINK_TTL_MS = 15 * 60_000;

export interface LinkClaims {
  /** Telegram user id. */
  userId: number;
  /** Display name as Telegram showed it when the link was asked for. */
  name: string;
  expiresAt: number;
}

export type Redemption =
  { ok: true; claims: LinkClaims } | { ok: false; reason: "malformed" | "forged" | "expired" | "used" };

interface Payload {
  u: number;
  m: string;
  e: number;
  n: string;
}

export class LoginLinks {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  private sign(body: string): Buffer {
    return createHmac("sha256", this.secret).update(`aduan-dasbor-link:${body}`).digest();
  }

  /** A fresh token for `user`; its nonce is stored until it expires. */
  async issue(user: { id: number; name: string }): Promise<string> {
    const payload: Payload = {
      u: user.id,
      m: user.name.slice(0, 80),
      e: this.now() + LINK_TTL_MS,
      n: randomBytes(16).toString("base64url"),
    };
    const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
    await this.redis.set(redisKeys(this.prefix).webLink(payload.n), String(user.id), "PX", LINK_TTL_MS);
    return `${body}.${this.sign(body).toString("base64url")}`;
  }

  /** Checks a token without using it up (the page that asks "Masuk?" shows who it is for). */
  inspect(token: string): Redemption {
    const dot = token.indexOf(".");
    if (dot <= 0 || token.length > 1000) return { ok: false, reason: "malformed" };
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), "base64url");
    const expected = this.sign(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: "forged" };
    let p: Payload;
    try {
      p = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    if (!Number.isSafeInteger(p.u) || typeof p.e !== "number" || typeof p.n !== "string")
      return { ok: false, reason: "malformed" };
    if (this.now() >= p.e) return { ok: false, reason: "expired" };
    return { ok: true, claims: { userId: p.u, name: String(p.m ?? ""), expiresAt: p.e } };
  }

  /** Uses the token up: of two redemptions, even at the same instant, exactly one succeeds. */
  async redeem(token: string): Promise<Redemption & { nonce?: string }> {
    const checked = this.inspect(token);
    if (!checked.ok) return checked;
    const body = token.slice(0, token.indexOf("."));
    const { n } = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
    const deleted = await this.redis.del(redisKeys(this.prefix).webLink(n));
    return deleted === 1 ? checked : { ok: false, reason: "used" };
  }
}
