import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { readFileSync } from "node:fs";
import { parseReplyTemplates } from "../../src/core/reply-templates.js";
import type { ReplyTemplates } from "../../src/core/render-reply.js";
import { Redis } from "ioredis";
import { cardRenderer } from "../../src/app/platform.js";
import { deliverDeps } from "../../src/app/roles/workers.js";
import { deliverTelegramJob, type DeliverDeps } from "../../src/dispatch/deliver-card.js";
import type { AgencyDirectory, PipelineSettings } from "../../src/core/settings.js";
import type { ReplyJob, TelegramJob } from "../../src/ports/effects.js";
import { cardRound } from "../../src/core/routing.js";
import { cardEffectKey } from "../../src/redis/keys.js";
import type { StaffDeps, StaffLog } from "../../src/staff/staff-deps.js";
import type { SupervisionContext } from "../../src/core/supervision-context.js";
import type { StaffEffects } from "../../src/ports/effects.js";
import { createAduanBot, type AduanBot } from "../../src/telegram/aduan-bot.js";
import { SendRateGate } from "../../src/redis/send-rate-gate.js";
import type { RateGateLimits } from "../../src/ports/rate-gate.js";
import { startTelegramSimulator, type TelegramSimulator } from "../../sim/telegram/telegram-simulator.js";
import type { Ticket } from "../../src/core/ticket.js";
import { RedisTicketStore } from "../../src/redis/ticket-store.js";
import type { TicketStore } from "../../src/ports/ticket-store.js";
import type { TriageVerdict } from "../../src/triage/types.js";
import { deleteKeys } from "./delete-keys.js";
import { sampleTweet, sampleVerdict } from "./sample-ticket.js";

export const DSDABM_CHAT = -1003100000001;
export const DISHUB_CHAT = -1003100000002;
export const TRIAGE_CHAT = -1003100000003;
export const SUPERVISORS_CHAT = -1003100000004;
/** A group no agency owns (the bot is in it all the same). */
export const WARUNG_CHAT = -1003100000005;

export const ASEP = { id: 61001, name: "Asep Sunandar" };
export const SARI = { id: 61002, name: "Sari Wulandari" };
export const BUDI = { id: 61003, name: "Budi Hartono" };
export const OPERATOR = { id: 61004, name: "Nining Operator" };
export const KEPALA = { id: 61005, name: "Dedi Supriadi" };
/** Will be in a group only for the instant of a press: the simulator lets only members press. */
export const TAMU = { id: 61006, name: "Tamu Iseng" };

export const SECRET = "staff-test-secret-0123456789";

const agency = (
  id: string,
  short_name: string,
  chatId: number | undefined,
  kind: AgencyDirectory["kind"] = "agency",
): [string, AgencyDirectory] => [
  id,
  { id, name: short_name, short_name, kind, ...(chatId ? { chatId } : {}) },
];

export function staffSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  return {
    language: "id",
    agencies: new Map([
      agency("dsdabm", "DSDABM", DSDABM_CHAT),
      agency("dishub", "Dishub", DISHUB_CHAT),
      agency("diskominfo", "Diskominfo", TRIAGE_CHAT, "command_center"),
      agency("pln", "PLN", undefined, "external"),
    ]),
    triageAgency: "diskominfo",
    moderationAgency: "diskominfo",
    supervisorsChatId: SUPERVISORS_CHAT,
    minConfidence: 0.35,
    ourAccounts: ["PemkotBandung"],
    replyExemption: false,
    replies: { on_dispatch: true, on_resolve: true, on_redirect: true },
    ...overrides,
  };
}

export interface LogEntry {
  level: "info" | "warn" | "error";
  obj: object;
  msg: string;
}

export interface StaffKit {
  sim: TelegramSimulator;
  redis: Redis;
  prefix: string;
  store: RedisTicketStore;
  settings: PipelineSettings;
  app: AduanBot;
  /** The rate gate the bot and the delivery share. */
  gate: SendRateGate;
  /** The delivery the kit's effects use (the workers role's wiring). */
  deliver: DeliverDeps;
  /** Reply jobs the staff actions asked for, in order. */
  replies: ReplyJob[];
  telegramJobs: TelegramJob[];
  logs: LogEntry[];
  /** A ticket dispatched to `agency` with its card posted in that agency's group. */
  dispatched(agency: string, text?: string): Promise<{ ticket: Ticket; messageId: number }>;
  /**
   * A card whose first send ended in doubt: Telegram took it (`lostMessageId`) but the answer was
   * lost, so the retry sent it again (`messageId`, the one recorded) and logged a doubtful re-send.
   */
  doubtfulResend(agency: string): Promise<{ ticket: Ticket; messageId: number; lostMessageId: number }>;
  /** A ticket no rule routed with confidence: `new`, its card in the triage group. */
  untriaged(verdict?: Partial<TriageVerdict>): Promise<{ ticket: Ticket; messageId: number }>;
  ticket(id: string): Promise<Ticket>;
  /** A private chat of `user` with the bot (needed before the bot can answer them privately); once per user. */
  privateChat(user: { id: number; name: string }): void;
  close(): Promise<void>;
}

let tweetSeq = 0;

/** The shipped citizen reply templates (the bot tells staff when a note was shortened for X). */
function shippedReplyTemplates(): ReplyTemplates {
  const parsed = parseReplyTemplates(readFileSync("config/templates.yaml", "utf8"), "config/templates.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value;
}

export interface StaffKitOptions {
  membershipCacheSeconds?: number;
  commandsPerMinute?: number;
  leaveUnknownGroups?: boolean;
  /** Default true: long polling. False leaves the bot unlaunched (a test wires a webhook instead). */
  poll?: boolean;
  /** Also write every staff log entry here (a real pino logger, to test what reaches the log). */
  log?: StaffLog;
  /** SLA targets and calendars for `/statistik`, `/terlambat`, `/laporan`. */
  supervision?: SupervisionContext;
  /** Wraps the store the bot and the delivery use (a decorator such as `RecordCorrections`). */
  decorateStore?: (store: TicketStore) => TicketStore;
  /** Windows of the Redis rate gate the bot and the delivery share. Default: off (429 cool-downs still hold). */
  gateLimits?: RateGateLimits;
  /** The bot's clock (command limits count per minute of it). Default `Date.now`. */
  now?: () => number;
  /** Passed to the simulator (default false: the kit's gate is open). */
  floodControl?: boolean;
  /** The digest `/digest` sends (see `composeDigest`). */
  digestNow?: StaffDeps["digestNow"];
  /** `/dasbor`'s login link for a user (the dashboard's `LoginLinks`). */
  dashboardLink?: StaffDeps["dashboardLink"];
}

/**
 * The staff side end to end: the Telegram simulator with four groups, real Redis under a fresh
 * prefix, the Redis ticket store, and the Aduan bot on real telegraf long-polling the simulator.
 * Staff effects are delivered at once with the pipeline's own `deliverTelegramJob` (real edits and
 * sends in the simulator); reply jobs are recorded.
 */
export async function startStaffKit(opts: StaffKitOptions = {}): Promise<StaffKit> {
  const sim = await startTelegramSimulator({
    floodControl: opts.floodControl ?? false,
    chats: [
      {
        id: DSDABM_CHAT,
        title: "DSDABM — Aduan",
        members: [
          { ...SARI, status: "administrator" },
          { ...ASEP, status: "member" },
        ],
      },
      { id: DISHUB_CHAT, title: "Dishub — Aduan", members: [{ ...BUDI, status: "member" }] },
      { id: TRIAGE_CHAT, title: "Command Center — Pilah", members: [{ ...OPERATOR, status: "creator" }] },
      { id: SUPERVISORS_CHAT, title: "Supervisor Aduan", members: [{ ...KEPALA, status: "creator" }] },
      { id: WARUNG_CHAT, title: "Warung Kopi RW 05", members: [{ ...BUDI, status: "member" }] },
    ],
  });
  const redis = new Redis("redis://127.0.0.1:6379", { maxRetriesPerRequest: 2 });
  const prefix = `test-staff-${randomUUID().slice(0, 8)}`;
  const store = new RedisTicketStore(redis, prefix);
  const botStore: TicketStore = opts.decorateStore ? opts.decorateStore(store) : store;
  const settings = staffSettings();
  const gate = new SendRateGate(redis, prefix, opts.gateLimits ?? null);
  const replies: ReplyJob[] = [];
  const telegramJobs: TelegramJob[] = [];
  const logs: LogEntry[] = [];
  const log: StaffLog = {
    info: (obj, msg) => (logs.push({ level: "info", obj, msg }), opts.log?.info(obj, msg)),
    warn: (obj, msg) => (logs.push({ level: "warn", obj, msg }), opts.log?.warn(obj, msg)),
    error: (obj, msg) => (logs.push({ level: "error", obj, msg }), opts.log?.error(obj, msg)),
  };
  // Effects need the bot's gateway, and the bot needs the effects: filled in once both exist.
  const wired: { deliver?: DeliverDeps } = {};
  const effects: StaffEffects = {
    async telegram(job) {
      telegramJobs.push(job);
      if (!wired.deliver) throw new Error("delivery not ready");
      await deliverTelegramJob(wired.deliver, job);
    },
    async reply(job) {
      replies.push(job);
    },
  };
  const app = createAduanBot({
    token: sim.token,
    apiRoot: sim.url,
    redis,
    prefix,
    store: botStore,
    effects,
    settings,
    secret: SECRET,
    log,
    membershipCacheSeconds: opts.membershipCacheSeconds ?? 60,
    ...(opts.commandsPerMinute !== undefined ? { commandsPerMinute: opts.commandsPerMinute } : {}),
    ...(opts.leaveUnknownGroups !== undefined ? { leaveUnknownGroups: opts.leaveUnknownGroups } : {}),
    ...(opts.supervision ? { supervision: opts.supervision } : {}),
    replyTemplates: shippedReplyTemplates(),
    ...(opts.now ? { now: opts.now } : {}),
    gate,
    ...(opts.digestNow ? { digestNow: opts.digestNow } : {}),
    ...(opts.dashboardLink ? { dashboardLink: opts.dashboardLink } : {}),
  });
  // The same delivery wiring as the workers role, with the kit's store, gateway and gate.
  const deliver: DeliverDeps = deliverDeps({
    store: botStore,
    chat: app.chat,
    gate,
    settings,
    renderCard: cardRenderer(settings, SECRET),
    now: Date.now,
    onMigrated: async () => undefined,
    log,
  });
  wired.deliver = deliver;
  if (opts.poll ?? true) await new Promise<void>((resolve) => app.launchPolling(resolve));

  const at = () => new Date().toISOString();
  const postCard = async (ticket: Ticket) => {
    await deliverTelegramJob(deliver, {
      kind: "card",
      ticketId: ticket.id,
      dispatch: cardRound(ticket.history),
    });
    const posted = await store.get(ticket.id);
    if (!posted?.telegram) throw new Error(`no card posted for ${ticket.id}`);
    return { ticket: posted, messageId: posted.telegram.message_id };
  };
  const privateChats = new Set<number>();
  const tweet = (text?: string) => {
    const id = `18650000000${String(++tweetSeq).padStart(8, "0")}`;
    return sampleTweet({ id, ...(text ? { text } : {}) });
  };

  return {
    sim,
    redis,
    prefix,
    store,
    settings,
    app,
    gate,
    deliver,
    replies,
    telegramJobs,
    logs,
    async dispatched(agencyId, text) {
      const t = tweet(text);
      const { ticket } = await store.createFromTweet(t, sampleVerdict({ id: t.id, agency: agencyId }), at());
      const { ticket: sent } = await store.transition(
        ticket.id,
        { type: "dispatch", agency: agencyId },
        at(),
        "system",
      );
      return postCard(sent);
    },
    async doubtfulResend(agencyId) {
      const t = tweet();
      const { ticket } = await store.createFromTweet(t, sampleVerdict({ id: t.id, agency: agencyId }), at());
      const { ticket: sent } = await store.transition(
        ticket.id,
        { type: "dispatch", agency: agencyId },
        at(),
        "system",
      );
      const round = cardRound(sent.history);
      // Attempt 1 claims the send and posts the card; its answer never comes back.
      await store.claimEffect(cardEffectKey(sent.id, round), 1);
      const chatId = settings.agencies.get(agencyId)?.chatId ?? 0;
      const card = cardRenderer(settings, SECRET)(sent, chatId);
      const lost = await app.chat.sendMessage(chatId, card.html, { keyboard: card.keyboard });
      await new Promise((r) => setTimeout(r, 5)); // its lease (1 ms) runs out
      const posted = await postCard(sent);
      return { ...posted, lostMessageId: lost.messageId };
    },
    async untriaged(verdict = {}) {
      const t = tweet("@PemkotBandung ada yang aneh di depan gang, tolong dicek ya");
      const { ticket } = await store.createFromTweet(
        t,
        sampleVerdict({
          id: t.id,
          agency: null,
          confidence: 0.1,
          candidates: [
            { agency: "dishub", score: 0.4 },
            { agency: "dsdabm", score: 0.3 },
          ],
          ...verdict,
        }),
        at(),
      );
      return postCard(ticket);
    },
    async ticket(id) {
      const t = await store.get(id);
      if (!t) throw new Error(`no ticket ${id}`);
      return t;
    },
    privateChat(user) {
      if (privateChats.has(user.id)) return;
      privateChats.add(user.id);
      sim.addChat({
        id: user.id,
        title: user.name,
        type: "private",
        members: [{ ...user, status: "member" }],
      });
    },
    async close() {
      await app.stop("test over");
      await sim.close();
      await deleteKeys(prefix, redis);
      await redis.quit();
    },
  };
}

/**
 * Presses a button as `user` and takes `user` out of the group the same instant, before the bot
 * handles the press: the simulator lets only members press, so this is how a press from someone
 * who is not (or no longer) in the group reaches the bot.
 */
export async function pressThenLeave(
  sim: TelegramSimulator,
  chatId: number,
  messageId: number,
  user: { id: number; name: string },
  button: string,
) {
  sim.setMember(chatId, { ...user, status: "member" });
  const pressing = sim.press({ chatId, messageId, userId: user.id, button });
  sim.setMember(chatId, { ...user, status: "left" });
  return await pressing;
}

/** The card as the group sees it now: its plain text and button labels. */
export function cardIn(sim: TelegramSimulator, chatId: number, messageId: number) {
  const m = sim.messages(chatId).find((x) => x.messageId === messageId);
  if (!m) throw new Error(`no message ${messageId} in ${chatId}`);
  return { text: m.text ?? "", buttons: m.buttons.flat().map((b) => b.text), message: m };
}

export { eventually } from "./eventually.js";

/**
 * One staff kit for every test of a file: started before the first test, closed after the last.
 * The kit only exists once `beforeAll` has run, so what is returned at once stands in for it and
 * hands every property to the started kit: tests keep writing `kit.sim`, `kit.dispatched(...)`.
 * A file's own `beforeAll` hooks, registered after this call, see the kit started.
 */
export function staffKitForFile(opts: StaffKitOptions = {}): StaffKit {
  let started: StaffKit | undefined;
  beforeAll(async () => {
    started = await startStaffKit(opts);
  });
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as StaffKit, {
    get(_standIn, property) {
      if (!started)
        throw new Error(`kit.${String(property)} used before the file's beforeAll started the kit`);
      return Reflect.get(started, property, started);
    },
  });
}
