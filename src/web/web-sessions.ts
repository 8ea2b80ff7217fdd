import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { redisKeys } from "../redis/keys.js";

/** A dashboard session: who logged in with which link. Rights are looked up per request. */
export interface WebSession {
  userId: number;
  name: string;
  createdAt: number;
}

/** Default lifetime of a session: a working day and a bit; the cookie says the same. */
export const SESSION_TTL_S = 12 * 60 * 60;

/** Sessions in Redis (`<p>:web:session:<id>`, with a TTL), so every process of the deployment knows them. */
export class WebSessions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    readonly ttlSeconds: number = SESSION_TTL_S,
  ) {}

  async create(session: WebSession): Promise<string> {
    const id = randomBytes(32).toString("base64url");
    await this.redis.set(
      redisKeys(this.prefix).webSession(id),
      JSON.stringify(session),
      "EX",
      this.ttlSeconds,
    );
    return id;
  }

  async get(id: string): Promise<WebSession | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(id)) return null;
    const raw = await this.redis.get(redisKeys(this.prefix).webSession(id));
    return raw ? (JSON.parse(raw) as WebSession) : null;
  }

  async end(id: string): Promise<void> {
    if (/^[A-Za-z0-9_-]{20,64}$/.test(id)) await this.redis.del(redisKeys(this.prefix).webSession(id));
  }
}
