/** A fault to inject into the next calls of a Bot API method. */
export interface SimFault {
  /** Method name as called (case-insensitive), or "*" for every method. */
  method: string;
  /**
   * HTTP status to answer with instead of running the method (429 carries `retry_after`, 5xx a bare status).
   * Omit it (or give 200) to run the method normally and only delay or drop the response.
   */
  status?: number;
  /** How many calls the fault applies to. Default 1. */
  count?: number;
  /** `retry_after` seconds in a 429 body. Default 1. */
  retryAfter?: number;
  /** Wait this long before answering (or before running the method). */
  delayMs?: number;
  /** Run the method (the message is posted) but close the socket instead of answering: a lost response. */
  dropResponse?: boolean;
  /**
   * Never answer and never run the method, until the client gives up (closes the connection): a
   * server stuck before it did anything, so a retry is the only way the effect happens.
   */
  hang?: boolean;
  /** Description for an error status other than 429/5xx. Default "Bad Request: simulated fault". */
  description?: string;
  /** Only calls to this chat (`chat_id`), as when one citizen's private chat is gone. Default: any chat. */
  chatId?: number;
}

interface ArmedFault extends SimFault {
  remaining: number;
}

/** Faults waiting to fire, first added first used, each for `count` calls. */
export class FaultPlan {
  private faults: ArmedFault[] = [];

  add(fault: SimFault): void {
    this.faults.push({ ...fault, remaining: fault.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  list(): SimFault[] {
    return this.faults.map(({ remaining, ...fault }) => ({ ...fault, count: remaining }));
  }

  /** Takes the fault for this call, if one is armed for the method (and the chat, if it names one). */
  take(method: string, chatId?: number): SimFault | undefined {
    const wanted = method.toLowerCase();
    const fault = this.faults.find(
      (f) =>
        (f.method === "*" || f.method.toLowerCase() === wanted) &&
        (f.chatId === undefined || f.chatId === chatId),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }
}
