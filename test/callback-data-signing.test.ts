import { describe, expect, it } from "vitest";
import {
  CallbackDataError,
  decodeCallbackData,
  encodeCallbackData,
  type CallbackData,
} from "../src/core/callback-data.js";

const SECRET = "s3cret-for-tests-only";
const DISHUB_CHAT = -1001234567890;
const DLH_CHAT = -1009876543210;

const payloads: CallbackData[] = [
  { action: "claim", ticketId: "ADU-000123" },
  { action: "reassign_menu", ticketId: "ADU-000123" },
  { action: "reassign", ticketId: "ADU-000123", arg: "disperkim" },
  { action: "resolve_menu", ticketId: "ADU-000001" },
  { action: "resolve", ticketId: "ADU-999999" },
  { action: "reject_menu", ticketId: "ADU-000123" },
  { action: "reject", ticketId: "ADU-000123", arg: "bukan_aduan" },
  { action: "reject", ticketId: "ADU-000123", arg: "duplikat" },
  { action: "cancel", ticketId: "ADU-000123" },
  { action: "route_menu", ticketId: "ADU-000123" },
  { action: "route", ticketId: "ADU-1234567890", arg: "a_very_long_agency_id_of_32_char" },
  // The buttons under a held note name the plain message (Telegram message ids are 32-bit).
  { action: "note_send", ticketId: "ADUAN-123456789012", arg: "2147483647" },
  { action: "note_cancel", ticketId: "ADU-000123", arg: "4521" },
];

function errorOf(fn: () => unknown): CallbackDataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CallbackDataError) return e;
    throw e;
  }
  throw new Error("expected a CallbackDataError");
}

describe("callback data", () => {
  it.each(payloads)("$action on $ticketId survives the round trip in at most 64 bytes", (data) => {
    const encoded = encodeCallbackData(data, DISHUB_CHAT, SECRET);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(64);
    expect(decodeCallbackData(encoded, DISHUB_CHAT, SECRET)).toEqual(data);
  });

  it("a button copied into another group is refused", () => {
    const encoded = encodeCallbackData({ action: "claim", ticketId: "ADU-000123" }, DISHUB_CHAT, SECRET);
    expect(errorOf(() => decodeCallbackData(encoded, DLH_CHAT, SECRET)).code).toBe("bad_signature");
  });

  it("a button signed with another deployment's secret is refused", () => {
    const encoded = encodeCallbackData(
      { action: "claim", ticketId: "ADU-000123" },
      DISHUB_CHAT,
      "other-secret",
    );
    expect(errorOf(() => decodeCallbackData(encoded, DISHUB_CHAT, SECRET)).code).toBe("bad_signature");
  });

  it.each([
    ["another ticket", (s: string) => s.replace("ADU-000123", "ADU-000124")],
    ["another action", (s: string) => s.replace(/^1c/, "1s")],
    ["an added argument", (s: string) => s.replace("||", "|dishub|").replace(/^1c/, "1a")],
    ["a flipped signature character", (s: string) => s.slice(0, -1) + (s.endsWith("A") ? "B" : "A")],
    ["a truncated signature", (s: string) => s.slice(0, -2)],
  ])("a payload edited to %s is refused", (_what, tamper) => {
    const encoded = encodeCallbackData({ action: "claim", ticketId: "ADU-000123" }, DISHUB_CHAT, SECRET);
    const tampered = tamper(encoded);
    expect(tampered).not.toBe(encoded);
    expect(["bad_signature", "malformed"]).toContain(
      errorOf(() => decodeCallbackData(tampered, DISHUB_CHAT, SECRET)).code,
    );
  });

  it("a reassignment's target agency cannot be swapped", () => {
    const encoded = encodeCallbackData(
      { action: "reassign", ticketId: "ADU-000123", arg: "dishub" },
      DISHUB_CHAT,
      SECRET,
    );
    expect(
      errorOf(() => decodeCallbackData(encoded.replace("dishub", "dlh"), DISHUB_CHAT, SECRET)).code,
    ).toBe("bad_signature");
  });

  it.each([
    "",
    "hello",
    "1c|ADU-000123|",
    "9c|ADU-000123||abcdefghijkl",
    "1z|ADU-000123||abcdefghijkl",
    "1c|123||abcdefghijkl",
    "1a|ADU-000123||abcdefghijkl",
    "x".repeat(65),
  ])("foreign data %j is refused as malformed", (data) => {
    expect(errorOf(() => decodeCallbackData(data, DISHUB_CHAT, SECRET)).code).toBe("malformed");
  });

  it("old cards keep working after the group became a supergroup when the former id is given", () => {
    const encoded = encodeCallbackData({ action: "claim", ticketId: "ADU-000123" }, -4001234, SECRET);
    expect(decodeCallbackData(encoded, [DISHUB_CHAT, -4001234], SECRET).action).toBe("claim");
  });

  it.each([
    [{ action: "reassign", ticketId: "ADU-000123" } as CallbackData],
    [{ action: "claim", ticketId: "ADU-000123", arg: "dishub" } as CallbackData],
    [{ action: "route", ticketId: "ADU-000123", arg: "Dishub Kota" } as CallbackData],
    [{ action: "claim", ticketId: "tiket 5" } as CallbackData],
  ])("%o cannot be encoded", (data) => {
    expect(errorOf(() => encodeCallbackData(data, DISHUB_CHAT, SECRET)).code).toBe("invalid");
  });
});
