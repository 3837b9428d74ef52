import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { Command } from "commander";
import { expandLogPaths, type FieldMapping, loadFieldMapping } from "../../detect/index.js";
import {
  announceIndexVersion,
  connectNats,
  DEFAULT_ACK_WAIT_MS,
  ensureScaleOut,
  natsUrl,
  runWorker,
  runWriter,
  type ScaleOutNames,
  scaleOutNames,
  shipFiles,
  type WorkerCounts,
  type WriterCounts,
} from "../../detect/scale-out/index.js";
import { t } from "../../i18n/index.js";
import { ALERTS_KEPT } from "../../store/index.js";
import { createWarninglistMatcher, loadWarninglists } from "../../warninglists/index.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "../org-name.js";
import { createProgress } from "../progress.js";

/**
 * `centinela ship` and `centinela worker [--writer]`: detection spread over NATS JetStream
 * (CENTINELA_NATS, default nats://127.0.0.1:4222). `ship` puts log lines on the logs stream,
 * any number of workers match them and return results, and the one writer keeps alerts and
 * sightings in the store exactly as `scan --org` does. `import` announces a new index version
 * when CENTINELA_NATS is set, so running workers pick new indicators up at once.
 */

interface ScaleOutOptions extends StoreOptions {
  prefix?: string;
  json?: boolean;
  quiet?: boolean;
}

interface ShipCommandOptions extends ScaleOutOptions {
  org: string;
  batchLines: string;
  batchBytes: string;
  maxLineBytes: string;
  mapping?: string;
}

interface WorkerCommandOptions extends ScaleOutOptions {
  writer?: boolean;
  drain?: boolean;
  ackWait: string;
  reloadEvery?: string;
  warninglists?: string;
  keepAlerts?: string;
  fetch?: string;
}

function withNatsOptions(command: Command): Command {
  return withStoreOption(
    command
      .option("--prefix <name>", t("help:scale-out.prefix"))
      .option("--json", t("help:assets.import.json"))
      .option("-q, --quiet", t("help:assets.import.quiet")),
  );
}

/** Registers `ship` and `worker`. */
export function registerScaleOutCommands(program: Command): void {
  withNatsOptions(
    program
      .command("ship")
      .description(t("help:ship._"))
      .argument("<paths...>", t("help:ship.paths"))
      .requiredOption("--org <org>", t("help:ship.org"))
      .option("--mapping <file>", t("help:ship.mapping"))
      .option("--batch-lines <n>", t("help:ship.batchLines"), "1000")
      .option("--batch-bytes <n>", t("help:ship.batchBytes"), String(256 * 1024))
      .option("--max-line-bytes <n>", t("help:ship.maxLineBytes"), String(512 * 1024)),
  ).action(async (paths: string[], options: ShipCommandOptions) => {
    process.exitCode = await runShip(paths, options);
  });
  withNatsOptions(
    program
      .command("worker")
      .description(t("help:worker._"))
      .option("--writer", t("help:worker.writer"))
      .option("--drain", t("help:worker.drain"))
      .option("--ack-wait <seconds>", t("help:worker.ackWait"), "30")
      .option("--reload-every <seconds>", t("help:worker.reloadEvery"), "60")
      .option("--warninglists <path>", t("help:worker.warninglists"))
      .option("--fetch <n>", t("help:worker.fetch"))
      .option("--keep-alerts <n>", t("help:worker.keepAlerts"), String(ALERTS_KEPT)),
  ).action(async (options: WorkerCommandOptions) => {
    process.exitCode = await runWorkerCommand(options);
  });
}

/** A whole number option in [min, max], or null after printing why not. */
function wholeOption(name: string, value: string, min: number, max: number): number | null {
  const n = Number(value);
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  printError(t("detect:scaleOut.badNumber", { name, value, min, max }));
  return null;
}

async function runShip(paths: string[], options: ShipCommandOptions): Promise<number> {
  const batchLines = wholeOption("--batch-lines", options.batchLines, 1, 1_000_000);
  const batchBytes = wholeOption("--batch-bytes", options.batchBytes, 1024, 64 * 1024 * 1024);
  const maxLineBytes = wholeOption("--max-line-bytes", options.maxLineBytes, 1024, 64 * 1024 * 1024);
  if (batchLines === null || batchBytes === null || maxLineBytes === null) return 2;
  let names: ScaleOutNames;
  let files: string[];
  let mapping: FieldMapping | null = null;
  try {
    names = scaleOutNames(options.prefix ?? process.env.CENTINELA_NATS_PREFIX ?? "");
    files = await expandLogPaths(paths);
    if (options.mapping !== undefined) mapping = await loadFieldMapping(options.mapping);
  } catch (error) {
    printError(error);
    return 2;
  }
  const store = await openCommandStore(options);
  let orgId: string;
  try {
    orgId = (await resolveOrg(store, options.org)).id;
  } catch (error) {
    printError(error);
    return 2;
  } finally {
    await store.close();
  }
  const url = natsUrl();
  let nc: NatsConnection;
  try {
    nc = await connectNats(url, "centinela-ship");
    await ensureScaleOut(await jetstreamManager(nc), names);
  } catch (error) {
    printError(error);
    return 2;
  }
  try {
    // A batch and its headers must fit in the server's largest message.
    const room = nc.info!.max_payload - 64 * 1024;
    const quiet = options.quiet === true || options.json === true;
    let progress: ReturnType<typeof createProgress> | null = null;
    let current = "";
    const summary = await shipFiles(files, {
      js: jetstream(nc),
      names,
      org: orgId,
      mapping,
      batchLines,
      batchBytes: Math.min(batchBytes, room),
      maxLineBytes: Math.min(maxLineBytes, room),
      onProgress: (file, read, _size, lines) => {
        if (file !== current) {
          progress?.stop();
          progress = createProgress(file === "-" ? "stdin" : file, null, "bytes", quiet);
          current = file;
        }
        progress!.update(read, { lines });
      },
    });
    (progress as ReturnType<typeof createProgress> | null)?.stop();
    if (options.json === true) process.stdout.write(`${JSON.stringify({ ...summary, url, org: orgId })}\n`);
    else {
      const lines = [
        t("detect:scaleOut.shipTitle", {
          count: summary.files,
          lines: summary.lines,
          messages: summary.messages,
          seconds: summary.seconds.toFixed(1),
          rate: summary.seconds > 0 ? Math.round(summary.lines / summary.seconds) : summary.lines,
          mb: (summary.seconds > 0 ? summary.bytes / 1e6 / summary.seconds : 0).toFixed(1),
          url,
        }),
      ];
      for (const [subject, n] of Object.entries(summary.subjects))
        lines.push(t("detect:scaleOut.subject", { subject, n }));
      if (summary.duplicates > 0) lines.push(t("detect:scaleOut.duplicates", { n: summary.duplicates }));
      lines.push(t("detect:summary.badLines", { n: summary.badLines }));
      for (const b of summary.firstBadLines.slice(0, 10)) lines.push(t("detect:summary.badLine", { ...b }));
      if (summary.badLines > 10) lines.push(t("detect:summary.moreBadLines", { n: summary.badLines - 10 }));
      lines.push(t("detect:scaleOut.shipNext"));
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await nc.close();
  }
}

async function runWorkerCommand(options: WorkerCommandOptions): Promise<number> {
  const writer = options.writer === true;
  const misplaced = writer
    ? (["warninglists"] as const).filter((k) => options[k] !== undefined).map((k) => `--${k}`)
    : [];
  if (misplaced.length > 0) {
    printError(t("detect:scaleOut.workerOnly", { flags: misplaced.join(", ") }));
    return 2;
  }
  const ackWait = wholeOption("--ack-wait", options.ackWait, 1, 3600);
  const reloadEvery = wholeOption("--reload-every", options.reloadEvery ?? "60", 0, 86_400);
  const fetch = wholeOption("--fetch", options.fetch ?? (writer ? "256" : "16"), 1, 10_000);
  const keep = wholeOption("--keep-alerts", options.keepAlerts ?? String(ALERTS_KEPT), 1, Number.MAX_SAFE_INTEGER);
  if (ackWait === null || reloadEvery === null || fetch === null || keep === null) return 2;
  let names: ScaleOutNames;
  try {
    names = scaleOutNames(options.prefix ?? process.env.CENTINELA_NATS_PREFIX ?? "");
  } catch (error) {
    printError(error);
    return 2;
  }
  let warninglists = null;
  if (options.warninglists !== undefined) {
    try {
      warninglists = createWarninglistMatcher((await loadWarninglists(options.warninglists)).lists);
    } catch (error) {
      printError(error);
      return 2;
    }
  }
  const url = natsUrl();
  const store = await openCommandStore(options);
  let nc: NatsConnection | null = null;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  // --json is for the summary on standard output; what a long-running process says goes to stderr unless -q.
  const quiet = options.quiet === true;
  const say = (line: string) => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  try {
    try {
      nc = await connectNats(url, writer ? "centinela-writer" : "centinela-worker");
      await ensureScaleOut(await jetstreamManager(nc), names, {
        ackWaitMs: ackWait * 1000 || DEFAULT_ACK_WAIT_MS,
        own: writer ? "writer" : "workers",
      });
    } catch (error) {
      printError(error);
      return 2;
    }
    let last = 0;
    const every = (line: () => string) => {
      const now = Date.now();
      if (now - last < 5000) return;
      last = now;
      say(line());
    };
    if (writer) {
      say(t("detect:scaleOut.writerReady", { stream: names.resultsStream, url }));
      const counts = await runWriter({
        nc,
        names,
        store,
        keep,
        fetch,
        drain: options.drain === true,
        signal: stop.signal,
        onWrite: (c) =>
          every(() =>
            t("detect:scaleOut.writerProgress", {
              results: c.results,
              events: c.events,
              added: c.stored.added,
              newEvents: c.sightings.newEvents,
            }),
          ),
        onRejected: (subject, why) => say(t("detect:scaleOut.rejected", { subject, why })),
      });
      printWriterSummary(counts, options.json === true);
    } else {
      const counts = await runWorker({
        nc,
        names,
        store,
        warninglists,
        fetch,
        drain: options.drain === true,
        reloadEveryMs: reloadEvery * 1000,
        signal: stop.signal,
        onReload: (report, why, indicators) => {
          if (why === "start")
            say(
              t("detect:scaleOut.workerReady", {
                count: report.read,
                ms: Math.round(report.ms),
                stream: names.logsStream,
                url,
              }),
            );
          else if (report.read > 0)
            say(
              t("detect:scaleOut.reloaded", {
                why: t(`detect:scaleOut.why.${why}`),
                read: report.read,
                ms: Math.round(report.ms),
                count: indicators,
              }),
            );
        },
        onBatch: (c) => every(() => t("detect:scaleOut.workerProgress", { ...c })),
        onForeign: (subject) => say(t("detect:scaleOut.foreign", { subject })),
      });
      printWorkerSummary(counts, options.json === true);
    }
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await nc?.close();
    await store.close();
  }
}

function printWorkerSummary(c: WorkerCounts, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(c)}\n`);
    return;
  }
  process.stdout.write(
    `${t("detect:scaleOut.workerSummary", {
      ...c,
      seconds: c.seconds.toFixed(1),
      rate: c.seconds > 0 ? Math.round(c.events / c.seconds) : c.events,
    })}\n`,
  );
}

function printWriterSummary(c: WriterCounts, json: boolean): void {
  const top = [...c.byIndicator.entries()]
    .map(([id, v]) => ({ indicator_id: id, value: v.value, count: v.count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, 10);
  if (json) {
    const { byIndicator: _, ...rest } = c;
    process.stdout.write(`${JSON.stringify({ ...rest, top })}\n`);
    return;
  }
  const lines = [
    t("detect:scaleOut.writerSummary", { ...c, seconds: c.seconds.toFixed(1) }),
    t("detect:summary.alerts", { n: c.alerts }),
  ];
  if (c.suppressed > 0) lines.push(t("detect:summary.suppressed", { n: c.suppressed }));
  if (c.outsideValidity > 0) lines.push(t("detect:summary.outsideValidity", { n: c.outsideValidity }));
  lines.push(t("detect:summary.badLines", { n: c.badLines }));
  for (const b of c.firstBadLines.slice(0, 10)) lines.push(t("detect:summary.badLine", { ...b }));
  if (top.length > 0) {
    lines.push(t("detect:summary.top"));
    for (const x of top)
      lines.push(t("detect:summary.topLine", { count: x.count, value: x.value, id: x.indicator_id }));
  }
  lines.push(t("detect:summary.sightings", c.sightings));
  lines.push(t(c.stored.pruned > 0 ? "detect:summary.storedPruned" : "detect:summary.stored", c.stored));
  if (c.withheld > 0) lines.push(t("detect:summary.withheld", { count: c.withheld }));
  process.stdout.write(`${lines.join("\n")}\n`);
}

/**
 * After the store's indicators changed (an import): when CENTINELA_NATS is set, tells the
 * running workers to re-read them. A server that cannot be reached is a warning, not a failed
 * import — the workers' periodic check picks the change up.
 */
export async function announceIndexChange(): Promise<void> {
  if (!process.env.CENTINELA_NATS) return;
  let nc: NatsConnection | null = null;
  try {
    nc = await connectNats(natsUrl(), "centinela-import");
    await announceIndexVersion(nc, scaleOutNames(process.env.CENTINELA_NATS_PREFIX ?? ""), new Date().toISOString());
  } catch (error) {
    process.stderr.write(`${t("detect:scaleOut.announceFailed", { reason: (error as Error).message })}\n`);
  } finally {
    await nc?.close().catch(() => {});
  }
}
