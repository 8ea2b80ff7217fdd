import { z } from "zod";
import type { ReportKind } from "../triage/types.js";
import type { ConfigProblem } from "../config/config-error.js";
import { parseYaml, type ParseResult } from "../config/yaml-file.js";
import {
  fillTemplate,
  REPLY_KINDS,
  TEMPLATE_MARKER,
  weightedLength,
  type ReplyKind,
  type ReplyTemplates,
  type ReplyVariable,
  type TemplateText,
} from "./render-reply.js";

/**
 * `config/templates.yaml`: the citizen reply templates, validated once at start-up. Besides the
 * shape, each template is checked for the variables its kind can fill (a `{note}` in the
 * `received` reply would be published literally) and for leaving room within 280 characters.
 */

/** The variables the pipeline supplies for each kind; anything else is a config error. */
export const KIND_VARIABLES: Readonly<Record<ReplyKind, readonly ReplyVariable[]>> = {
  received: ["ticket", "agency", "handle"],
  resolved: ["ticket", "agency", "note", "handle"],
  resolved_no_note: ["ticket", "agency", "handle"],
  redirect: ["ticket", "agency", "redirect", "handle"],
  duplicate: ["ticket", "agency", "original", "handle"],
  rejected_duplicate: ["ticket", "agency", "original", "handle"],
  thanks: ["ticket", "handle"],
};

/** The variables a template of that kind must use, or the reply would say nothing useful. */
export const KIND_REQUIRED: Readonly<Record<ReplyKind, readonly ReplyVariable[]>> = {
  received: ["ticket"],
  resolved: ["ticket", "note"],
  resolved_no_note: ["ticket"],
  redirect: ["redirect"],
  duplicate: ["original"],
  rejected_duplicate: ["original"],
  thanks: ["ticket"],
};

/** Fixed text may use at most this much of the 280, so names and the note still fit. */
export const MAX_FIXED_WEIGHT = 200;

/** Problems with one template text (empty when it is fine). */
export function templateProblems(kind: ReplyKind, text: string): string[] {
  const problems: string[] = [];
  const used = [...text.matchAll(TEMPLATE_MARKER)].map((m) => m[1] ?? "");
  const allowed = KIND_VARIABLES[kind];
  for (const name of new Set(used)) {
    if (!(allowed as readonly string[]).includes(name)) {
      problems.push(
        `{${name}} cannot be filled in a \`${kind}\` reply; expected one of ${allowed.map((v) => `{${v}}`).join(", ")}`,
      );
    }
  }
  for (const name of KIND_REQUIRED[kind]) {
    if (!used.includes(name)) problems.push(`a \`${kind}\` reply must contain {${name}}`);
  }
  const fixed = weightedLength(
    fillTemplate(text, { ticket: "ADU-000000", original: "ADU-000000" }).replace(TEMPLATE_MARKER, ""),
  );
  if (fixed > MAX_FIXED_WEIGHT) {
    problems.push(
      `the fixed text weighs ${fixed} of X's 280; keep it within ${MAX_FIXED_WEIGHT} so names and notes fit`,
    );
  }
  return problems;
}

const templateText = z.object({ id: z.string().trim().min(1), en: z.string().trim().min(1) }).strict();

/** The report kinds a `received` variant may be written for (as triage names them). */
export const REPORT_KINDS = [
  "keluhan",
  "permintaan",
  "pertanyaan",
  "saran",
] as const satisfies readonly ReportKind[];

export const templatesFileSchema = z
  .object({
    ...(Object.fromEntries(REPLY_KINDS.map((k) => [k, templateText])) as Record<
      ReplyKind,
      typeof templateText
    >),
    received_by_kind: z
      .object(
        Object.fromEntries(REPORT_KINDS.map((k) => [k, templateText.optional()])) as Record<
          ReportKind,
          z.ZodOptional<typeof templateText>
        >,
      )
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((file, ctx) => {
    for (const kind of REPLY_KINDS) {
      for (const lang of ["id", "en"] as const) {
        for (const message of templateProblems(kind, file[kind][lang])) {
          ctx.addIssue({ code: "custom", path: [kind, lang], message });
        }
      }
    }
    // A variant stands in for `received`: the same variables, the same room.
    for (const report of REPORT_KINDS) {
      const variant = file.received_by_kind?.[report];
      if (!variant) continue;
      for (const lang of ["id", "en"] as const) {
        for (const message of templateProblems("received", variant[lang])) {
          ctx.addIssue({ code: "custom", path: ["received_by_kind", report, lang], message });
        }
      }
    }
  });

export function parseReplyTemplates(text: string, file: string): ParseResult<ReplyTemplates> {
  return parseYaml(text, file, templatesFileSchema);
}

/**
 * Checks an agency file's `templates:` overrides (keyed like templates.yaml). The agency loader
 * calls this so an override with an unknown kind or a variable that cannot be filled fails at
 * start-up like any other config error.
 */
export function validateTemplateOverrides(
  overrides: Readonly<Record<string, TemplateText>> | undefined,
  file: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [kind, texts] of Object.entries(overrides ?? {})) {
    if (!(REPLY_KINDS as readonly string[]).includes(kind)) {
      problems.push({
        file,
        path: `templates.${kind}`,
        message: `unknown reply kind; expected one of ${REPLY_KINDS.join(", ")}`,
      });
      continue;
    }
    for (const lang of ["id", "en"] as const) {
      for (const message of templateProblems(kind as ReplyKind, texts[lang])) {
        problems.push({ file, path: `templates.${kind}.${lang}`, message });
      }
    }
  }
  return problems;
}
