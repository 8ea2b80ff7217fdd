import type { Role } from "./start-aduan.js";

/**
 * What one role does on its own in the demo. The demo's simulators and namespace belong to one
 * process, so the other roles cannot join from another terminal: say so instead of telling the
 * whole demo's story while only a part of it runs.
 */
export function demoRoleAlone(role: Role, telegramUrl: string): string {
  const alone: Record<Role, string> = {
    ingest:
      "Only the ingest role runs: it reads the citizen tweets from the X simulator and queues them. " +
      "No worker triages them, so no card reaches the Telegram simulator and no citizen gets a reply.",
    workers:
      "Only the workers role runs: it would triage queued tweets, post cards and send replies, " +
      "but no ingest role reads tweets and no bot answers button presses, so nothing happens.",
    bot:
      `Only the bot role runs: it answers button presses and commands (/help, /antrian, /statistik) in the ` +
      `Telegram simulator at ${telegramUrl}/, but no tweets are read and no cards are posted, so the groups stay empty.`,
  };
  return (
    `\nAduan demo, ${role} role alone. ${alone[role]}\n` +
    "The demo runs every role in one process: start it with `npm start` (no --role) to see tweets become " +
    "cards. --role is for deployments, one process per role on the same Redis. Ctrl-C stops.\n"
  );
}
