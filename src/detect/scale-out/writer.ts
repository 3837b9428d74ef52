import { type JsMsg, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { t } from "../../i18n/index.js";
import type { Store } from "../../store/index.js";
import { alertRecord, insertAlerts } from "../alert-records.js";
import type { Alert, BadLine } from "../engine.js";
import { orgVisibility } from "../org-visibility.js";
import { recordSightings, type SightingOrg, sightingOrg } from "../sightings.js";
import type { BatchResult } from "./messages.js";
import { messagesLeft, type ScaleOutNames } from "./nats.js";
import { keepAliveFor, pump } from "./pump.js";

/**
 * The single writer: it consumes the workers' results and keeps them as `scan --org` does —
 * alerts in the store's alerts area, keyed by organization, kind, indicator and event, and
 * each event recorded once for its sighting — then acknowledges them. Because every write is
 * idempotent by event identity, a result delivered twice (the writer died between its write
 * and its ack, or a worker matched a batch again after another died) changes nothing: the
 * counts equal a single `scan` of the same files. One writer per deployment keeps the store's
 * sighting versions in order; the work it does per result is small next to the matching.
 */

/** How the writer runs. */
export interface WriterOptions {
  nc: NatsConnection;
  names: ScaleOutNames;
  store: Store;
  /** Alerts kept per organization (the oldest recorded deleted past it). */
  keep?: number;
  /** Results fetched and written at once. */
  fetch?: number;
  /** Exit once both streams are empty (run it after `ship` has finished). */
  drain?: boolean;
  signal?: AbortSignal;
  onWrite?: (counts: WriterCounts) => void;
  /** A result for an organization not in the store (or not ours): dropped and reported here. */
  onRejected?: (subject: string, why: string) => void;
}

/** The writer's running totals. */
export interface WriterCounts {
  results: number;
  events: number;
  alerts: number;
  badLines: number;
  firstBadLines: BadLine[];
  suppressed: number;
  outsideValidity: number;
  unconfirmed: number;
  /** Indicator alerts not kept as an organization's: another organization's indicator it may not read (org-visibility.ts). */
  withheld: number;
  /** Events recorded for the first time, and sightings written. */
  sightings: { events: number; newEvents: number; written: number };
  /** Alerts added to the store and deleted past --keep-alerts. */
  stored: { added: number; pruned: number };
  byIndicator: Map<string, { count: number; value: string }>;
  seconds: number;
}

/** Runs the writer until `signal` aborts (or, with `drain`, until there is nothing left). */
export async function runWriter(options: WriterOptions): Promise<WriterCounts> {
  const { nc, names, store } = options;
  const started = performance.now();
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  const consumer = await js.consumers.get(names.resultsStream, names.writer);
  const counts: WriterCounts = {
    results: 0,
    events: 0,
    alerts: 0,
    badLines: 0,
    firstBadLines: [],
    suppressed: 0,
    outsideValidity: 0,
    unconfirmed: 0,
    withheld: 0,
    sightings: { events: 0, newEvents: 0, written: 0 },
    stored: { added: 0, pruned: 0 },
    byIndicator: new Map(),
    seconds: 0,
  };
  const orgs = new Map<string, SightingOrg | null>();
  const orgOf = async (id: string): Promise<SightingOrg | null> => {
    if (!orgs.has(id))
      orgs.set(id, (await store.directory.findOrganization(id)) === null ? null : await sightingOrg(store, id));
    return orgs.get(id)!;
  };
  const handle = async (got: JsMsg[]) => {
    const byOrg = new Map<string, Alert[]>();
    const done: JsMsg[] = [];
    for (const m of got) {
      let result: BatchResult;
      try {
        result = JSON.parse(m.string()) as BatchResult;
        if (result.v !== 1 || typeof result.org !== "string" || !Array.isArray(result.alerts)) throw new Error("shape");
      } catch {
        options.onRejected?.(m.subject, t("detect:scaleOut.notOurs"));
        m.term();
        continue;
      }
      const org = await orgOf(result.org);
      if (org === null) {
        options.onRejected?.(m.subject, t("detect:scaleOut.unknownOrg", { org: result.org }));
        m.term();
        continue;
      }
      counts.results++;
      counts.events += result.events;
      counts.badLines += result.badLines;
      counts.suppressed += result.suppressed;
      counts.outsideValidity += result.outsideValidity;
      counts.unconfirmed += result.unconfirmed;
      for (const b of result.bad) if (counts.firstBadLines.length < 100) counts.firstBadLines.push(b);
      const list = byOrg.get(org.id) ?? [];
      for (const a of result.alerts) list.push(a);
      byOrg.set(org.id, list);
      done.push(m);
    }
    for (const [orgId, all] of byOrg) {
      if (all.length === 0) continue;
      // The organization's own alerts only: none on another organization's unshared indicator.
      const { kept: alerts, withheld } = await orgVisibility(store, orgId).filter(all);
      counts.withheld += withheld;
      if (alerts.length === 0) continue;
      const org = orgs.get(orgId)!;
      const stored = await insertAlerts(
        store,
        orgId,
        alerts.map((a) => alertRecord(a)),
        options.keep,
      );
      counts.stored.added += stored.added;
      counts.stored.pruned += stored.pruned;
      const written = await recordSightings(store, org, alerts);
      counts.sightings.events += written.events;
      counts.sightings.newEvents += written.newEvents;
      counts.sightings.written += written.sightings;
      counts.alerts += alerts.length;
      for (const a of alerts) {
        const per = counts.byIndicator.get(a.indicator_id);
        if (per === undefined) counts.byIndicator.set(a.indicator_id, { count: 1, value: a.value });
        else per.count++;
      }
    }
    // Acknowledged only after the write: a writer killed before this has its results again.
    await Promise.all(done.map((m) => m.ackAck()));
    counts.seconds = (performance.now() - started) / 1000;
    options.onWrite?.(counts);
  };
  const fetch = options.fetch ?? 256;
  await pump(consumer, {
    handle,
    maxGroup: fetch,
    prefetch: fetch * 2,
    keepAliveMs: await keepAliveFor(consumer),
    // One store transaction for many results: worth a tenth of a second's wait.
    lingerMs: 100,
    drain: options.drain,
    signal: options.signal,
    // Logs first: a worker publishes its result before it acks the batch, so once the logs
    // stream is empty every result is already in the results stream.
    isDone: async () =>
      (await messagesLeft(jsm, names.logsStream)) === 0 && (await messagesLeft(jsm, names.resultsStream)) === 0,
  });
  counts.seconds = (performance.now() - started) / 1000;
  return counts;
}
