import { type Locale, localize, type MessageKey, type MessageVars, messageFor, messageIn } from "../i18n/index.js";

/**
 * The one shape of every module's errors: a code, the HTTP status it answers with wherever it
 * surfaces (TAXII, REST API, CLI exit messages), and a message saying what was wrong and what to
 * do. A module writes its codes as a table and gets its error class from `defineErrors`; the
 * server answers any CodedError with its own code and status, so no transport maps them again.
 */

/** One code of a module's table: the HTTP status it answers with and its message template. */
export interface CodeSpec {
  readonly status: number;
  /** Used when the error is raised without a message; `{name}` is filled from the params given. */
  readonly message: string;
  /**
   * The catalog message used instead of `message` when the error is raised without one (its
   * params as the message's values), so the error reads in the reader's language.
   */
  readonly key?: MessageKey;
  /** A short title (TAXII error resources and problem documents); the status text when absent. */
  readonly title?: string;
}

/** What every error constructor also takes: the lower failure, and extra response headers. */
export interface CodedErrorOptions {
  cause?: unknown;
  /** Extra response headers the answer carries (WWW-Authenticate, Retry-After). */
  headers?: Record<string, string>;
}

/** The base of every module's error: code, HTTP status, title, headers. */
export class CodedError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, spec: CodeSpec, message: string, options?: CodedErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = spec.status;
    this.title = spec.title;
    this.headers = options?.headers ?? {};
  }
}

/**
 * A message of the catalogs to raise an error with, so it reads in the reader's language and the
 * HTTP host can render it again in the caller's: `new ServerError("SERVER_NOT_FOUND",
 * fromCatalog("errors:server.nothingAt", { method, path }))`.
 */
export class CatalogMessage {
  constructor(
    readonly key: MessageKey,
    readonly vars?: MessageVars,
  ) {}
}

/** A catalog message to raise an error with (see CatalogMessage). */
export function fromCatalog(key: MessageKey, vars?: MessageVars): CatalogMessage {
  return new CatalogMessage(key, vars);
}

/** An error's message in `locale`: again from the catalogs when it came from them, else as it was written. */
export function errorMessageIn(error: Error, locale: Locale): string {
  return messageIn(error, locale);
}

/**
 * An error's title in `locale`: its code's title in the catalogs (`errors:titles.<CODE>`), else
 * its status's (`errors:titles.<status>`), else the title its table gives, else `fallback`.
 */
export function errorTitleIn(error: CodedError, locale: Locale, fallback: string): string {
  return (
    messageFor(`errors:titles.${error.code}`, locale) ??
    messageFor(`errors:titles.${error.status}`, locale) ??
    error.title ??
    fallback
  );
}

/** Fills `{name}` placeholders of a template; unknown names are left as written. */
export function fillTemplate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A module's error class as `defineErrors` makes it. */
export interface ModuleErrorClass<C extends string> {
  new (
    code: C,
    message?: string | Readonly<Record<string, string | number>> | CatalogMessage,
    options?: CodedErrorOptions,
  ): CodedError & { readonly code: C };
  /** The module's table. */
  readonly codes: Readonly<Record<C, CodeSpec>>;
}

/**
 * The error class of a module from its table of codes. Raise with a message
 * (`new StoreError("STORE_NOT_FOUND", "no user \"ana\"; list them with …")`), with params for the
 * template (`new XError("X_CODE", { name: "ana" })`), with a catalog message
 * (`new XError("X_CODE", fromCatalog("x:key", { name }))`), or with neither for the template as
 * it is (the code's catalog `key` when it has one).
 * Subclass it to keep a constructor of another shape (see AssetsError).
 */
export function defineErrors<const T extends Record<string, CodeSpec>>(
  name: string,
  codes: T,
): ModuleErrorClass<keyof T & string> {
  class ModuleError extends CodedError {
    declare readonly code: keyof T & string;
    static readonly codes = codes;
    constructor(
      code: keyof T & string,
      message?: string | Readonly<Record<string, string | number>> | CatalogMessage,
      options?: CodedErrorOptions,
    ) {
      // A code outside the table cannot be written in TypeScript; from plain JS it answers 500.
      const spec: CodeSpec = codes[code] ?? { status: 500, message: String(code) };
      const fromTable = message instanceof CatalogMessage || typeof message === "string" ? undefined : message;
      const text =
        typeof message === "string" ? message : fromTable ? fillTemplate(spec.message, fromTable) : spec.message;
      super(code, spec, text, options);
      this.name = name;
      if (message instanceof CatalogMessage) localize(this, message.key, message.vars);
      else if (spec.key && typeof message !== "string") localize(this, spec.key, fromTable ?? {});
    }
  }
  Object.defineProperty(ModuleError, "name", { value: name });
  return ModuleError as ModuleErrorClass<keyof T & string>;
}

/**
 * One input item a batch kept out (an object of an import, a host of a scan, a row of a feed):
 * which code, where (a property path inside the item, and its 1-based line, 0 when unknown) and
 * why. Ingest's rejection reasons, the assets importers' problems and the vulns feeds' problems
 * all have this shape, with their own extra fields.
 */
export interface RejectedItem {
  code: string;
  path: string;
  message: string;
}
