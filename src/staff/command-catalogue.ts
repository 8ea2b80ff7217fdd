import { agencyForChat, agencyLabel, type PipelineSettings } from "../core/settings.js";
import type { UiStrings } from "../core/ui-strings.js";

/**
 * Which commands each kind of chat offers, in one place: `/help` lists them for the chat it is
 * asked in (and the asker's role), and `setMyCommands` gives Telegram's menu the same list per
 * scope. Pure.
 */

/** Where a command is asked: an agency's group (triage and moderation groups included), the supervisors' group, a private chat. */
export type ChatRole = "agency" | "supervisors" | "private";

export interface CommandEntry {
  command: string;
  /** One line, plain text (also Telegram's menu description: at most 256 characters). */
  description: string;
  roles: readonly ChatRole[];
  /** In a private chat, only for members of the supervisors' group. */
  supervisorsOnly?: boolean;
  /**
   * Only where the triage desk works: in the triage group (not other agencies' groups), the
   * supervisors' group, and a private chat of a triage-group member or a supervisor.
   */
  deskOnly?: boolean;
}

export function commandCatalogue(t: UiStrings): CommandEntry[] {
  const c = t.command;
  const sv = t.supervisor;
  return [
    { command: "help", description: c.help, roles: ["agency", "supervisors", "private"] },
    { command: "antrian", description: c.antrian, roles: ["agency", "supervisors"] },
    { command: "tiket", description: c.tiket, roles: ["agency", "supervisors", "private"] },
    { command: "pisahkan", description: c.pisahkan, roles: ["agency", "supervisors", "private"] },
    {
      command: "jadikanaduan",
      description: c.jadikanaduan,
      roles: ["agency", "supervisors", "private"],
      deskOnly: true,
    },
    { command: "dasbor", description: c.dasbor, roles: ["agency", "supervisors", "private"] },
    {
      command: "statistik",
      description: sv.statistik,
      roles: ["agency", "supervisors", "private"],
      supervisorsOnly: true,
    },
    {
      command: "terlambat",
      description: sv.terlambat,
      roles: ["agency", "supervisors", "private"],
      supervisorsOnly: true,
    },
    {
      command: "laporan",
      description: sv.laporan,
      roles: ["agency", "supervisors", "private"],
      supervisorsOnly: true,
    },
    {
      command: "digest",
      description: sv.digest,
      roles: ["supervisors", "private"],
      supervisorsOnly: true,
    },
    {
      command: "macet",
      description: sv.macet,
      roles: ["supervisors", "private"],
      supervisorsOnly: true,
    },
  ];
}

/**
 * The commands of one kind of chat (for a private chat, whether the asker is a supervisor; `desk`:
 * the group is the triage group, or the private asker is a member of it).
 */
export function commandsFor(t: UiStrings, role: ChatRole, supervisor: boolean, desk = false): CommandEntry[] {
  const atDesk = role === "supervisors" || desk || (role === "private" && supervisor);
  return commandCatalogue(t)
    .filter((e) => e.roles.includes(role) && !(role === "private" && e.supervisorsOnly && !supervisor))
    .filter((e) => !e.deskOnly || atDesk)
    .map((e) =>
      // The supervisors' group's queue is every agency's.
      role === "supervisors" && e.command === "antrian" ? { ...e, description: t.help.antrianAll } : e,
    );
}

/** What kind of chat `chatId` is for the bot; undefined for a group that is none of ours. */
export function chatRoleOf(s: PipelineSettings, chatId: number, chatType: string): ChatRole | undefined {
  if (chatType === "private") return "private";
  if (chatId === s.supervisorsChatId) return "supervisors";
  return agencyForChat(s, chatId) !== undefined ? "agency" : undefined;
}

/**
 * `/help` as plain text lines (the first is the title): who the chat is for, what the card's buttons do (in groups with cards),
 * and the commands this person can use here.
 */
export function helpLines(
  t: UiStrings,
  s: PipelineSettings,
  chat: { id: number; role: ChatRole | undefined },
  supervisor: boolean,
  /** A private asker who is a member of the triage group. */
  deskMember = false,
): string[] {
  const h = t.help;
  const role = chat.role;
  if (role === undefined) return [h.notOurGroup];
  const lines: string[] = [];
  const triageChat = s.agencies.get(s.triageAgency)?.chatId;
  const desk = role === "agency" ? chat.id === triageChat : deskMember;
  if (role === "agency") {
    const agency = agencyForChat(s, chat.id);
    const routing =
      chat.id === s.agencies.get(s.triageAgency)?.chatId ||
      chat.id === s.agencies.get(s.moderationAgency)?.chatId;
    lines.push(h.titleAgency(agencyLabel(s, agency)), "");
    lines.push(h.cardButtons);
    if (routing) lines.push(h.routingButtons);
    lines.push(h.noteHow);
  } else if (role === "supervisors") {
    lines.push(h.titleSupervisors, "", h.supervisorsGroup);
  } else {
    lines.push(h.titlePrivate, "", supervisor ? h.privateSupervisor : h.privateStaff);
  }
  lines.push("", h.commands);
  for (const e of commandsFor(t, role, supervisor, desk)) {
    const figures = role === "agency" && e.supervisorsOnly ? ` ${h.ownFigures}` : "";
    lines.push(`/${e.command}: ${e.description}${figures}`);
  }
  return lines;
}
