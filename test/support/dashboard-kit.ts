import Fastify, { type FastifyInstance } from "fastify";
import { expect } from "vitest";
import { supervisionContext, type SupervisionContext } from "../../src/core/supervision-context.js";
import { CachedMembership } from "../../src/staff/membership.js";
import { registerDashboard, type DashboardDeps } from "../../src/web/dashboard-routes.js";
import { PublishTicketChanges, redisChangePublisher } from "../../src/web/live-events.js";
import type { LoginLinks } from "../../src/web/login-links.js";
import { dashboardSecret } from "../../src/web/web-secret.js";
import type { TicketStore } from "../../src/ports/ticket-store.js";
import { shippedConfig } from "./pipeline-harness.js";
import { eventually, startStaffKit, type LogEntry, type StaffKit } from "./staff-bot-kit.js";
import type { AduanConfig } from "../../src/app/load-config.js";

/**
 * The dashboard end to end: the staff kit (Telegram simulator, real Redis, the Aduan bot on
 * telegraf, `/dasbor` wired to the dashboard's links), and the dashboard on a fastify of its own,
 * as the ops server mounts it. Every ticket write of the kit's bot and of `store` is published.
 */
export interface DashboardKit {
  kit: StaffKit;
  /** The kit's store with changes published (what the platform composes). */
  store: TicketStore;
  config: AduanConfig;
  sup: SupervisionContext;
  url: string;
  links: LoginLinks;
  secret: string;
  logs: LogEntry[];
  /** A private chat of `user` with the bot (needed before they can send `/dasbor`). */
  privateChat(user: { id: number; name: string }): void;
  /** `user` sends `/dasbor` privately; resolves with the login URL the bot answered with. */
  linkFromBot(user: { id: number; name: string }): Promise<string>;
  /** Logs in with a link (GET, then the confirmation POST); resolves with the session cookie. */
  login(link: string): Promise<string>;
  get(path: string, cookie?: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startDashboardKit(
  opts: { extra?: Partial<DashboardDeps> } = {},
): Promise<DashboardKit> {
  const config = await shippedConfig();
  const sup = supervisionContext(config);
  const state: { links?: LoginLinks; url?: string } = {};
  const kit = await startStaffKit({
    supervision: sup,
    // `kit` exists only once startStaffKit returns; the bot's first write comes later.
    decorateStore: (s) => new PublishTicketChanges(s, (c) => redisChangePublisher(kit.redis, kit.prefix)(c)),
    dashboardLink: async (user) => `${state.url}/dasbor/masuk?t=${await state.links!.issue(user)}`,
  });
  const store = new PublishTicketChanges(kit.store, redisChangePublisher(kit.redis, kit.prefix));
  const secret = await dashboardSecret(kit.redis, kit.prefix);
  const logs: LogEntry[] = [];
  const app: FastifyInstance = Fastify({ logger: false });
  const mounted = registerDashboard(app, {
    redis: kit.redis,
    prefix: kit.prefix,
    store,
    settings: kit.settings,
    sup,
    membership: new CachedMembership({
      redis: kit.redis,
      prefix: kit.prefix,
      chat: kit.app.chat,
      ttlSeconds: 60,
    }),
    secret,
    now: Date.now,
    log: {
      info: (obj, msg) => logs.push({ level: "info", obj, msg }),
      warn: (obj, msg) => logs.push({ level: "warn", obj, msg }),
    },
    configDir: "config",
    ...opts.extra,
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  state.url = url;
  state.links = mounted.links;

  const dk: DashboardKit = {
    kit,
    store,
    config,
    sup,
    url,
    links: mounted.links,
    secret,
    logs,
    privateChat: (user) => kit.privateChat(user),
    async linkFromBot(user) {
      dk.privateChat(user);
      const before = kit.sim.messages(user.id).length;
      kit.sim.sendUserMessage({ chatId: user.id, userId: user.id, text: "/dasbor" });
      const answer = await eventually(() => {
        const all = kit.sim.messages(user.id);
        expect(all.length).toBeGreaterThan(before);
        return all.at(-1)!;
      }, 8000);
      const link = /https?:\/\/\S+\/dasbor\/masuk\?t=[A-Za-z0-9_.-]+/.exec(answer.text ?? "");
      if (!link) throw new Error(`no login link in the bot's answer: ${answer.text}`);
      return link[0];
    },
    async login(link) {
      const token = new URL(link).searchParams.get("t") ?? "";
      const confirm = await fetch(link);
      expect(confirm.status).toBe(200);
      const res = await fetch(`${url}/dasbor/masuk`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ t: token }).toString(),
        redirect: "manual",
      });
      expect(res.status).toBe(303);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      expect(cookie).toMatch(/^aduan_dasbor=/);
      return cookie;
    },
    get(path, cookie) {
      return fetch(`${url}${path}`, cookie ? { headers: { cookie } } : {});
    },
    async close() {
      await app.close();
      await kit.close();
    },
  };
  return dk;
}
