import type { AgencyFile } from "../triage/agency-schema.js";
import type { AppFile } from "./app-schema.js";
import { AduanError } from "../errors.js";

/**
 * Checks that config plus environment cannot misroute a ticket, before anything starts. Pure: the
 * caller passes the raw environment and whether this is the demo. Every problem is found, each
 * naming the variable (or file) to fix; the caller refuses to start when there is any.
 *
 * - `ADUAN_CHAT_<NAME>` must name an agency (or `SUPERVISORS`): a typo like `ADUAN_CHAT_DISHUBB`
 *   would otherwise leave Dishub's tickets with no group.
 * - Group ids are negative decimal integers (`-1001234567890`); `0x10` or `1e3` are refused.
 * - No two agencies (or an agency and the supervisors) share one group.
 * - Outside the demo, every routable agency (`kind: agency`) and the triage group have a chat,
 *   unless `ADUAN_UNROUTED=triage` says tickets of agencies without one go to the triage desk.
 * - `TELEGRAM_CITIZEN_BOT_TOKEN` (a second, citizen-facing bot) is a bot token of another bot than
 *   `TELEGRAM_BOT_TOKEN`, and citizens' intake is on (`citizens.enabled`); its webhook variables
 *   come only with it.
 * - `ADUAN_POLL_INTERVAL_MS` stays within `x.poll_interval_seconds`' bounds (10 s to 1 h) against
 *   the real X (polls cost money); against a local simulator it may go down to 100 ms.
 */
export class DeploymentConfigError extends AduanError {
  readonly code = "DEPLOYMENT_CONFIG_INVALID";
  readonly who = "config";
  constructor(readonly problems: readonly string[]) {
    super(
      `Refusing to start: the deployment would misroute tickets (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "DeploymentConfigError";
  }
}

export type UnroutedPolicy = "refuse" | "triage";

/** Bounds of `x.poll_interval_seconds` in `app.yaml` (see app-schema.ts), in ms. */
export const POLL_BOUNDS_MS = { min: 10_000, max: 3_600_000 } as const;
/** The lower bound against a local X simulator (tests, the fault suite). */
export const SIMULATOR_MIN_POLL_MS = 100;

const GROUP_ID = /^-[1-9]\d{0,15}$/;
const CHAT_VAR = /^ADUAN_CHAT_(.+)$/;

type Source = Readonly<Record<string, string | undefined>>;

const value = (source: Source, name: string): string | undefined => {
  const raw = source[name]?.trim();
  return raw === undefined || raw === "" ? undefined : raw;
};

/** `ADUAN_UNROUTED`: empty or unset means refuse. */
export function unroutedPolicy(source: Source): UnroutedPolicy | undefined {
  const raw = value(source, "ADUAN_UNROUTED");
  if (raw === undefined) return "refuse";
  return raw === "triage" ? "triage" : undefined;
}

function isLocalUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}

function closest(name: string, known: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const d = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = d[0] ?? 0;
      d[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const tmp = d[j] ?? 0;
        d[j] = Math.min((d[j] ?? 0) + 1, (d[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = tmp;
      }
    }
    return d[b.length] ?? Infinity;
  };
  let best: { id: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name, k);
    if (d <= 2 && (!best || d < best.d)) best = { id: k, d };
  }
  return best?.id;
}

export function checkDeployment(input: {
  agencies: readonly AgencyFile[];
  app: AppFile;
  env: Source;
  /** The demo brings its own simulated groups: routability is not checked. */
  demo: boolean;
}): string[] {
  const { agencies, app, env, demo } = input;
  const problems: string[] = [];
  const ids = agencies.map((a) => a.id);
  const known = [...ids, "supervisors"];

  // Chat variables: each names an agency, each holds a group id.
  const fromEnv = new Map<string, number>();
  for (const name of Object.keys(env).sort()) {
    const m = CHAT_VAR.exec(name);
    if (!m) continue;
    const target = (m[1] ?? "").toLowerCase();
    if (!known.includes(target)) {
      const guess = closest(target, known);
      problems.push(
        `${name} names no agency${guess ? ` (did you mean ADUAN_CHAT_${guess.toUpperCase()}?)` : ""}; ` +
          `known: ${known.map((k) => k.toUpperCase()).join(", ")}`,
      );
      continue;
    }
    const raw = value(env, name);
    if (raw === undefined) continue; // empty means "use the config file's"
    if (!GROUP_ID.test(raw) || !Number.isSafeInteger(Number(raw))) {
      problems.push(
        `${name} must be a Telegram group id: a negative decimal integer like -1001234567890 (got "${raw}")`,
      );
      continue;
    }
    fromEnv.set(target, Number(raw));
  }
  for (const a of agencies) {
    const id = a.telegram_chat_id;
    if (id !== undefined && !(id < 0 && Number.isSafeInteger(id))) {
      problems.push(
        `agencies/${a.id}.yaml: telegram_chat_id must be a negative group id like -1001234567890 (got ${id})`,
      );
    }
  }
  const sup = app.telegram.supervisors_chat_id;
  if (sup !== undefined && !(sup < 0 && Number.isSafeInteger(sup))) {
    problems.push(`app.yaml: telegram.supervisors_chat_id must be a negative group id (got ${sup})`);
  }

  // Resolved chats: env first, then the agency's file.
  const chatOf = new Map<string, { chat: number; from: string }>();
  for (const a of agencies) {
    const e = fromEnv.get(a.id);
    if (e !== undefined) chatOf.set(a.id, { chat: e, from: `ADUAN_CHAT_${a.id.toUpperCase()}` });
    else if (a.telegram_chat_id !== undefined)
      chatOf.set(a.id, { chat: a.telegram_chat_id, from: `agencies/${a.id}.yaml telegram_chat_id` });
  }
  const supChat = fromEnv.get("supervisors");
  if (supChat !== undefined) chatOf.set("supervisors", { chat: supChat, from: "ADUAN_CHAT_SUPERVISORS" });
  else if (sup !== undefined)
    chatOf.set("supervisors", { chat: sup, from: "app.yaml telegram.supervisors_chat_id" });

  if (!demo) {
    const byChat = new Map<number, string[]>();
    for (const [owner, { chat, from }] of chatOf) {
      byChat.set(chat, [...(byChat.get(chat) ?? []), `${from} (${owner})`]);
    }
    for (const [chat, owners] of byChat) {
      if (owners.length > 1) {
        problems.push(`${owners.join(" and ")} share one group ${chat}: every agency needs its own group`);
      }
    }

    const policy = unroutedPolicy(env);
    if (policy === undefined) {
      problems.push(`ADUAN_UNROUTED must be empty or "triage" (got "${value(env, "ADUAN_UNROUTED")}")`);
    }
    const triage = app.telegram.triage_agency;
    if (!chatOf.has(triage)) {
      problems.push(
        `ADUAN_CHAT_${triage.toUpperCase()} is not set (nor telegram_chat_id in agencies/${triage}.yaml): ` +
          `the triage group receives what no rule routes and cannot be left out`,
      );
    }
    const moderation = app.telegram.moderation_agency;
    if (moderation !== triage && !chatOf.has(moderation)) {
      problems.push(
        `ADUAN_CHAT_${moderation.toUpperCase()} is not set (nor telegram_chat_id in agencies/${moderation}.yaml): ` +
          `the moderation group receives abusive tweets`,
      );
    }
    if (policy === "refuse") {
      for (const a of agencies) {
        if (a.kind !== "agency" || chatOf.has(a.id)) continue;
        problems.push(
          `ADUAN_CHAT_${a.id.toUpperCase()} is not set (nor telegram_chat_id in agencies/${a.id}.yaml): ` +
            `${a.short_name}'s tickets would reach no group. Set it, or ADUAN_UNROUTED=triage to send them to the triage group`,
        );
      }
    }
  }

  if (!demo) problems.push(...citizenBotProblems(app, env));

  const poll = value(env, "ADUAN_POLL_INTERVAL_MS");
  if (poll !== undefined) {
    const ms = Number(poll);
    const local = demo || isLocalUrl(value(env, "X_API_BASE_URL"));
    const min = local ? SIMULATOR_MIN_POLL_MS : POLL_BOUNDS_MS.min;
    if (!/^\d+$/.test(poll) || !Number.isSafeInteger(ms) || ms < min || ms > POLL_BOUNDS_MS.max) {
      problems.push(
        `ADUAN_POLL_INTERVAL_MS must be a whole number of milliseconds from ${min} to ${POLL_BOUNDS_MS.max}` +
          (local ? "" : " against the real X (each poll is billed; as x.poll_interval_seconds in app.yaml)") +
          ` (got "${poll}")`,
      );
    }
  }
  return problems;
}

/** `<bot id>:<secret>`, as @BotFather hands it out. */
const BOT_TOKEN = /^(\d{1,20}):[A-Za-z0-9_-]{20,}$/;

/** A second bot for citizens must be another bot, with somewhere to send citizens. */
function citizenBotProblems(app: AppFile, env: Source): string[] {
  const token = value(env, "TELEGRAM_CITIZEN_BOT_TOKEN");
  if (token === undefined) {
    const hook = value(env, "TELEGRAM_CITIZEN_WEBHOOK_URL") ?? value(env, "TELEGRAM_CITIZEN_WEBHOOK_SECRET");
    return hook === undefined
      ? []
      : [
          "TELEGRAM_CITIZEN_WEBHOOK_URL/SECRET are set but TELEGRAM_CITIZEN_BOT_TOKEN is not: " +
            "set the citizen bot's token, or unset them (one bot then serves staff and citizens)",
        ];
  }
  const problems: string[] = [];
  // Never echo a token: name the variable and what is wrong.
  const citizenId = BOT_TOKEN.exec(token)?.[1];
  if (citizenId === undefined) {
    problems.push(
      "TELEGRAM_CITIZEN_BOT_TOKEN does not look like a bot token (<bot id>:<secret> from @BotFather)",
    );
  }
  const staff = value(env, "TELEGRAM_BOT_TOKEN");
  if (staff !== undefined && staff === token) {
    problems.push(
      "TELEGRAM_CITIZEN_BOT_TOKEN is the same token as TELEGRAM_BOT_TOKEN: two pollers of one bot take each " +
        "other's updates. Unset it to let one bot serve staff and citizens, or create a second bot with @BotFather",
    );
  } else if (citizenId !== undefined && staff?.split(":")[0] === citizenId) {
    problems.push(
      `TELEGRAM_CITIZEN_BOT_TOKEN and TELEGRAM_BOT_TOKEN are two tokens of the same bot (id ${citizenId}): ` +
        "the citizen bot must be a second bot (@BotFather /newbot), or unset TELEGRAM_CITIZEN_BOT_TOKEN",
    );
  }
  if (!app.citizens.enabled) {
    problems.push(
      "TELEGRAM_CITIZEN_BOT_TOKEN is set but citizens.enabled is false in app.yaml: the citizen bot would " +
        "answer no one. Turn citizens on, or unset the token",
    );
  }
  return problems;
}
