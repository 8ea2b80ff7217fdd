/**
 * Runs each chat's tasks one after another, in the order they arrived, while different chats run
 * side by side. A batch of updates from getUpdates is handled concurrently, so after the bot was
 * down a citizen's backlog (the text, the photo, "Kirim laporan") would otherwise race: the press
 * could be read before the text it sends. Within one process only; webhook deployments get one
 * update per request and Telegram keeps a chat's updates in order while the previous one is open.
 */
export class PerChatOrder {
  private readonly tails = new Map<number, Promise<void>>();

  run<T>(chatId: number, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    // A failed task must not stop the chat's next one; its error still reaches its own caller.
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }

  /** Chats with a task running or waiting (for tests and metrics). */
  get busyChats(): number {
    return this.tails.size;
  }
}
