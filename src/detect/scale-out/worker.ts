import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import type { Store } from "../../store/index.js";
import { combineMatchers, storedWarninglistMatcher, type WarninglistMatcher } from "../../warninglists/index.js";
import { type Alert, Engine } from "../engine.js";
import type { IndicatorIndex } from "../indicator-index.js";
import { type LoadReport, loadIndex } from "../load.js";
import { type BlockScanner, scannerFor } from "../scan.js";
import { type BatchResult, H, type LogBatch, readLogBatch } from "./messages.js";
import { messagesLeft, type ScaleOutNames } from "./nats.js";
import { keepAliveFor, pump } from "./pump.js";

/**
 * A worker: one of any number sharing the logs stream's durable pull consumer, so each batch
 * goes to one of them. It holds the indicator index loaded from the store as `scan` does, and
 * brings it up to date (only the indicator versions added since) when the store's index
 * version is announced on `index.version`, and every `reloadEveryMs` in case an announcement
 * was missed (core NATS keeps none for a worker that was down). For each batch it runs the
 * scan's engine and publishes the result — counts and alerts — to the results stream, and only
 * once JetStream has stored the result does it acknowledge the batch. A worker killed at any
 * point leaves its unacknowledged batches to be delivered to another after the ack wait; a
 * batch matched twice gives the same result id and the same event identities, which JetStream
 * and the writer each drop the second time.
 */

/** How a worker runs. */
export interface WorkerOptions {
  nc: NatsConnection;
  names: ScaleOutNames;
  store: Store;
  warninglists?: WarninglistMatcher | null;
  /** Batches fetched at once. */
  fetch?: number;
  /** Exit once the logs stream is empty, instead of waiting for more. */
  drain?: boolean;
  /** Re-read the store's new indicators this often even without an announcement (ms; 0 never). */
  reloadEveryMs?: number;
  signal?: AbortSignal;
  /** After each load: what was read, why, and how many indicators the index now holds. */
  onReload?: (report: LoadReport, why: "start" | "announced" | "timer", indicators: number) => void;
  onBatch?: (counts: WorkerCounts) => void;
  /** A message that is not a log batch of ours: it is dropped (terminated) and reported here. */
  onForeign?: (subject: string) => void;
}

/** A worker's running counts. */
export interface WorkerCounts {
  batches: number;
  events: number;
  alerts: number;
  badLines: number;
  /** Batches delivered again (another worker died holding them, or an ack was lost). */
  redelivered: number;
  reloads: number;
  indicators: number;
  seconds: number;
  /** CPU seconds this process spent since the index was loaded (matching, messaging): the rate on a shared machine. */
  cpuSeconds: number;
}

/** Readers kept per worker (one per file and format): past this the oldest is dropped. */
const SCANNERS_KEPT = 64;

/**
 * Matches batch after batch as `scan` reads a file: one engine for the worker's index and one
 * reader per shipped file, so what they learn — the values that missed the index, the order of
 * a log's keys — carries from one batch to the next instead of being learnt again for each
 * (a fresh engine and reader per batch cost the worker over half its time). Each batch's counts
 * and alerts are its own. A new index object (not a reload, which the engine notices by
 * version) makes a new engine.
 */
export class BatchMatcher {
  private engine: Engine | null = null;
  private alerts: Alert[] = [];
  private readonly scanners = new Map<string, BlockScanner>();

  constructor(private readonly warninglists: WarninglistMatcher | null) {}

  /** Matches one batch against the index: the result the writer gets (before any split). */
  match(index: IndicatorIndex, batch: LogBatch): BatchResult {
    let engine = this.engine;
    if (engine === null || engine.index !== index) {
      engine = new Engine({ index, warninglists: this.warninglists, onAlert: (a) => this.alerts.push(a) });
      this.engine = engine;
      this.scanners.clear();
    }
    engine.resetCounts();
    const alerts: Alert[] = [];
    this.alerts = alerts;
    const key = `${batch.format}\n${batch.file}\n${batch.mapping?.json ?? ""}`;
    let scanner = this.scanners.get(key);
    if (scanner === undefined) {
      if (this.scanners.size >= SCANNERS_KEPT) this.scanners.delete(this.scanners.keys().next().value!);
      scanner = scannerFor(batch.format, engine, batch.file, batch.mapping);
      this.scanners.set(key, scanner);
    }
    // A TSV batch cut from the middle of a file is read under the file's header lines.
    if (batch.tsvHeader !== "") scanner.scanBlock(batch.tsvHeader, 1);
    scanner.scanBlock(batch.text, batch.firstLine);
    return resultOf(batch, engine, alerts);
  }
}

/** Matches one batch with an engine and a reader of its own (a worker keeps a BatchMatcher instead). */
export function matchBatch(
  index: IndicatorIndex,
  warninglists: WarninglistMatcher | null,
  batch: LogBatch,
): BatchResult {
  return new BatchMatcher(warninglists).match(index, batch);
}

function resultOf(batch: LogBatch, engine: Engine, alerts: Alert[]): BatchResult {
  const c = engine.counts;
  return {
    v: 1,
    org: batch.org,
    file: batch.file,
    line: batch.firstLine,
    events: c.events,
    badLines: c.badLines,
    suppressed: c.suppressed,
    outsideValidity: c.outsideValidity,
    unconfirmed: c.unconfirmed,
    bad: c.badSamples.slice(0, 100),
    alerts,
  };
}

/** A result as one or more message bodies, each under `limit` bytes (a batch with very many alerts is split). */
export function resultParts(result: BatchResult, limit: number): string[] {
  const whole = JSON.stringify(result);
  if (Buffer.byteLength(whole) <= limit || result.alerts.length <= 1) return [whole];
  const half = Math.ceil(result.alerts.length / 2);
  const rest: BatchResult = {
    ...result,
    events: 0,
    badLines: 0,
    suppressed: 0,
    outsideValidity: 0,
    unconfirmed: 0,
    bad: [],
    alerts: result.alerts.slice(half),
  };
  return [...resultParts({ ...result, alerts: result.alerts.slice(0, half) }, limit), ...resultParts(rest, limit)];
}

/** Runs a worker until `signal` aborts (or, with `drain`, until the logs stream is empty). */
export async function runWorker(options: WorkerOptions): Promise<WorkerCounts> {
  const { nc, names, store } = options;
  const started = performance.now();
  const js: JetStreamClient = jetstream(nc);
  const jsm: JetStreamManager = await jetstreamManager(nc);
  const given = options.warninglists ?? null;
  // With the lists warninglists feeds stored, read again at each reload (compiled only when they changed).
  let warninglists = combineMatchers(given, await storedWarninglistMatcher(store.directory));
  const counts: WorkerCounts = {
    batches: 0,
    events: 0,
    alerts: 0,
    badLines: 0,
    redelivered: 0,
    reloads: 0,
    indicators: 0,
    seconds: 0,
    cpuSeconds: 0,
  };
  // Subscribed before the load, so an announcement made while it runs is not missed.
  let reloadWanted: "announced" | "timer" | null = null;
  const announced = nc.subscribe(names.indexVersion, {
    callback: () => {
      reloadWanted = "announced";
    },
  });
  const loaded = await loadIndex(store);
  counts.indicators = loaded.index.stats().indicators;
  options.onReload?.(loaded.first, "start", counts.indicators);
  const cpuStart = process.cpuUsage();
  const cpu = () => {
    const u = process.cpuUsage(cpuStart);
    return (u.user + u.system) / 1e6;
  };
  const every = options.reloadEveryMs ?? 60_000;
  const timer =
    every > 0
      ? setInterval(() => {
          reloadWanted ??= "timer";
        }, every)
      : null;
  timer?.unref();
  const limit = Math.max(64 * 1024, nc.info!.max_payload - 16 * 1024);
  const consumer = await js.consumers.get(names.logsStream, names.workers);
  const fetch = options.fetch ?? 16;
  const matcher = new BatchMatcher(warninglists);
  const handle = async (got: JsMsg[]) => {
    if (reloadWanted !== null) {
      const why = reloadWanted;
      reloadWanted = null;
      const report = await loaded.reload();
      warninglists = combineMatchers(given, await storedWarninglistMatcher(store.directory));
      counts.reloads++;
      counts.indicators = loaded.index.stats().indicators;
      options.onReload?.(report, why, counts.indicators);
    }
    const publishes: Array<Promise<unknown>> = [];
    const done: JsMsg[] = [];
    for (const m of got) {
      const logs = readLogBatch(m.headers, m.string());
      if (logs === null) {
        options.onForeign?.(m.subject);
        m.term();
        continue;
      }
      if (m.info.deliveryCount > 1) counts.redelivered++;
      // A batch published without a message id (not by ship) is named by its place in the stream.
      const resultId = logs.id !== "" ? logs.id : `seq-${m.seq}`;
      const result = matcher.match(loaded.index, logs);
      counts.batches++;
      counts.events += result.events;
      counts.alerts += result.alerts.length;
      counts.badLines += result.badLines;
      resultParts(result, limit).forEach((body, i) => {
        publishes.push(
          js.publish(names.results(logs.org), body, { msgID: `r:${resultId}:${i}`, headers: partHeader(i) }),
        );
      });
      done.push(m);
    }
    // Acknowledged only once every result is stored: a crash before this leaves the batches to another worker.
    await Promise.all(publishes);
    await Promise.all(done.map((m) => m.ackAck()));
    counts.seconds = (performance.now() - started) / 1000;
    counts.cpuSeconds = cpu();
    options.onBatch?.(counts);
  };
  try {
    await pump(consumer, {
      handle,
      maxGroup: fetch,
      prefetch: fetch * 2,
      keepAliveMs: await keepAliveFor(consumer),
      drain: options.drain,
      signal: options.signal,
      isDone: async () => (await messagesLeft(jsm, names.logsStream)) === 0,
    });
  } finally {
    if (timer !== null) clearInterval(timer);
    announced.unsubscribe();
  }
  counts.seconds = (performance.now() - started) / 1000;
  counts.cpuSeconds = cpu();
  return counts;
}

function partHeader(i: number) {
  const h = headers();
  h.set(H.part, String(i));
  return h;
}

/**
 * Announces that the store's indicators changed, so every running worker re-reads the new
 * versions now rather than at its next timer. `version` is informative (the newest
 * date_added, or a time): a worker always reads what was added since its own last read.
 */
export async function announceIndexVersion(nc: NatsConnection, names: ScaleOutNames, version: string): Promise<void> {
  nc.publish(names.indexVersion, JSON.stringify({ version }));
  await nc.flush();
}
