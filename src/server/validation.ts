import type { FastifyError, FastifySchema } from "fastify";
import { localize } from "../i18n/index.js";
import { ServerError } from "./errors.js";

/**
 * A route schema's refusal (Ajv's, through Fastify) as a 400 that a person can act on, in the
 * request's language: which field, and what it should hold — for a list of allowed values, the
 * values ("criticality debe ser uno de low, medium, high, critical"); for an unknown field, the
 * fields the route takes. Written from Ajv's error parameters, never from its English sentence.
 */

/** One Ajv error as Fastify hands it over (allErrors is off: the first one only). */
interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

type Where = "body" | "querystring" | "params" | "headers";

/** The field an error is about: `software[0].name` from `/software/0/name`, plus a missing or unknown property. */
function fieldOf(error: AjvError): string {
  const parts = error.instancePath
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  const extra = error.params.missingProperty ?? error.params.additionalProperty;
  if (typeof extra === "string") parts.push(extra);
  let field = "";
  for (const part of parts) field += /^\d+$/.test(part) ? `[${part}]` : field === "" ? part : `.${part}`;
  return field;
}

/** The properties the schema of `where` takes at the top level, for "the fields are …". */
function fieldsOf(schema: FastifySchema | undefined, where: Where): string {
  const part = (schema as Record<string, { properties?: Record<string, unknown> } | undefined> | undefined)?.[where];
  return Object.keys(part?.properties ?? {}).join(", ");
}

/** The catalog message of one Ajv error, and its values. */
function messageOf(error: AjvError, field: string, where: Where, schema: FastifySchema | undefined) {
  const p = error.params;
  const limit = String(p.limit ?? "");
  switch (error.keyword) {
    case "enum": {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues.map((v) => String(v)).join(", ") : "";
      return { key: "server:validation.enum" as const, vars: { field, allowed } };
    }
    case "const":
      return { key: "server:validation.const" as const, vars: { field, allowed: String(p.allowedValue) } };
    case "required":
      return { key: "server:validation.required" as const, vars: { field } };
    case "additionalProperties": {
      const fields = fieldsOf(schema, where);
      return error.instancePath === "" && fields !== ""
        ? { key: "server:validation.unknownOf" as const, vars: { field, fields } }
        : { key: "server:validation.unknown" as const, vars: { field } };
    }
    case "type":
      return {
        key: "server:validation.type" as const,
        vars: { field, type: String(p.type ?? "").replace(/,/g, " | ") },
      };
    case "minLength":
      return { key: "server:validation.minLength" as const, vars: { field, count: Number(limit) } };
    case "maxLength":
      return { key: "server:validation.maxLength" as const, vars: { field, count: Number(limit) } };
    case "minimum":
    case "exclusiveMinimum":
      return { key: "server:validation.minimum" as const, vars: { field, limit } };
    case "maximum":
    case "exclusiveMaximum":
      return { key: "server:validation.maximum" as const, vars: { field, limit } };
    case "minItems":
      return { key: "server:validation.minItems" as const, vars: { field, count: Number(limit) } };
    case "maxItems":
      return { key: "server:validation.maxItems" as const, vars: { field, count: Number(limit) } };
    case "minProperties":
      return { key: "server:validation.minProperties" as const, vars: { field: field || where } };
    case "pattern":
    case "format":
      return {
        key: "server:validation.format" as const,
        vars: { field, format: String(p.pattern ?? p.format ?? "") },
      };
    default:
      return { key: "server:validation.other" as const, vars: { field, reason: error.message ?? error.keyword } };
  }
}

/** The 400 of a schema refusal, its message from the catalogs (the host renders it in the request's language). */
export function validationError(error: FastifyError, schema?: FastifySchema): ServerError {
  const where = (error.validationContext ?? "body") as Where;
  const first = error.validation?.[0] as AjvError | undefined;
  const refusal = new ServerError("SERVER_BAD_REQUEST", `invalid request: ${error.message}`, { cause: error });
  if (!first) return refusal;
  // Names a caller sent (an unknown field) are cut short: the message repeats them.
  const field = (fieldOf(first) || where).slice(0, 100);
  const { key, vars } = messageOf(first, field, where, schema);
  return localize(refusal, key, vars);
}
