import type { TicketStore } from "./ticket-store.js";

type Args<K extends keyof TicketStore> = Parameters<TicketStore[K]>;

/**
 * The base of a `TicketStore` decorator: every method passes its arguments through to the store it
 * wraps, all of them (a hand-written pass-through once dropped `setTelegramMessage`'s fourth
 * argument, and TypeScript accepts a method with fewer parameters). A decorator overrides only the
 * doors it watches.
 */
export abstract class TicketStoreDecorator implements TicketStore {
  constructor(protected readonly inner: TicketStore) {}

  createFromTweet(...a: Args<"createFromTweet">) {
    return this.inner.createFromTweet(...a);
  }
  get(...a: Args<"get">) {
    return this.inner.get(...a);
  }
  getByTweetId(...a: Args<"getByTweetId">) {
    return this.inner.getByTweetId(...a);
  }
  transition(...a: Args<"transition">) {
    return this.inner.transition(...a);
  }
  setTelegramMessage(...a: Args<"setTelegramMessage">) {
    return this.inner.setTelegramMessage(...a);
  }
  addReporter(...a: Args<"addReporter">) {
    return this.inner.addReporter(...a);
  }
  removeReporter(...a: Args<"removeReporter">) {
    return this.inner.removeReporter(...a);
  }
  eraseCitizen(...a: Args<"eraseCitizen">) {
    return this.inner.eraseCitizen(...a);
  }
  recordReply(...a: Args<"recordReply">) {
    return this.inner.recordReply(...a);
  }
  getByReplyTweetId(...a: Args<"getByReplyTweetId">) {
    return this.inner.getByReplyTweetId(...a);
  }
  appendEvent(...a: Args<"appendEvent">) {
    return this.inner.appendEvent(...a);
  }
  listOpen(...a: Args<"listOpen">) {
    return this.inner.listOpen(...a);
  }
  listByStatus(...a: Args<"listByStatus">) {
    return this.inner.listByStatus(...a);
  }
  countByStatus(...a: Args<"countByStatus">) {
    return this.inner.countByStatus(...a);
  }
  countByStatusAndAgency(...a: Args<"countByStatusAndAgency">) {
    return this.inner.countByStatusAndAgency(...a);
  }
  listReceivedBetween(...a: Args<"listReceivedBetween">) {
    return this.inner.listReceivedBetween(...a);
  }
  claimEffect(...a: Args<"claimEffect">) {
    return this.inner.claimEffect(...a);
  }
  completeEffect(...a: Args<"completeEffect">) {
    return this.inner.completeEffect(...a);
  }
  releaseEffect(...a: Args<"releaseEffect">) {
    return this.inner.releaseEffect(...a);
  }
  getEffect(...a: Args<"getEffect">) {
    return this.inner.getEffect(...a);
  }
}
