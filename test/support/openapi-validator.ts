import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import type { FormatsPlugin } from "ajv-formats";
import { createRequire } from "node:module";

// ajv-formats is CommonJS whose types only declare `export default`: NodeNext types a default
// import as the module object, so load it with require, where module.exports is the plugin.
const addFormats = createRequire(import.meta.url)("ajv-formats") as FormatsPlugin;

interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

export interface ValidationOutcome {
  ok: boolean;
  /** Which schema the body was checked against, e.g. `#/components/schemas/GetUsersMentionsResponse`. */
  schema: string;
  errors: string[];
}

/**
 * Validates HTTP response bodies against an OpenAPI 3 document: picks the response for the path
 * template, method and status (falling back to `default`), then the schema for the content type,
 * and runs it with ajv, `$ref`s resolved inside the same document.
 */
export class OpenApiValidator {
  readonly doc: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(file: string) {
    this.doc = JSON.parse(readFileSync(file, "utf8")) as OpenApiDocument;
    // strict: false because OpenAPI 3.0 adds keywords JSON Schema lacks (nullable, discriminator, example).
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const f of ["int32", "int64", "double", "float", "binary"]) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ components: this.doc.components }, "openapi");
  }

  /** The `$ref` of the schema for one response, e.g. `#/components/schemas/Problem`. */
  schemaRef(pathTemplate: string, method: string, status: number, contentType: string): string {
    const op = this.doc.paths[pathTemplate]?.[method.toLowerCase()];
    if (!op) throw new Error(`the spec has no ${method.toUpperCase()} ${pathTemplate}`);
    const response = op.responses?.[String(status)] ?? op.responses?.["default"];
    if (!response)
      throw new Error(
        `the spec has no response ${status} (nor default) for ${method.toUpperCase()} ${pathTemplate}`,
      );
    const media = contentType.split(";")[0]?.trim() ?? "";
    const schema = response.content?.[media]?.schema as { $ref?: string } | undefined;
    if (!schema?.$ref) {
      throw new Error(
        `the spec has no ${media} schema for ${status} of ${method.toUpperCase()} ${pathTemplate} (has: ${Object.keys(response.content ?? {}).join(", ")})`,
      );
    }
    return schema.$ref;
  }

  validate(
    pathTemplate: string,
    method: string,
    status: number,
    contentType: string,
    body: unknown,
  ): ValidationOutcome {
    const ref = this.schemaRef(pathTemplate, method, status, contentType);
    return { ...this.validateRef(ref, body), schema: ref };
  }

  /** Validates a value against one schema of the document, by `$ref` (`#/components/schemas/Post`). */
  validateRef(ref: string, value: unknown): ValidationOutcome {
    let fn = this.compiled.get(ref);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `openapi${ref}` });
      this.compiled.set(ref, fn);
    }
    const ok = fn(value);
    return {
      ok,
      schema: ref,
      errors: ok
        ? []
        : (fn.errors ?? []).map(
            (e) => `${e.instancePath || "(root)"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
          ),
    };
  }

  /** Property names a component schema declares (to catch fields the spec does not know). */
  propertiesOf(schemaName: string): Set<string> {
    return new Set(Object.keys(this.doc.components.schemas[schemaName]?.properties ?? {}));
  }
}
