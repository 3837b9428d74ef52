import { createHash } from "node:crypto";
import type { AlertInput, AlertsInserted, Store } from "../store/index.js";
import type { AnalyticAlert } from "./analytics/index.js";
import type { Alert } from "./engine.js";

/**
 * Alerts as the store's alerts area keeps them (one row each, idempotent by event identity):
 * an indicator match keeps its event (the hash of its log line); an analytic's event is the
 * hash of what it found — its kind, addresses, window (and port and line for one long
 * connection) — never the file's name, so the same logs read from another path, or posted to
 * the API, are the same alerts.
 */

/** The event identity of an analytic alert. */
export function analyticEvent(a: AnalyticAlert): string {
  const parts = [a.kind, a.src, a.dst ?? "", a.ts, a.end];
  if (a.kind === "long-connection") parts.push(String(a.dst_port ?? ""), String(a.line));
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 32);
}

/** The store's record of an indicator alert or an analytic alert; `file` names where it was read when the path is not worth keeping (a posted body). */
export function alertRecord(a: Alert | AnalyticAlert, file?: string): AlertInput {
  if (a.kind === "indicator")
    return {
      kind: "indicator",
      event: a.event,
      indicatorId: a.indicator_id,
      value: a.value,
      field: a.field,
      log: a.log,
      file: file ?? a.file,
      line: a.line,
      ts: a.ts,
      src: a.src,
      dst: a.dst,
      details: null,
    };
  const { kind, src, dst, ts, log, file: read, line, ...details } = a;
  return {
    kind,
    event: analyticEvent(a),
    indicatorId: null,
    value: null,
    field: null,
    log,
    file: file ?? read,
    line,
    ts,
    src,
    dst,
    details,
  };
}

/** Inserts an organization's alerts in batches of 10,000, so many never make one huge transaction. */
export async function insertAlerts(
  store: Store,
  orgId: string,
  records: readonly AlertInput[],
  keep?: number,
): Promise<AlertsInserted> {
  const total = { added: 0, pruned: 0 };
  for (let i = 0; i < records.length; i += 10_000) {
    const done = await store.alerts.insert(orgId, records.slice(i, i + 10_000), keep === undefined ? {} : { keep });
    total.added += done.added;
    total.pruned += done.pruned;
  }
  return total;
}
