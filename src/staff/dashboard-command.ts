import { escapeHtml } from "../core/render-card.js";
import { rightsOf } from "./dashboard-rights.js";
import { ui, type ChatCommands, type StaffDeps, type StaffMessage } from "./staff-deps.js";

/**
 * `/dasbor`: a one-time login link to the web dashboard, for anyone in one of the deployment's
 * groups (rights are decided again by the dashboard on every request). Only in a private chat:
 * a link in a group could be opened by whoever taps it first, so there the bot says where to ask.
 */
export async function runDashboardCommand(
  deps: StaffDeps,
  msg: StaffMessage,
): Promise<"command" | "not_member"> {
  const t = ui(deps);
  const say = (html: string) =>
    deps.effects.telegram({
      kind: "text",
      chatId: msg.chatId,
      html,
      replyToMessageId: msg.messageId,
      priority: "interactive",
    });
  if (!deps.dashboardLink) {
    await say(escapeHtml(t.dashboard.unavailable));
    return "command";
  }
  if (msg.chatType !== "private") {
    await say(escapeHtml(t.dashboard.privateOnly(deps.botUsername)));
    return "command";
  }
  const rights = await rightsOf(deps.membership, deps.settings, msg.user.id);
  if (rights.kind === "none") {
    deps.log.warn({ user: msg.user.id, chat: msg.chatId, command: "dasbor" }, "refused /dasbor: not_member");
    await say(escapeHtml(t.answer.notMember));
    return "not_member";
  }
  const url = await deps.dashboardLink(msg.user);
  deps.log.info({ user: msg.user.id, rights: rights.kind }, "dashboard login link issued");
  await say(
    t.dashboard.link(
      `<a href="${escapeHtml(url)}">${escapeHtml(t.dashboard.anchor)}</a>\n${escapeHtml(url)}`,
    ),
  );
  return "command";
}

/** Two sets of extra commands as one (the supervisors' and `/dasbor`). */
export function withDashboardCommand(other: ChatCommands): ChatCommands {
  return {
    names: [...other.names, "dasbor"],
    run: (deps, msg, name, args) =>
      name === "dasbor" ? runDashboardCommand(deps, msg) : other.run(deps, msg, name, args),
  };
}
