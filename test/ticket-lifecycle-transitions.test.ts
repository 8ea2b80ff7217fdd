import { describe, expect, it } from "vitest";
import {
  allowedActions,
  applyTransition,
  TransitionRefusedError,
  type TicketAction,
  type TicketActionType,
} from "../src/core/lifecycle.js";
import type { Ticket, TicketStatus } from "../src/core/ticket.js";
import { sampleTicket } from "./support/sample-ticket.js";

const AT = "2026-11-28T08:00:00.000Z";
const LATER = "2026-11-28T09:30:00.000Z";
const SARI = { id: 5001, name: "Sari (DSDABM)" };

const ACTIONS: Record<TicketActionType, TicketAction> = {
  dispatch: { type: "dispatch" },
  claim: { type: "claim", assignee: SARI },
  reassign: { type: "reassign", agency: "dishub" },
  resolve: { type: "resolve", note: "Lubang sudah ditambal" },
  reject: { type: "reject", reason: "spam" },
  merge: { type: "merge", into: "ADU-000100" },
  unmerge: { type: "unmerge", note: "ADU-000100 ditolak" },
  reopen: { type: "reopen", reason: "Warga lapor masih bolong" },
  redirect: { type: "redirect", external: "pln" },
  mark_not_complaint: { type: "mark_not_complaint" },
  restore_report: { type: "restore_report" },
  set_kind: { type: "set_kind", kind: "saran" },
};

const STATUSES: TicketStatus[] = [
  "new",
  "dispatched",
  "claimed",
  "resolved",
  "rejected",
  "merged",
  "redirected",
  "not_complaint",
];

/** Where each action leads from each status; absent = refused. */
const EXPECTED: Record<TicketStatus, Partial<Record<TicketActionType, TicketStatus>>> = {
  new: {
    dispatch: "dispatched",
    reject: "rejected",
    merge: "merged",
    redirect: "redirected",
    mark_not_complaint: "not_complaint",
    set_kind: "new",
  },
  dispatched: {
    claim: "claimed",
    reassign: "dispatched",
    resolve: "resolved",
    reject: "rejected",
    merge: "merged",
    set_kind: "dispatched",
  },
  claimed: {
    reassign: "dispatched",
    resolve: "resolved",
    reject: "rejected",
    merge: "merged",
    set_kind: "claimed",
  },
  resolved: { reopen: "dispatched" },
  rejected: {},
  merged: { unmerge: "dispatched" },
  redirected: {},
  not_complaint: { restore_report: "new" },
};

function inStatus(status: TicketStatus): Ticket {
  return sampleTicket({ status, ...(status === "claimed" ? { assignee: SARI } : {}) });
}

const cases = STATUSES.flatMap((status) =>
  (Object.keys(ACTIONS) as TicketActionType[]).map((action) => ({
    status,
    action,
    to: EXPECTED[status][action] ?? null,
  })),
);

describe("ticket lifecycle", () => {
  it.each(cases.filter((c) => c.to !== null))(
    "$action on a $status ticket leads to $to",
    ({ status, action, to }) => {
      const before = inStatus(status);
      const { ticket, event } = applyTransition(before, ACTIONS[action], AT, "tg:5001");
      expect(ticket.status).toBe(to);
      expect(ticket.history).toEqual([...before.history, event]);
      expect(event.at).toBe(AT);
      expect(event.actor).toBe("tg:5001");
      expect(before.status).toBe(status);
    },
  );

  it.each(cases.filter((c) => c.to === null))(
    "$action on a $status ticket is refused with the current status",
    ({ status, action }) => {
      const before = inStatus(status);
      let error: unknown;
      try {
        applyTransition(before, ACTIONS[action], AT, "tg:5001");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransitionRefusedError);
      const refused = error as TransitionRefusedError;
      expect(refused.code).toBe("status");
      expect(refused.status).toBe(status);
      expect(refused.ticket?.id).toBe("ADU-000123");
    },
  );

  it("the allowed actions per status match the table the keyboards are built from", () => {
    for (const status of STATUSES) {
      expect(allowedActions(status).sort()).toEqual(Object.keys(EXPECTED[status]).sort());
    }
  });

  it("a second staff member cannot claim a ticket someone already claimed", () => {
    const claimed = applyTransition(inStatus("dispatched"), ACTIONS.claim, AT, "tg:5001").ticket;
    expect(() =>
      applyTransition(claimed, { type: "claim", assignee: { id: 7, name: "Budi" } }, LATER, "tg:7"),
    ).toThrow(TransitionRefusedError);
  });
});

describe("milestones", () => {
  it("dispatch sets dispatched_at and the agency the card went to", () => {
    const { ticket, event } = applyTransition(
      inStatus("new"),
      { type: "dispatch", agency: "dlh" },
      AT,
      "system",
    );
    expect(ticket.dispatched_at).toBe(AT);
    expect(ticket.agency).toBe("dlh");
    expect(event).toMatchObject({ type: "dispatched", from: "new", to: "dlh" });
  });

  it("dispatch without any agency is refused as a bad argument", () => {
    expect(() => applyTransition(sampleTicket({ agency: null }), { type: "dispatch" }, AT, "system")).toThrow(
      expect.objectContaining({ code: "bad_argument" }),
    );
  });

  it("the first claim sets first_response_at and a later claim after reassignment keeps it", () => {
    let t = applyTransition(inStatus("new"), ACTIONS.dispatch, AT, "system").ticket;
    t = applyTransition(t, ACTIONS.claim, LATER, "tg:5001").ticket;
    expect(t.first_response_at).toBe(LATER);
    expect(t.assignee).toEqual(SARI);
    t = applyTransition(t, ACTIONS.reassign, "2026-11-28T10:00:00.000Z", "tg:5001").ticket;
    expect(t.assignee).toBeUndefined();
    expect(t.dispatched_at).toBe(AT);
    t = applyTransition(
      t,
      { type: "claim", assignee: { id: 8, name: "Asep" } },
      "2026-11-28T11:00:00.000Z",
      "tg:8",
    ).ticket;
    expect(t.first_response_at).toBe(LATER);
  });

  it("reassign records the old and new agency and frees the assignee", () => {
    const { ticket, event } = applyTransition(
      inStatus("claimed"),
      { type: "reassign", agency: "dishub", note: "ini lampu PJU" },
      AT,
      "tg:5001",
    );
    expect(ticket.status).toBe("dispatched");
    expect(ticket.agency).toBe("dishub");
    expect(ticket.assignee).toBeUndefined();
    expect(event).toMatchObject({ type: "reassigned", from: "dsdabm", to: "dishub", note: "ini lampu PJU" });
  });

  it("reassigning to the agency that already owns the ticket is refused", () => {
    expect(() =>
      applyTransition(inStatus("dispatched"), { type: "reassign", agency: "dsdabm" }, AT, "tg:1"),
    ).toThrow(expect.objectContaining({ code: "same_agency" }));
  });

  it("a changed kind keeps the status, triage's kind and the assignee, and records both kinds", () => {
    const before = inStatus("claimed");
    const { ticket, event } = applyTransition(
      before,
      { type: "set_kind", kind: "permintaan" },
      AT,
      "tg:5001",
    );
    expect(ticket).toMatchObject({ status: "claimed", kind: "permintaan", assignee: SARI });
    expect(ticket.triage.kind).toBe(before.triage.kind);
    expect(event).toMatchObject({ type: "kind_changed", from: before.triage.kind ?? "-", to: "permintaan" });
    expect(() => applyTransition(ticket, { type: "set_kind", kind: "permintaan" }, LATER, "tg:1")).toThrow(
      expect.objectContaining({ code: "same_kind" }),
    );
  });

  it("resolving without a claim counts as the first response and keeps the note", () => {
    const { ticket, event } = applyTransition(inStatus("dispatched"), ACTIONS.resolve, AT, "tg:5001");
    expect(ticket.resolved_at).toBe(AT);
    expect(ticket.first_response_at).toBe(AT);
    expect(ticket.resolution_note).toBe("Lubang sudah ditambal");
    expect(event).toMatchObject({
      type: "resolved",
      from: "dispatched",
      to: "resolved",
      note: "Lubang sudah ditambal",
    });
  });

  it("reopening clears the resolution so reports measure the next one", () => {
    const resolved = applyTransition(inStatus("claimed"), ACTIONS.resolve, AT, "tg:5001").ticket;
    const { ticket, event } = applyTransition(resolved, ACTIONS.reopen, LATER, "tg:9");
    expect(ticket.status).toBe("dispatched");
    expect(ticket.resolved_at).toBeUndefined();
    expect(ticket.resolution_note).toBeUndefined();
    expect(ticket.assignee).toBeUndefined();
    expect(event).toMatchObject({
      type: "reopened",
      from: "resolved",
      to: "dispatched",
      note: "Warga lapor masih bolong",
    });
  });

  it.each([
    [{ type: "reject", reason: "duplikat" } as TicketAction, "bad_argument"],
    [{ type: "reject", reason: "duplikat", duplicateOf: "123" } as TicketAction, "bad_argument"],
    [{ type: "reject", reason: "duplikat", duplicateOf: "ADU-000123" } as TicketAction, "bad_argument"],
    [{ type: "merge", into: "ADU-000123" } as TicketAction, "bad_argument"],
  ])("%o is refused as %s", (action, code) => {
    expect(() => applyTransition(inStatus("dispatched"), action, AT, "tg:1")).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it("a duplicate rejection names the original ticket in the history", () => {
    const { ticket, event } = applyTransition(
      inStatus("dispatched"),
      { type: "reject", reason: "duplikat", duplicateOf: "ADU-000042" },
      AT,
      "tg:1",
    );
    expect(ticket.status).toBe("rejected");
    expect(event).toMatchObject({ type: "rejected", to: "rejected", note: "duplikat ADU-000042" });
  });

  it("not a complaint is stored as such, as a rejection by the system", () => {
    const { ticket, event } = applyTransition(inStatus("new"), ACTIONS.mark_not_complaint, AT, "system");
    expect(ticket.status).toBe("not_complaint");
    expect(ticket.first_response_at).toBeUndefined();
    expect(event).toMatchObject({ type: "rejected", from: "new", to: "not_complaint" });
  });

  it("a report triage kept as not a complaint comes back to the desk as new, by the staff member, verdict untouched", () => {
    const kept = applyTransition(inStatus("new"), ACTIONS.mark_not_complaint, AT, "system").ticket;
    const { ticket, event } = applyTransition(kept, ACTIONS.restore_report, LATER, "tg:5001");
    expect(ticket.status).toBe("new");
    expect(ticket.triage).toEqual(kept.triage);
    expect(ticket.dispatched_at).toBeUndefined();
    expect(event).toEqual({
      at: LATER,
      type: "restored",
      actor: "tg:5001",
      from: "not_complaint",
      to: "new",
    });
    expect(ticket.history.at(-1)).toEqual(event);
    // Once back, it is routed by hand like any desk ticket; a second restore is refused.
    expect(
      applyTransition(ticket, { type: "dispatch", agency: "dsdabm" }, LATER, "tg:5001").ticket.status,
    ).toBe("dispatched");
    expect(() => applyTransition(ticket, ACTIONS.restore_report, LATER, "tg:5001")).toThrow(
      TransitionRefusedError,
    );
  });

  it("a redirect to PLN moves the ticket to the external agency", () => {
    const { ticket, event } = applyTransition(inStatus("new"), ACTIONS.redirect, AT, "system");
    expect(ticket.agency).toBe("pln");
    expect(event).toMatchObject({ type: "redirected", to: "pln" });
  });

  it("merging points at the incident it joined", () => {
    const { event } = applyTransition(inStatus("new"), ACTIONS.merge, AT, "system");
    expect(event).toMatchObject({ type: "merged", from: "new", to: "ADU-000100" });
  });
});
