import { badRequest } from "./bot-api-error.js";

/** A file a client uploaded in a multipart request. */
export interface UploadedFile {
  kind: "upload";
  fileName: string;
  contentType: string;
  data: Buffer;
}

/** Splits a `multipart/form-data` body into its fields; file parts keep their bytes. */
export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw badRequest("multipart body without a boundary");
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string | UploadedFile> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // A part is CRLF, headers, CRLF CRLF, content, CRLF, then the next delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
      if (name !== undefined) {
        fields[name] =
          fileName === undefined
            ? content.toString("utf8")
            : {
                kind: "upload",
                fileName,
                contentType: partType ?? guessContentType(fileName),
                data: Buffer.from(content),
              };
      }
    }
    start = next;
  }
  return fields;
}

function guessContentType(fileName: string): string {
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  const known: Record<string, string> = {
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    csv: "text/csv",
    txt: "text/plain",
    pdf: "application/pdf",
    json: "application/json",
  };
  return known[ext] ?? "application/octet-stream";
}

function isUpload(value: unknown): value is UploadedFile {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "upload";
}

/**
 * A method's parameters as Telegram reads them: from JSON, a form or a query string, where every scalar may arrive
 * as a string and objects (reply_markup, reply_parameters…) may arrive JSON-serialised.
 */
export class MethodParams {
  constructor(private readonly raw: Record<string, unknown>) {}

  has(name: string): boolean {
    const value = this.raw[name];
    return value !== undefined && value !== null && value !== "";
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw badRequest(`field "${name}" must be a string`);
  }

  requiredString(name: string, emptyMessage = `${name} is empty`): string {
    const value = this.string(name);
    if (value === undefined || value === "") throw badRequest(emptyMessage);
    return value;
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (!Number.isInteger(n)) throw badRequest(`field "${name}" must be an Integer`);
    return n;
  }

  requiredInt(name: string, emptyMessage = `${name} is empty`): number {
    const value = this.int(name);
    if (value === undefined) throw badRequest(emptyMessage);
    return value;
  }

  float(name: string): number | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (!Number.isFinite(n)) throw badRequest(`field "${name}" must be a Float`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value === "boolean") return value;
    if (value === "true" || value === "1" || value === 1) return true;
    if (value === "false" || value === "0" || value === 0) return false;
    throw badRequest(`field "${name}" must be a Boolean`);
  }

  /** An object or array parameter, accepted both as JSON and JSON-serialised in a string (as Telegram does). */
  json(name: string): unknown {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }

  /** A file parameter: an upload, or a string (file_id or HTTP URL). */
  file(name: string): UploadedFile | string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null || value === "") return undefined;
    if (isUpload(value)) return value;
    if (typeof value === "string") {
      // A multipart request may point at another part with attach://<name>.
      const attached = /^attach:\/\/(.+)$/.exec(value)?.[1];
      if (attached !== undefined) {
        const part = this.raw[attached];
        if (isUpload(part)) return part;
        throw badRequest(`file "${attached}" must be uploaded as a multipart part`);
      }
      return value;
    }
    throw badRequest(`wrong type of the field "${name}"`);
  }
}
