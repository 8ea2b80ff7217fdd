import { describe, expect, it } from "vitest";
import { PerChatOrder } from "../src/telegram/per-chat-order.js";

const later = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe("a private chat's messages handled in the order they were sent", () => {
  it("runs one chat's tasks one after another even when the first is the slowest, and other chats alongside", async () => {
    const order = new PerChatOrder();
    const seen: string[] = [];
    const task = (name: string, ms: number) => async () => {
      seen.push(`${name} start`);
      await later(ms, null);
      seen.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      order.run(1, task("text", 30)),
      order.run(1, task("photo", 1)),
      order.run(2, task("other chat", 5)),
      order.run(1, task("Kirim laporan", 1)),
    ]);
    expect(results).toEqual(["text", "photo", "other chat", "Kirim laporan"]);
    const ofChat1 = seen.filter((s) => !s.startsWith("other"));
    expect(ofChat1).toEqual([
      "text start",
      "text end",
      "photo start",
      "photo end",
      "Kirim laporan start",
      "Kirim laporan end",
    ]);
    // The other chat did not wait for chat 1's slow text.
    expect(seen.indexOf("other chat end")).toBeLessThan(seen.indexOf("text end"));
    await later(0, null);
    expect(order.busyChats).toBe(0);
  });

  it("gives a failure to its own caller and still runs the chat's next task", async () => {
    const order = new PerChatOrder();
    const failed = order.run(7, async () => {
      throw new Error("Redis went away");
    });
    const next = order.run(7, async () => "handled");
    await expect(failed).rejects.toThrow("Redis went away");
    await expect(next).resolves.toBe("handled");
  });
});
