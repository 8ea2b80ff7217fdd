import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";

/** The Telegram Bot API spec (PaulSonOfLars/telegram-bot-api-spec, MIT), shipped with the tests. */
export const TELEGRAM_SPEC_FILE = fileURLToPath(new URL("../specs/telegram-bot-api.json", import.meta.url));

interface SpecField {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}

interface SpecType {
  name: string;
  fields?: SpecField[];
  subtypes?: string[];
}

interface SpecMethod {
  name: string;
  returns: string[];
}

export interface TelegramSpec {
  version: string;
  types: Record<string, SpecType>;
  methods: Record<string, SpecMethod>;
}

type JsonSchema = Record<string, unknown>;

const ROOT_ID = "telegram-bot-api";

/** JSON Schema for one of the spec's type expressions: `Integer`, `Array of Array of PhotoSize`, `Message`… */
export function typeExpressionSchema(expression: string): JsonSchema {
  const array = /^Array of (.+)$/.exec(expression);
  if (array) return { type: "array", items: typeExpressionSchema(array[1] as string) };
  switch (expression) {
    case "Integer":
      return { type: "integer" };
    case "Float":
      return { type: "number" };
    case "String":
      return { type: "string" };
    case "Boolean":
      return { type: "boolean" };
    case "True":
      return { const: true };
    case "InputFile":
      return { type: "string" };
    default:
      return { $ref: `${ROOT_ID}#/definitions/${expression}` };
  }
}

function unionSchema(expressions: string[]): JsonSchema {
  const schemas = expressions.map(typeExpressionSchema);
  return schemas.length === 1 ? (schemas[0] as JsonSchema) : { anyOf: schemas };
}

/**
 * A field whose description says `always "creator"` holds exactly that string: making it a `const` is what lets
 * a union such as ChatMember tell its members apart.
 */
function fieldSchema(field: SpecField): JsonSchema {
  const always = /\balways ["“]([a-z_]+)["”]/.exec(field.description);
  if (field.types.length === 1 && field.types[0] === "String" && always) return { const: always[1] };
  return unionSchema(field.types);
}

function typeSchema(type: SpecType): JsonSchema {
  if (type.subtypes && type.subtypes.length > 0) return { anyOf: type.subtypes.map(typeExpressionSchema) };
  if (!type.fields) return { type: "object" };
  return {
    type: "object",
    properties: Object.fromEntries(type.fields.map((f) => [f.name, fieldSchema(f)])),
    required: type.fields.filter((f) => f.required).map((f) => f.name),
    // A field the spec does not define is one the simulator invented.
    additionalProperties: false,
  };
}

/** Every type of the spec as a JSON Schema definition, in one document other schemas `$ref` into. */
export function specToJsonSchema(spec: TelegramSpec): JsonSchema {
  return {
    $id: ROOT_ID,
    definitions: Object.fromEntries(Object.values(spec.types).map((t) => [t.name, typeSchema(t)])),
  };
}

export function loadTelegramSpec(file = TELEGRAM_SPEC_FILE): TelegramSpec {
  return JSON.parse(readFileSync(file, "utf8")) as TelegramSpec;
}

/** Validates values against the spec's types and methods' return types; errors are readable strings. */
export class TelegramSpecValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly spec: TelegramSpec = loadTelegramSpec()) {
    this.ajv.addSchema(specToJsonSchema(spec));
  }

  /** Errors for `value` as the type expression (or `|`-joined union) says; empty when it conforms. */
  validateType(expression: string, value: unknown): string[] {
    return this.run(expression, () => unionSchema(expression.split("|")), value);
  }

  /** Errors for a method's `result`, checked against the spec's declared return type(s). */
  validateResult(method: string, value: unknown): string[] {
    const declared = this.spec.methods[method];
    if (!declared) return [`the spec has no method ${method}`];
    return this.validateType(declared.returns.join("|"), value);
  }

  private run(key: string, build: () => JsonSchema, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(build());
      this.compiled.set(key, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.instancePath || "(root)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)}`,
    );
  }
}
