import type { TriageModel } from "../triage/triage.js";
import type { TriageVerdict } from "../triage/types.js";

/** A verdict as a person reads it in a terminal: the decisions first, then why. */
export function formatVerdict(v: TriageVerdict, model: TriageModel): string {
  const name = (id: string | null): string => {
    if (!id) return "-";
    const a = model.agencies.agencies.find((x) => x.id === id);
    return a ? `${id} (${a.name})` : id;
  };
  const loc = v.location;
  const where =
    loc.source === "none"
      ? "-"
      : [loc.street, loc.landmark, loc.neighbourhood, loc.kelurahan, loc.kecamatan]
          .filter(Boolean)
          .join(", ") + ` [${loc.source}]`;
  const lines = [
    `complaint   ${v.complaint ? "yes" : "no"}`,
    `kind        ${v.kind ?? "-"}`,
    `goes to     ${v.disposition ?? (v.complaint ? "agency" : "audit")}`,
    `agency      ${name(v.agency)}${v.complaint ? `  confidence ${v.confidence}` : ""}`,
    `candidates  ${v.candidates.map((c) => `${c.agency} ${c.score}`).join(", ") || "-"}`,
    `urgency     ${v.urgency}`,
    `location    ${where}`,
    `abusive     ${v.abusive ? "yes" : "no"}`,
    `external    ${v.external ?? "-"}`,
    "why:",
    ...v.evidence.map((e) => `  [${e.field}] ${e.reason}${e.match ? `  «${e.match}»` : ""}`),
  ];
  return lines.join("\n");
}
