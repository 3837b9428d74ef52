import { createHash } from "node:crypto";
import { fromCatalog } from "../../errors/index.js";
import { StoreError } from "../errors.js";
import type { AlertFilter, AlertInput, AlertKind, AlertStatus, StoredAlert } from "./contract.js";
import { ALERT_KINDS, ALERT_STATUSES } from "./contract.js";
import type { AlertsTable } from "./schema.js";

/**
 * What the alerts area's queries share: the alert's id, rows to and from the table, the
 * keyset cursor and the checking of filters (a bad value is STORE_BAD_FILTER, never a query).
 */

/** The id of an alert: the same organization, kind, indicator and event give the same id. */
export function alertId(orgId: string, input: Pick<AlertInput, "kind" | "indicatorId" | "event">): string {
  return createHash("sha256")
    .update(`${orgId}\n${input.kind}\n${input.indicatorId ?? ""}\n${input.event}`)
    .digest("hex")
    .slice(0, 32);
}

/** The table row of an alert (without its seq). */
export function toRow(orgId: string, a: AlertInput, recorded: string): Omit<AlertsTable, "seq"> {
  return {
    id: alertId(orgId, a),
    org_id: orgId,
    kind: a.kind,
    event: a.event,
    indicator_id: a.indicatorId ?? "",
    value: a.value,
    field: a.field,
    log: a.log,
    file: a.file,
    line: a.line,
    ts: a.ts ?? "",
    src: a.src,
    dst: a.dst,
    details: a.details === null ? null : JSON.stringify(a.details),
    status: "new",
    status_by: null,
    status_at: null,
    note: null,
    recorded,
  };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A stored alert from its row. */
export function fromRow(row: Record<string, unknown>): StoredAlert {
  const ts = String(row.ts);
  const indicator = String(row.indicator_id);
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    kind: String(row.kind) as AlertKind,
    event: String(row.event),
    indicatorId: indicator === "" ? null : indicator,
    value: str(row.value),
    field: str(row.field),
    log: String(row.log),
    file: String(row.file),
    line: Number(row.line),
    ts: ts === "" ? null : ts,
    src: str(row.src),
    dst: str(row.dst),
    details: row.details === null || row.details === undefined ? null : JSON.parse(String(row.details)),
    status: String(row.status) as AlertStatus,
    statusBy: str(row.status_by),
    statusAt: str(row.status_at),
    note: str(row.note),
    recorded: String(row.recorded),
  };
}

/** The position after which a page starts: the last alert of the page before. */
export interface AlertCursorKey {
  ts: string;
  seq: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** Encodes the last alert of a page as an opaque cursor. */
export function encodeAlertCursor(key: AlertCursorKey): string {
  return Buffer.from(JSON.stringify([key.ts, key.seq]), "utf8").toString("base64url");
}

/** Decodes a cursor of encodeAlertCursor; anything else is STORE_BAD_CURSOR. */
export function decodeAlertCursor(cursor: string): AlertCursorKey {
  const bad = () => new StoreError("STORE_BAD_CURSOR", fromCatalog("errors:store.alertCursor"));
  if (cursor.length === 0 || cursor.length > 128 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad();
  const [ts, seq] = value as unknown[];
  if (typeof ts !== "string" || (ts !== "" && !ISO.test(ts))) throw bad();
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) throw bad();
  return { ts, seq };
}

/** An instant of a filter as the stored form (ISO 8601 UTC); STORE_BAD_FILTER when it is not one. */
export function filterInstant(name: "from" | "to", value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(ms))
    throw new StoreError("STORE_BAD_FILTER", fromCatalog("errors:store.alertInstant", { name, value }));
  return new Date(ms).toISOString();
}

/** Checks a filter's kinds and statuses (the API's schema does too; the CLI and workers may not). */
export function checkFilter(filter: AlertFilter): void {
  for (const k of filter.kinds ?? [])
    if (!ALERT_KINDS.includes(k))
      throw new StoreError(
        "STORE_BAD_FILTER",
        fromCatalog("errors:store.alertKind", { value: k, allowed: ALERT_KINDS.join(", ") }),
      );
  for (const s of filter.statuses ?? [])
    if (!ALERT_STATUSES.includes(s))
      throw new StoreError(
        "STORE_BAD_FILTER",
        fromCatalog("errors:store.alertStatus", { value: s, allowed: ALERT_STATUSES.join(", ") }),
      );
}
