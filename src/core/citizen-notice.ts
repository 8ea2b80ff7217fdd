/**
 * What a citizen on Telegram is told about their report, each once per round: it was received
 * (with the agency, or the city's triage desk), joined an open report, belongs elsewhere, is not a
 * report, was claimed, resolved (with the staff note), reopened, or rejected.
 */
export const CITIZEN_NOTICES = [
  "received",
  "duplicate",
  "redirect",
  "not_report",
  "claimed",
  "resolved",
  "reopened",
  "rejected",
] as const;
export type CitizenNotice = (typeof CITIZEN_NOTICES)[number];
