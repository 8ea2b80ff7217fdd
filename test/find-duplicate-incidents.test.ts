import { describe, expect, it } from "vitest";
import { findDuplicate } from "../src/core/find-duplicate.js";
import { createTicket } from "../src/core/lifecycle.js";
import type { Ticket } from "../src/core/ticket.js";
import type { TriageLocation, TriageVerdict } from "../src/triage/types.js";

function verdict(
  agency: string,
  location: TriageLocation,
  topics: string[],
  extra: Partial<TriageVerdict> = {},
): TriageVerdict {
  return {
    id: "1",
    complaint: true,
    agency,
    confidence: 0.8,
    candidates: [{ agency, score: 3 }],
    urgency: "normal",
    location,
    abusive: false,
    external: null,
    evidence: topics.map((match) => ({ field: "agency" as const, reason: "keyword", match })),
    ...extra,
  };
}

function open(id: string, v: TriageVerdict, receivedAt: string): Ticket {
  const t = createTicket(
    id,
    {
      id: id.replace(/\D/g, ""),
      author_id: "1",
      author_username: "warga",
      text: "…",
      created_at: receivedAt,
      url: "https://x.com/warga/status/1",
      mentions_us: true,
    },
    v,
    receivedAt,
  );
  return { ...t, status: "dispatched" };
}

const kosambi: TriageLocation = { source: "text", kecamatan: "Batununggal", landmark: "Pasar Kosambi" };
const sampah = verdict("dlh", kosambi, ["sampah"]);
const NOW = "2026-11-28T03:00:00.000Z";

describe("finding the open incident a complaint repeats", () => {
  it("joins a complaint to the open ticket at the same landmark about the same thing", () => {
    const original = open("ADU-000001", sampah, "2026-11-27T03:00:00.000Z");
    expect(findDuplicate(sampah, NOW, [original])?.original.id).toBe("ADU-000001");
  });

  it("picks the oldest of several matching tickets as the incident", () => {
    const a = open("ADU-000002", sampah, "2026-11-27T05:00:00.000Z");
    const b = open("ADU-000001", sampah, "2026-11-26T05:00:00.000Z");
    expect(findDuplicate(sampah, NOW, [a, b])?.original.id).toBe("ADU-000001");
  });

  it.each([
    [
      "another agency",
      open("ADU-000001", verdict("dsdabm", kosambi, ["sampah"]), "2026-11-27T03:00:00.000Z"),
    ],
    [
      "another place",
      open(
        "ADU-000001",
        verdict("dlh", { source: "text", street: "Jalan Pagarsih" }, ["sampah"]),
        "2026-11-27T03:00:00.000Z",
      ),
    ],
    [
      "another topic",
      open("ADU-000001", verdict("dlh", kosambi, ["bau sungai"]), "2026-11-27T03:00:00.000Z"),
    ],
    ["too long ago", open("ADU-000001", sampah, "2026-11-20T03:00:00.000Z")],
  ])("does not join a ticket of %s", (_why, other) => {
    expect(findDuplicate(sampah, NOW, [other])).toBeNull();
  });

  it("never joins a complaint whose only place is a kecamatan", () => {
    const wide = verdict("dlh", { source: "text", kecamatan: "Batununggal" }, ["sampah"]);
    expect(findDuplicate(wide, NOW, [open("ADU-000001", wide, "2026-11-27T03:00:00.000Z")])).toBeNull();
  });

  it("leaves abusive tweets to moderation instead of joining them", () => {
    const rude = verdict("dlh", kosambi, ["sampah"], { abusive: true });
    expect(findDuplicate(rude, NOW, [open("ADU-000001", sampah, "2026-11-27T03:00:00.000Z")])).toBeNull();
  });
});
