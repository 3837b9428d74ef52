import type { FastifyError, FastifyInstance } from "fastify";
import { decide, type Principal } from "../../access/index.js";
import type { MessageKey } from "../../i18n/index.js";
import { ALERT_KINDS, ALERT_STATUSES, type Organization, type Store } from "../../store/index.js";
import { adminError, inLanguage, localeOf } from "../admin/input.js";

/**
 * What the detection routes (POST /logs, /alerts) share: every refusal in the caller's language
 * (Accept-Language, Spanish by default) naming the parameter or field that is wrong and what it
 * should hold — the schema's refusals too, turned from Ajv's English into the catalog's words —
 * and the organization a caller names, as access's rulebook lets it see it.
 */

/** The hint of each parameter and body field of the detection routes. */
const HINTS: Record<string, { key: MessageKey; vars?: Record<string, string> }> = {
  kind: { key: "detect:api.hint.kind", vars: { allowed: ALERT_KINDS.join(", ") } },
  status: { key: "detect:api.hint.status", vars: { allowed: ALERT_STATUSES.join(", ") } },
  indicator: { key: "detect:api.hint.indicator" },
  value: { key: "detect:api.hint.value" },
  from: { key: "detect:api.hint.time" },
  to: { key: "detect:api.hint.time" },
  limit: { key: "detect:api.hint.limit" },
  after: { key: "detect:api.hint.after" },
  org: { key: "detect:api.hint.org" },
  bucket: { key: "detect:api.hint.bucket" },
  note: { key: "detect:api.hint.note" },
  name: { key: "detect:api.hint.name" },
  format: { key: "detect:api.hint.format", vars: { allowed: "zeek, eve, mapped" } },
  mapping: { key: "detect:api.hint.mapping" },
  id: { key: "detect:api.hint.id" },
};

/** The hint of the body's `status` (one status, not a list). */
const STATUS_ONE = { key: "detect:api.hint.statusOne" as const, vars: { allowed: ALERT_STATUSES.join(", ") } };

/** A 400 naming `field` (a parameter or body field) and what it should hold. */
export function badField(field: string, body = false): Error {
  const hint = body && field === "status" ? STATUS_ONE : (HINTS[field] ?? { key: "detect:api.hint.body" as const });
  return adminError("API_BAD_REQUEST", "detect:api.field.invalid", { field }, hint);
}

/** Answers this scope's errors in the caller's language; a schema refusal names its field. */
export function localizeErrors(app: FastifyInstance, fields: Record<string, readonly string[]>): void {
  app.setErrorHandler((error, request) => {
    const validation = (error as FastifyError).validation;
    if (validation && validation.length > 0)
      throw inLanguage(fromValidation(error as FastifyError, fields), localeOf(request));
    throw inLanguage(error, localeOf(request));
  });
}

function fromValidation(error: FastifyError, fields: Record<string, readonly string[]>): Error {
  const [first] = error.validation ?? [];
  const params = (first?.params ?? {}) as { missingProperty?: string; additionalProperty?: string };
  const where = error.validationContext ?? "querystring";
  const known = fields[where] ?? [];
  if (params.additionalProperty !== undefined)
    return adminError("API_BAD_REQUEST", "detect:api.field.unknown", {
      field: params.additionalProperty,
      fields: known.join(", "),
    });
  if (params.missingProperty !== undefined)
    return adminError(
      "API_BAD_REQUEST",
      "detect:api.field.missing",
      { field: params.missingProperty },
      HINTS[params.missingProperty] ?? { key: "detect:api.hint.body" },
    );
  const path = (first?.instancePath ?? "").replace(/^\//, "").split("/")[0] ?? "";
  if (path === "")
    return adminError("API_BAD_REQUEST", "detect:api.field.invalid", { field: where }, { key: "detect:api.hint.body" });
  return badField(path, where === "body");
}

/** A comma-separated list of allowed words, or the 400 naming `field`. */
export function wordList<T extends string>(field: string, value: string | undefined, allowed: readonly T[]): T[] {
  if (value === undefined) return [];
  const words = value.split(",").map((w) => w.trim());
  if (words.some((w) => !(allowed as readonly string[]).includes(w))) throw badField(field);
  return words as T[];
}

/** An ISO 8601 date or instant, or the 400 naming `field`. */
export function instant(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(Date.parse(value))) throw badField(field);
  return new Date(Date.parse(value)).toISOString();
}

/**
 * The organization a caller names (id or name) for `action`: one outside what the rulebook lets
 * it see is answered exactly like one that does not exist (404); one it sees but may not act on
 * is a 403 with `forbidden`.
 */
export async function visibleOrg(
  store: Store,
  caller: Principal,
  param: string,
  action: "alert.read" | "detect.run",
  forbidden: MessageKey,
): Promise<Organization> {
  const org = await store.directory.findOrganization(param);
  const decision = org ? decide(caller, action, { kind: "organization", orgId: org.id }) : null;
  if (!org || !decision || (!decision.allowed && decision.hidden))
    throw adminError("API_NOT_FOUND", "detect:api.orgNotFound", { org: param });
  if (!decision.allowed) throw adminError("API_FORBIDDEN", forbidden, { role: caller.user.role });
  return org;
}
