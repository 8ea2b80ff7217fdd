import type { Session } from "./conversation.js";

/**
 * What the citizen side remembers between messages: the report being collected (a session that
 * expires on its own), each citizen's tickets, their limits and the block list. Implemented in
 * Redis by `redis/citizen-memory.ts`; shared by every bot process and the workers.
 */
export interface CitizenMemory {
  /** The session and its version (0: none), for a compare-and-set save. */
  load(userId: number): Promise<{ session: Session | null; version: number }>;
  /** Saves (or, with null, ends) the session if nobody saved since `version`; false: load again. */
  save(userId: number, version: number, session: Session | null, ttlSeconds: number): Promise<boolean>;
  /** True the first time this message is seen (each update handled once). */
  firstSight(chatId: number, messageId: number): Promise<boolean>;
  /** Messages of this citizen in the current minute, this one included. */
  countMessage(userId: number, nowMs: number): Promise<number>;
  /** Reports of this citizen on `day` (YYYY-MM-DD, WIB), this one included. */
  countReport(userId: number, day: string): Promise<number>;
  isBlocked(userId: number): Promise<boolean>;
  /** True once a day per blocked citizen: the one polite refusal. */
  firstRefusal(userId: number): Promise<boolean>;
  addTicket(userId: number, ticketId: string, receivedMs: number): Promise<void>;
  /** The citizen's ticket ids, newest first. */
  tickets(userId: number, limit?: number): Promise<string[]>;
  forgetTickets(userId: number): Promise<void>;
}
