import { createHmac, timingSafeEqual } from "node:crypto";
import { fromCatalog } from "../errors/index.js";
import { type MessageKey, t } from "../i18n/index.js";
import { isStixId, isTypeName } from "../stix/index.js";
import type { ObjectFilter, PageRequest } from "../store/index.js";
import { TaxiiError } from "./errors.js";

/**
 * TAXII URL parameters → a store filter and page. Every value is checked here (ids, types,
 * versions, spec versions, timestamps, limit), so nothing crafted reaches a query; `next` is
 * the store's keyset cursor sealed with an HMAC over the collection and the filter, so a forged,
 * garbled or foreign `next` (another query, another server start) is a 400, never a query.
 */

/** The URL parameters TAXII defines for object, manifest and versions requests. */
export interface TaxiiQuery {
  added_after?: string;
  limit?: string;
  next?: string;
  "match[id]"?: string;
  "match[type]"?: string;
  "match[version]"?: string;
  "match[spec_version]"?: string;
}

/** Most values one match[…] parameter may list. */
export const MAX_MATCH_VALUES = 1000;

// Any number of fraction digits, as RFC 3339 and STIX allow: a stored `modified` may have more
// than nine, and the manifest lists it as the version a client then asks for.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const SPEC_VERSION = /^\d\.\d{1,2}$/;
const LIMIT = /^[0-9]{1,9}$/;

function list(
  name: string,
  value: string | undefined,
  check: (v: string) => boolean,
  what: MessageKey,
): string[] | undefined {
  if (value === undefined) return undefined;
  const values = value.split(",").map((v) => v.trim());
  if (values.length > MAX_MATCH_VALUES) {
    throw new TaxiiError(
      "TAXII_BAD_FILTER",
      fromCatalog("errors:taxii.tooManyValues", { name, count: values.length, max: MAX_MATCH_VALUES }),
    );
  }
  for (const v of values) {
    if (!check(v)) {
      throw new TaxiiError(
        "TAXII_BAD_FILTER",
        fromCatalog("errors:taxii.badValue", { name, value: v.slice(0, 80), what: t(what) }),
      );
    }
  }
  return values;
}

/** What a request asks for, checked. */
export interface ParsedQuery {
  filter: ObjectFilter;
  limit: number;
  /** The store cursor from `next`, or null for the first page. */
  after: string | null;
}

/** Parses the TAXII URL parameters; `objectId` (object and versions endpoints) replaces match[id]. */
export function parseQuery(
  query: TaxiiQuery,
  options: {
    collectionId: string;
    defaultLimit: number;
    maxLimit: number;
    seal: CursorSeal;
    versionsDefault?: "last" | "all";
    objectId?: string;
  },
): ParsedQuery {
  const filter: ObjectFilter = { collectionId: options.collectionId };
  if (query.added_after !== undefined) {
    if (!RFC3339.test(query.added_after)) {
      throw new TaxiiError(
        "TAXII_BAD_FILTER",
        fromCatalog("errors:store.addedAfter", { value: query.added_after.slice(0, 80) }),
      );
    }
    filter.addedAfter = query.added_after;
  }
  const ids = list("match[id]", query["match[id]"], isStixId, "errors:taxii.what.id");
  if (options.objectId !== undefined) filter.ids = [options.objectId];
  else if (ids) filter.ids = ids;
  const types = list("match[type]", query["match[type]"], isTypeName, "errors:taxii.what.type");
  if (types) filter.types = types;
  const versions = list(
    "match[version]",
    query["match[version]"],
    (v) => v === "first" || v === "last" || v === "all" || RFC3339.test(v),
    "errors:taxii.what.version",
  );
  filter.versions = versions ?? [options.versionsDefault ?? "last"];
  const specs = list(
    "match[spec_version]",
    query["match[spec_version]"],
    (v) => SPEC_VERSION.test(v),
    "errors:taxii.what.specVersion",
  );
  if (specs) filter.specVersions = specs;
  let limit = options.defaultLimit;
  if (query.limit !== undefined) {
    if (!LIMIT.test(query.limit) || Number(query.limit) < 1) {
      throw new TaxiiError(
        "TAXII_BAD_FILTER",
        fromCatalog("errors:taxii.badLimit", { value: query.limit.slice(0, 80) }),
      );
    }
    limit = Math.min(Number(query.limit), options.maxLimit);
  }
  const after = query.next === undefined ? null : options.seal.open(query.next, filterKey(filter));
  return { filter, limit, after };
}

/**
 * The part of a request a `next` is bound to: the collection and the filters that decide which
 * rows match. `added_after` is left out on purpose: the row a cursor names already passed that
 * filter, so every row after the cursor is later than it and the page is the same whether the
 * client repeats `added_after` or not. Clients that send it only on their first request (the
 * OpenCTI TAXII 2 connector) keep paging instead of getting a 400.
 */
export function filterKey(filter: ObjectFilter): string {
  return JSON.stringify([
    filter.collectionId ?? "",
    filter.ids ?? [],
    filter.types ?? [],
    filter.versions ?? [],
    filter.specVersions ?? [],
  ]);
}

/** Seals store cursors into TAXII `next` values and opens them again. */
export interface CursorSeal {
  seal(cursor: string, key: string): string;
  /** The store cursor inside `next`, or TAXII_BAD_NEXT when it was not sealed by this seal for `key`. */
  open(next: string, key: string): string;
}

/** A seal keyed by `secret` (keep it for `next` values to outlive a restart). */
export function createCursorSeal(secret: Buffer): CursorSeal {
  const mac = (cursor: string, key: string) =>
    createHmac("sha256", secret).update(key).update("\u0000").update(cursor).digest().subarray(0, 16);
  return {
    seal: (cursor, key) => `${cursor}.${mac(cursor, key).toString("base64url")}`,
    open(next, key) {
      const bad = (why: "tooLong" | "notIssued" | "notForThis") =>
        new TaxiiError("TAXII_BAD_NEXT", fromCatalog(`errors:taxii.next.${why}`, { next: next.slice(0, 60) }));
      if (next.length > 256) throw bad("tooLong");
      const dot = next.lastIndexOf(".");
      if (dot <= 0) throw bad("notIssued");
      const cursor = next.slice(0, dot);
      const given = Buffer.from(next.slice(dot + 1), "base64url");
      const expected = mac(cursor, key);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw bad("notForThis");
      }
      return cursor;
    },
  };
}

/** The request's PageRequest. */
export function pageOf(parsed: ParsedQuery): PageRequest {
  return { limit: parsed.limit, after: parsed.after };
}
