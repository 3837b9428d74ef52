import type { FastifyRequest } from "fastify";
import { decide, type Principal } from "../../access/index.js";
import {
  getLocale,
  type Locale,
  localeFromAcceptLanguage,
  type MessageKey,
  type MessageVars,
  type Translate,
  translator,
} from "../../i18n/index.js";
import { type ApiCode, ApiError } from "../errors.js";

/**
 * What the administration routes share: errors whose message comes from the `admin` catalog (so
 * the scope's error handler can answer in the caller's language), the one question asked of
 * access's rulebook (`administer`), and a reader of request bodies that names the field that is
 * missing, unknown or wrong and what it should hold.
 */

const RENDER = new WeakMap<Error, (translate: Translate) => string>();

/** A message of the catalogs: its key and values. */
export interface Message {
  key: MessageKey;
  vars?: MessageVars;
}

/**
 * An API error whose message is the catalog's `key` (with `hint`, a message of its own, as the
 * `{{hint}}` value), kept so that `inLanguage` can render it again in the caller's language.
 */
export function adminError(code: ApiCode, key: MessageKey, vars: MessageVars = {}, hint?: Message): ApiError {
  const render = (tr: Translate) => tr(key, hint ? { ...vars, hint: tr(hint.key, hint.vars) } : vars);
  const error = new ApiError(code, render(translator(getLocale())));
  RENDER.set(error, render);
  return error;
}

/** The error with its message in `locale` when adminError made it (any other error as it is). */
export function inLanguage<E>(error: E, locale: Locale): E {
  const render = error instanceof Error ? RENDER.get(error) : undefined;
  if (render) (error as Error).message = render(translator(locale));
  return error;
}

/** The language of a request: Accept-Language (the console sends the language it shows), Spanish by default. */
export function localeOf(request: FastifyRequest): Locale {
  return localeFromAcceptLanguage(request.headers["accept-language"]);
}

/** Refuses (403) a caller whose role may not administer, as the rulebook decides. */
export function requireAdmin(caller: Principal): void {
  if (!decide(caller, "administer").allowed)
    throw adminError("API_FORBIDDEN", "admin:forbidden", { role: caller.user.role });
}

/** How one field of a body is read: null when the value is not acceptable. */
export interface Field<T> {
  required: boolean;
  /** What the field holds, for the message when it is missing or wrong. */
  hint: MessageKey;
  hintVars?: MessageVars;
  read(value: unknown): { value: T } | null;
}

type Fields = Record<string, Field<unknown>>;
type Read<F extends Fields> = { [K in keyof F]: F[K] extends Field<infer T> ? T | undefined : never };

/** Reads a JSON body field by field: the first unknown, missing or wrong field is a 400 naming it. */
export function readBody<F extends Fields>(body: unknown, fields: F): Read<F> {
  const names = Object.keys(fields);
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw adminError("API_BAD_REQUEST", "admin:body.notObject", { fields: names.join(", ") });
  }
  const given = body as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(key in fields))
      throw adminError("API_BAD_REQUEST", "admin:field.unknown", { field: key, fields: names.join(", ") });
  }
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    const hint = { key: field.hint, vars: field.hintVars };
    if (given[name] === undefined) {
      if (field.required) throw adminError("API_BAD_REQUEST", "admin:field.missing", { field: name }, hint);
      continue;
    }
    const read = field.read(given[name]);
    if (!read) throw adminError("API_BAD_REQUEST", "admin:field.invalid", { field: name }, hint);
    out[name] = read.value;
  }
  return out as Read<F>;
}

/** A string of `min` to `max` characters (trimmed), matching `pattern` when given. */
export function text(
  hint: MessageKey,
  options: { min?: number; max: number; pattern?: RegExp; required?: boolean },
): Field<string> {
  return {
    required: options.required ?? true,
    hint,
    read(value) {
      if (typeof value !== "string") return null;
      const v = value.trim();
      if (v.length < (options.min ?? 1) || v.length > options.max) return null;
      if (options.pattern && !options.pattern.test(v)) return null;
      return { value: v };
    },
  };
}

/** One of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[], required = true): Field<T> {
  return {
    required,
    hint: "admin:hint.oneOf",
    hintVars: { allowed: allowed.join(", ") },
    read: (value) =>
      typeof value === "string" && (allowed as readonly string[]).includes(value) ? { value: value as T } : null,
  };
}

/** true or false. */
export function flag(hint: MessageKey = "admin:hint.boolean", required = true): Field<boolean> {
  return { required, hint, read: (value) => (typeof value === "boolean" ? { value } : null) };
}

/** A whole number from `min` to `max`, or null. */
export function wholeOrNull(hint: MessageKey, min: number, max: number): Field<number | null> {
  return {
    required: false,
    hint,
    read(value) {
      if (value === null) return { value: null };
      return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? { value } : null;
    },
  };
}

/** A string of up to `max` characters, or null (empty is null). */
export function textOrNull(hint: MessageKey, max: number): Field<string | null> {
  return {
    required: false,
    hint,
    read(value) {
      if (value === null) return { value: null };
      if (typeof value !== "string" || value.length > max) return null;
      return { value: value.trim() === "" ? null : value.trim() };
    },
  };
}
