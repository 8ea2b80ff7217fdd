import type { Worker } from "bullmq";
import { agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { Ticket } from "../core/ticket.js";
import type { Lang } from "../core/ui-strings.js";
import type { TicketStore } from "../ports/ticket-store.js";

/**
 * The operator's live feed: one readable line per thing that happens (a tweet in, its verdict, a
 * card posted, a staff action, a reply sent, an SLA reminder or breach), in the deployment's
 * language. On in the demo and with `LOG_FORMAT=pretty`; the JSON log stays as it is otherwise.
 * Built from what the workers finish (their job data and results) and from the tickets' history
 * (staff actions), so it says what really happened, not what was asked for.
 */

export type FeedEvent =
  | { kind: "tweet_in"; author: string; text: string; telegram?: boolean }
  | { kind: "verdict"; ticketId: string; route: string; agency: string | null }
  | { kind: "card_posted"; ticketId: string; agency: string | null }
  | { kind: "staff_action"; ticketId: string; action: string; who: string; agency: string | null }
  | { kind: "reply_sent"; ticketId: string; replyKind: string; citizen: string }
  | { kind: "sla"; ticketId: string; check: string; agency: string | null };

const WORDS: Record<
  Lang,
  {
    tweetIn: (author: string, text: string) => string;
    /** A citizen's report through the bot's private chat (first name only). */
    telegramIn: (author: string, text: string) => string;
    verdict: (id: string, route: string, agency: string) => string;
    routes: Record<string, string>;
    card: (id: string, agency: string) => string;
    staff: (who: string, action: string, id: string, agency: string) => string;
    actions: Record<string, string>;
    reply: (id: string, kind: string, citizen: string) => string;
    replyKinds: Record<string, string>;
    sla: Record<string, (id: string, agency: string) => string>;
  }
> = {
  id: {
    tweetIn: (a, t) => `🐦 Tweet masuk dari @${a}: “${t}”`,
    telegramIn: (a, t) => `✉️ Laporan Telegram dari ${a}: “${t}”`,
    verdict: (id, route, agency) => `🧭 ${id}: ${route}${agency ? ` ${agency}` : ""}`,
    routes: {
      dispatch: "diteruskan ke",
      triage: "menunggu dipilah di meja triase",
      moderation: "ditahan untuk moderasi di",
      redirect: "di luar wewenang kota, diarahkan ke",
      not_complaint: "bukan aduan, disimpan saja",
      merged: "laporan yang sama dengan tiket terbuka, digabung",
      feedback: "tanggapan warga atas tiket",
    },
    card: (id, agency) => `📋 Kartu ${id} terkirim ke grup ${agency}`,
    staff: (who, action, id, agency) => `👤 ${who} ${action} ${id}${agency ? ` (${agency})` : ""}`,
    actions: {
      claimed: "mengambil",
      resolved: "menyelesaikan",
      rejected: "menolak",
      reassigned: "mengalihkan",
      dispatched: "meneruskan",
      reopened: "membuka kembali",
      redirected: "mengarahkan keluar",
      kind_changed: "mengubah jenis",
      restored: "menjadikan aduan",
    },
    reply: (id, kind, citizen) => `💬 Balasan ${kind} terkirim ke @${citizen} (${id})`,
    replyKinds: {
      received: "“diterima”",
      resolved: "“selesai”",
      redirect: "“arahkan”",
      duplicate: "“sudah dilaporkan”",
    },
    sla: {
      "remind-first-response": (id, a) => `⏰ Pengingat SLA: ${id} belum diambil (${a})`,
      "remind-resolution": (id, a) => `⏰ Pengingat SLA: ${id} belum selesai (${a})`,
      "breach-first-response": (id, a) => `🔴 ${id} lewat batas respons pertama (${a})`,
      "breach-resolution": (id, a) => `🔴 ${id} lewat batas penyelesaian (${a})`,
    },
  },
  en: {
    tweetIn: (a, t) => `🐦 Tweet in from @${a}: “${t}”`,
    telegramIn: (a, t) => `✉️ Telegram report from ${a}: “${t}”`,
    verdict: (id, route, agency) => `🧭 ${id}: ${route}${agency ? ` ${agency}` : ""}`,
    routes: {
      dispatch: "sent to",
      triage: "waiting at the triage desk",
      moderation: "held for moderation in",
      redirect: "outside the city's remit, pointed to",
      not_complaint: "not a complaint, kept only",
      merged: "same report as an open ticket, merged",
      feedback: "a citizen's answer on ticket",
    },
    card: (id, agency) => `📋 Card ${id} posted to the ${agency} group`,
    staff: (who, action, id, agency) => `👤 ${who} ${action} ${id}${agency ? ` (${agency})` : ""}`,
    actions: {
      claimed: "claimed",
      resolved: "resolved",
      rejected: "rejected",
      reassigned: "reassigned",
      dispatched: "routed",
      reopened: "reopened",
      redirected: "redirected",
      kind_changed: "changed the kind of",
      restored: "made a report of",
    },
    reply: (id, kind, citizen) => `💬 ${kind} reply sent to @${citizen} (${id})`,
    replyKinds: {
      received: "“received”",
      resolved: "“resolved”",
      redirect: "“redirect”",
      duplicate: "“already reported”",
    },
    sla: {
      "remind-first-response": (id, a) => `⏰ SLA reminder: ${id} not claimed yet (${a})`,
      "remind-resolution": (id, a) => `⏰ SLA reminder: ${id} not resolved yet (${a})`,
      "breach-first-response": (id, a) => `🔴 ${id} missed its first-response deadline (${a})`,
      "breach-resolution": (id, a) => `🔴 ${id} missed its resolution deadline (${a})`,
    },
  },
};

/** Tweets are cut to this many characters in the feed: one line each. */
const TWEET_CHARS = 80;

/** One event as one line of words (no time stamp: the writer adds it). */
export function feedLine(e: FeedEvent, lang: Lang, settings: Pick<PipelineSettings, "agencies">): string {
  const w = WORDS[lang];
  const name = (id: string | null) => (id ? agencyLabel(settings, id) : "");
  switch (e.kind) {
    case "tweet_in": {
      const flat = e.text.replace(/\s+/g, " ").trim();
      const cut = flat.length > TWEET_CHARS ? `${flat.slice(0, TWEET_CHARS - 1)}…` : flat;
      return e.telegram ? w.telegramIn(e.author, cut) : w.tweetIn(e.author, cut);
    }
    case "verdict": {
      const shown = ["dispatch", "moderation", "redirect"].includes(e.route);
      return w.verdict(e.ticketId, w.routes[e.route] ?? e.route, shown ? name(e.agency) : "");
    }
    case "card_posted":
      return w.card(e.ticketId, name(e.agency));
    case "staff_action": {
      // Demo staff are named "Maya (DSDABM)": the agency once is enough.
      const agency = name(e.agency);
      return w.staff(
        e.who,
        w.actions[e.action] ?? e.action,
        e.ticketId,
        e.who.includes(agency) ? "" : agency,
      );
    }
    case "reply_sent":
      return w.reply(e.ticketId, w.replyKinds[e.replyKind] ?? e.replyKind, e.citizen);
    case "sla":
      return (w.sla[e.check] ?? ((id: string) => `SLA ${e.check} ${id}`))(e.ticketId, name(e.agency));
  }
}

/** Staff actions the feed shows, from a ticket's latest history event. */
const STAFF_EVENTS = new Set([
  "claimed",
  "resolved",
  "rejected",
  "reassigned",
  "dispatched",
  "reopened",
  "redirected",
]);

export interface LiveFeed {
  /** Lines for what this worker completes. */
  watch(worker: Worker): void;
  /** A ticket changed (the store's change listener): a staff action becomes a line. */
  ticketChanged(ticket: Ticket): void;
}

export function createLiveFeed(o: {
  settings: PipelineSettings;
  store: Pick<TicketStore, "get">;
  /** Where a finished line goes (the pretty log stream, or stdout). */
  write(line: string): void;
}): LiveFeed {
  const lang = o.settings.language;
  const emit = (e: FeedEvent) => o.write(feedLine(e, lang, o.settings));
  // A change is reported once, however many times the listener hears of it.
  const seen = new Map<string, number>();
  const ticket = (id: string) => o.store.get(id).catch(() => null);

  const completed = async (queue: string, data: unknown, result: unknown): Promise<void> => {
    const d = (data ?? {}) as Record<string, unknown>;
    const r = (result ?? {}) as Record<string, unknown>;
    if (queue === "triage") {
      const tweet = d["tweet"] as { author_username?: string; text?: string } | undefined;
      if (!tweet || typeof r["ticket"] !== "string" || r["created"] !== true) return;
      const t = await ticket(r["ticket"]);
      // Both lines together, after the read: a tweet and its verdict stay next to each other.
      emit({
        kind: "tweet_in",
        author: tweet.author_username ?? "?",
        text: tweet.text ?? "",
        ...(d["citizen"] ? { telegram: true } : {}),
      });
      const route =
        t?.status === "merged"
          ? "merged"
          : t?.status === "new"
            ? t.triage.abusive
              ? "moderation"
              : "triage"
            : String(r["route"]);
      const agency = route === "moderation" ? o.settings.moderationAgency : (t?.agency ?? null);
      emit({ kind: "verdict", ticketId: r["ticket"], route, agency });
    } else if (queue === "telegram" && d["kind"] === "card" && result === "sent") {
      const t = await ticket(String(d["ticketId"]));
      const holder =
        t?.status === "new"
          ? t.triage.abusive
            ? o.settings.moderationAgency
            : o.settings.triageAgency
          : t?.agency;
      emit({ kind: "card_posted", ticketId: String(d["ticketId"]), agency: holder ?? null });
    } else if (queue === "replies" && r["status"] === "posted") {
      const t = await ticket(String(d["ticketId"]));
      emit({
        kind: "reply_sent",
        ticketId: String(d["ticketId"]),
        replyKind: String(d["kind"]),
        citizen: t?.tweet.author_username ?? "?",
      });
    } else if (queue === "sla" && d["kind"] === "check" && r["outcome"] === "sent") {
      const t = await ticket(String(d["ticketId"]));
      emit({
        kind: "sla",
        ticketId: String(d["ticketId"]),
        check: String(d["check"]),
        agency: t?.agency ?? null,
      });
    }
  };

  return {
    watch(worker) {
      worker.on("completed", (job, result) => {
        void completed(worker.name, job.data, result).catch(() => undefined);
      });
    },
    ticketChanged(t) {
      const last = t.history.at(-1);
      if (!last || !last.actor.startsWith("tg:") || !STAFF_EVENTS.has(last.type)) return;
      if ((seen.get(t.id) ?? 0) >= t.history.length) return;
      seen.set(t.id, t.history.length);
      const who =
        t.assignee && last.actor === `tg:${t.assignee.id}`
          ? t.assignee.name
          : lang === "en"
            ? "Staff"
            : "Staf";
      emit({ kind: "staff_action", ticketId: t.id, action: last.type, who, agency: t.agency });
    },
  };
}
