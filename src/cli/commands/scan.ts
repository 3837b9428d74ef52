import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import {
  type Alert,
  type AnalyticAlert,
  type AnalyticsCounts,
  alertRecord,
  BehaviourAnalytics,
  DEFAULT_ANALYTICS,
  Engine,
  type EngineCounts,
  expandLogPaths,
  type FieldMapping,
  insertAlerts,
  loadFieldMapping,
  loadIndex,
  orgVisibility,
  readAnalyticsOptions,
  readConnections,
  recordSightings,
  type SightingOrg,
  scanInput,
  sightingOrg,
} from "../../detect/index.js";
import { t } from "../../i18n/index.js";
import { openSource } from "../../sources/index.js";
import { ALERTS_KEPT, type AlertInput } from "../../store/index.js";
import { combineMatchers, storedWarninglistMatcher, type WarninglistMatcher } from "../../warninglists/index.js";
import {
  type OutputFile,
  openCommandStore,
  openOutputFile,
  printError,
  type StoreOptions,
  withStoreOption,
} from "../context.js";
import { resolveOrg } from "../org-name.js";
import { createProgress } from "../progress.js";
import { readWarninglists, warninglistsPath } from "../warninglists.js";
import { CLI_ACTOR } from "./org.js";

/**
 * `centinela scan`: every current indicator of the store against log files (Zeek JSON or TSV,
 * Suricata EVE, other JSON lines through --mapping; plain or gzip; folders searched), each
 * event checked at its own time. Alerts go to --alerts as JSON lines; the summary says what was
 * read, found, suppressed and refused, with the first bad lines by file and line. With --org the
 * alerts are also kept in the store's alerts area (for the console and GET /api/v1/alerts), the
 * newest --keep-alerts of the organization, and the matches become sightings.
 */

interface ScanCommandOptions extends StoreOptions {
  /** Set by `hunt`: only indicators added since `since`, or since the last hunt. */
  hunt?: boolean;
  /** hunt: only indicators added since then. */
  since?: string;
  org?: string;
  alerts?: string;
  json?: boolean;
  warninglists?: string;
  mapping?: string;
  maxLineBytes?: string;
  quiet?: boolean;
  top: string;
  /** Alerts kept in the store per organization (the oldest recorded go first). */
  keepAlerts: string;
  /** A thresholds file, or false for --no-analytics (scan only; hunt never runs them). */
  analytics?: string | false;
}

/** The options `scan` and `hunt` share. */
function withScanOptions(command: Command): Command {
  return withStoreOption(
    command
      .option("--org <org>", t("help:ship.org"))
      .option("--alerts <file>", t("help:scan.alerts"))
      .option("--warninglists <path>", t("help:scan.warninglists"))
      .option("--mapping <file>", t("help:scan.mapping"))
      .option("--max-line-bytes <n>", t("help:ship.maxLineBytes"), String(1 << 20))
      .option("--top <n>", t("help:scan.top"), "10")
      .option("--keep-alerts <n>", t("help:scan.keepAlerts"), String(ALERTS_KEPT))
      .option("--json", t("help:assets.import.json"))
      .option("--analytics <file>", t("help:scan.analytics"))
      .option("--no-analytics", t("help:scan.noAnalytics"))
      .option("-q, --quiet", t("help:assets.import.quiet")),
  );
}

/** `centinela scan FILE|DIR|- …` and `centinela hunt ARCHIVE… [--since SPAN]`. */
export function registerScanCommand(program: Command): void {
  const run = async (paths: string[], options: ScanCommandOptions) => {
    process.exitCode = await runScan(paths, options);
  };
  const hunt = async (paths: string[], options: ScanCommandOptions) => {
    process.exitCode = await runScan(paths, { ...options, hunt: true });
  };
  withScanOptions(
    program.command("scan").description(t("help:scan._")).argument("<paths...>", t("help:ship.paths")),
  ).action(run);
  withScanOptions(
    program
      .command("hunt")
      .description(t("help:hunt._"))
      .argument("<paths...>", t("help:hunt.paths"))
      .option("--since <when>", t("help:hunt.since")),
  ).action(hunt);
}

/** The setting that keeps when the last hunt for an organization (or for none) began. */
function lastHuntSetting(orgId: string | null): string {
  return `detect.hunt.last:${orgId ?? "*"}`;
}

/** `--since 30d`, `12h`, or a date, as an ISO instant; null when it is none of them. */
export function sinceInstant(text: string, now = Date.now()): string | null {
  const span = /^(\d+)\s*([dh])$/.exec(text.trim());
  if (span) return new Date(now - Number(span[1]) * (span[2] === "d" ? 86_400_000 : 3_600_000)).toISOString();
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms <= now ? new Date(ms).toISOString() : null;
}

async function runScan(paths: string[], options: ScanCommandOptions): Promise<number> {
  const maxLineBytes = Number(options.maxLineBytes);
  if (!Number.isInteger(maxLineBytes) || maxLineBytes < 1024) {
    printError(t("detect:badMaxLine", { value: options.maxLineBytes }));
    return 2;
  }
  const top = Number(options.top);
  if (!Number.isInteger(top) || top < 0) {
    printError(t("common:value.wholeNumber", { name: "--top", value: options.top }));
    return 2;
  }
  const keep = Number(options.keepAlerts);
  if (!Number.isSafeInteger(keep) || keep < 1) {
    printError(t("common:value.wholeNumber", { name: "--keep-alerts", value: options.keepAlerts }));
    return 2;
  }
  let since = options.since === undefined ? null : sinceInstant(options.since);
  if (options.since !== undefined && since === null) {
    printError(t("detect:badSince", { value: options.since }));
    return 2;
  }
  let files: string[];
  let mapping: FieldMapping | null = null;
  let warninglists: WarninglistMatcher | null = null;
  let analyticsOptions: typeof DEFAULT_ANALYTICS | null = null;
  try {
    files = await expandLogPaths(paths);
    if (options.mapping !== undefined) mapping = await loadFieldMapping(options.mapping);
    const wlPath = warninglistsPath(options.warninglists);
    if (wlPath !== null) warninglists = await readWarninglists(wlPath, options.json);
    // The retro-hunt looks for new indicators only; behaviour was judged when the logs were first scanned.
    if (since === null && options.analytics !== false)
      analyticsOptions =
        typeof options.analytics === "string" ? await readAnalyticsOptions(options.analytics) : DEFAULT_ANALYTICS;
  } catch (error) {
    printError(error);
    return 2;
  }
  const store = await openCommandStore(options);
  let out: OutputFile | null = null;
  try {
    // The organization is checked before the index is built: a typo costs nothing.
    let org: SightingOrg | null = null;
    if (options.org !== undefined) {
      const found = await resolveOrg(store, options.org);
      // An organization's own traffic is amber unless its profile says otherwise.
      org = await sightingOrg(store, found.id);
    }
    // Opened before the index is built: a path that cannot be written costs nothing.
    try {
      out = options.alerts ? await openOutputFile(options.alerts, "--alerts") : null;
    } catch (error) {
      printError(error);
      return 2;
    }
    // A hunt without --since starts where the last one (for this organization) began, so an
    // indicator added while it ran is hunted next time.
    const remembered = options.hunt === true && options.since === undefined;
    if (remembered) {
      since = await store.directory.getSetting(lastHuntSetting(org?.id ?? null));
      if (since === null) {
        printError(t("detect:noLastHunt"));
        return 2;
      }
      if (options.json !== true && options.quiet !== true)
        process.stderr.write(`${t("detect:sinceLastHunt", { since })}\n`);
    }
    const huntStarted = new Date().toISOString();
    const markHunt = () =>
      options.hunt === true
        ? store.directory.putSetting(CLI_ACTOR, lastHuntSetting(org?.id ?? null), huntStarted)
        : null;
    const loaded = await loadIndex(store, undefined, since);
    const stats = loaded.index.stats();
    if (stats.indicators === 0) {
      if (remembered) {
        // Nothing new since the last hunt is the ordinary case for a hunt run from cron.
        await markHunt();
        process.stdout.write(`${t("detect:noNewIndicators", { since })}\n`);
        return 0;
      }
      // With no indicators yet, the behaviour analytics still have something to say about a
      // network (exfiltration, lateral spread); without them there is nothing to do.
      if (since !== null || analyticsOptions === null) {
        printError(since === null ? t("detect:noIndicators") : t("detect:noNewIndicators", { since }));
        return 2;
      }
      if (options.quiet !== true) process.stderr.write(`${t("detect:analyticsOnly")}\n`);
    } else if (options.json !== true && options.quiet !== true) {
      const o = loaded.first.outcomes;
      process.stderr.write(
        `${t("detect:index", {
          count: stats.indicators,
          ms: Math.round(loaded.first.ms),
          exact: o.exact ?? 0,
          patterns: (o.prefilter ?? 0) + (o.closure ?? 0),
          skipped: (o["not-stix"] ?? 0) + (o.invalid ?? 0) + (o["bad-id"] ?? 0),
        })}\n`,
      );
    }
    // The alerts of the file being read, recorded as sightings once it is done.
    let pending: Alert[] = [];
    // The analytics' alerts, kept in the store with the file's.
    let pendingAnalytic: AnalyticAlert[] = [];
    const sightings = { events: 0, newEvents: 0, written: 0 };
    const stored = { added: 0, pruned: 0 };
    // Alerts on indicators the organization may not read are not kept as its own (org-visibility.ts).
    const visibility = org === null ? null : orgVisibility(store, org.id);
    let withheld = 0;
    const storeAlerts = async () => {
      if (org === null) return;
      const records: AlertInput[] = [
        ...pending.map((a) => alertRecord(a)),
        ...pendingAnalytic.map((a) => alertRecord(a)),
      ];
      pendingAnalytic = [];
      const done = await insertAlerts(store, org.id, records, keep);
      stored.added += done.added;
      stored.pruned += done.pruned;
    };
    const onAlert = (alert: Alert) => {
      // A failed write (a full disk) is reported by close, at the end.
      out?.write(`${JSON.stringify(alert)}\n`).catch(() => {});
      if (org !== null) pending.push(alert);
    };
    // The lists warninglists feeds stored suppress as well, with any given by path.
    const kept = await storedWarninglistMatcher(store.directory);
    if (kept !== null && options.json !== true && options.quiet !== true)
      process.stderr.write(
        `${t("detect:storedWarninglists", { lists: kept.stats.lists, entries: kept.stats.entries })}\n`,
      );
    const engine = new Engine({ index: loaded.index, warninglists: combineMatchers(warninglists, kept), onAlert });
    const analytics =
      analyticsOptions === null
        ? null
        : new BehaviourAnalytics(analyticsOptions, (alert: AnalyticAlert) => {
            out?.write(`${JSON.stringify(alert)}\n`).catch(() => {});
            if (org !== null) pendingAnalytic.push(alert);
          });
    let connFiles = 0;
    const started = performance.now();
    let bytes = 0;
    for (const file of files) {
      let spooled: { file: string; remove(): Promise<void> } | null = null;
      const progress = createProgress(
        file === "-" ? "stdin" : file,
        null,
        "bytes",
        options.quiet === true || options.json === true,
      );
      try {
        // The analytics read connection logs a second time; standard input cannot be read twice,
        // so it is kept in a temporary file while it is read.
        spooled = analytics !== null && file === "-" ? await spoolStdin() : null;
        const path = spooled?.file ?? file;
        const result = await scanInput(file, await openSource(path), engine, {
          mapping,
          maxLineBytes,
          onProgress: (_f, read) =>
            progress.update(read, { events: engine.counts.events, alerts: engine.counts.alerts }),
        });
        bytes += result.bytes;
        if (analytics !== null) {
          const conns = await readConnections(path, (c) => analytics.observe(c), file);
          if (conns.format !== null) connFiles++;
        }
      } finally {
        progress.stop();
        await spooled?.remove();
      }
      if (visibility !== null && pending.length > 0) {
        const v = await visibility.filter(pending);
        pending = v.kept;
        withheld += v.withheld;
      }
      await storeAlerts();
      if (org !== null && pending.length > 0) {
        const written = await recordSightings(store, org, pending);
        sightings.events += written.events;
        sightings.newEvents += written.newEvents;
        sightings.written += written.sightings;
        pending = [];
      }
    }
    analytics?.finish();
    await storeAlerts();
    const seconds = (performance.now() - started) / 1000;
    await out?.close();
    await markHunt();
    const summary = summaryOf(engine.counts, files.length, bytes, seconds, top);
    summary.analytics = analytics === null ? null : { ...analytics.counts, files: connFiles };
    summary.sightings = org === null ? null : sightings;
    summary.stored = org === null ? null : stored;
    summary.withheld = org === null ? null : withheld;
    if (options.json === true) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(formatSummary(summary, options.alerts));
    return 0;
  } finally {
    await out?.close().catch(() => {});
    await store.close();
  }
}

/** Standard input copied to a temporary file (removed by `remove`), for a second read. */
async function spoolStdin(): Promise<{ file: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-stdin-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, "stdin");
  try {
    await pipeline(process.stdin, createWriteStream(file));
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, remove };
}

/** The scan's outcome, as --json prints it. */
export interface ScanSummary {
  files: number;
  events: number;
  bytes: number;
  seconds: number;
  eventsPerSecond: number;
  alerts: number;
  indicatorsSeen: number;
  suppressed: number;
  suppressedByList: Record<string, number>;
  outsideValidity: number;
  unconfirmed: number;
  badLines: number;
  firstBadLines: Array<{ file: string; line: number; reason: string }>;
  top: Array<{ indicator_id: string; value: string; count: number }>;
  /** What --org recorded: matching events, those not recorded before, sightings written; null without --org. */
  sightings: { events: number; newEvents: number; written: number } | null;
  /** What --org kept in the store's alerts: alerts not recorded before, and the oldest deleted past --keep-alerts; null without --org. */
  stored: { added: number; pruned: number } | null;
  /** With --org: indicator alerts not kept as the organization's, their indicator being another organization's that it may not read (TLP); null without --org. */
  withheld: number | null;
  /** The behaviour analytics: connections read (from `files` connection logs), alerts by kind, caps reached; null when off. */
  analytics: (AnalyticsCounts & { files: number }) | null;
}

function summaryOf(c: EngineCounts, files: number, bytes: number, seconds: number, top: number): ScanSummary {
  const seen = [...c.byIndicator.entries()]
    .map(([id, v]) => ({ indicator_id: id, value: v.value, count: v.count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    files,
    events: c.events,
    bytes,
    seconds: Number(seconds.toFixed(3)),
    eventsPerSecond: seconds > 0 ? Math.round(c.events / seconds) : c.events,
    alerts: c.alerts,
    indicatorsSeen: seen.length,
    suppressed: c.suppressed,
    suppressedByList: Object.fromEntries(c.suppressedByList),
    outsideValidity: c.outsideValidity,
    unconfirmed: c.unconfirmed,
    badLines: c.badLines,
    firstBadLines: c.badSamples.slice(0, 100),
    top: seen.slice(0, top),
    sightings: null,
    stored: null,
    withheld: null,
    analytics: null,
  };
}

const BAD_SHOWN = 10;

function formatSummary(s: ScanSummary, alertsFile: string | undefined): string {
  const lines = [
    t("detect:summary.title", {
      count: s.files,
      events: s.events,
      seconds: s.seconds.toFixed(1),
      rate: s.eventsPerSecond,
      mb: (s.seconds > 0 ? s.bytes / 1e6 / s.seconds : 0).toFixed(1),
    }),
    t("detect:summary.alerts", { n: s.alerts }),
    t("detect:summary.indicators", { n: s.indicatorsSeen }),
  ];
  if (s.suppressed > 0) {
    lines.push(t("detect:summary.suppressed", { n: s.suppressed }));
    for (const [list, n] of Object.entries(s.suppressedByList))
      lines.push(t("detect:summary.suppressedBy", { list, n }));
  }
  if (s.outsideValidity > 0) lines.push(t("detect:summary.outsideValidity", { n: s.outsideValidity }));
  if (s.unconfirmed > 0) lines.push(t("detect:summary.unconfirmed", { n: s.unconfirmed }));
  lines.push(t("detect:summary.badLines", { n: s.badLines }));
  for (const b of s.firstBadLines.slice(0, BAD_SHOWN)) lines.push(t("detect:summary.badLine", b));
  if (s.badLines > BAD_SHOWN) lines.push(t("detect:summary.moreBadLines", { n: s.badLines - BAD_SHOWN }));
  if (s.top.length > 0) {
    lines.push(t("detect:summary.top"));
    for (const x of s.top)
      lines.push(t("detect:summary.topLine", { count: x.count, value: x.value, id: x.indicator_id }));
  }
  lines.push(...analyticsLines(s.analytics));
  if (s.sightings !== null) lines.push(t("detect:summary.sightings", s.sightings));
  if (s.stored !== null)
    lines.push(t(s.stored.pruned > 0 ? "detect:summary.storedPruned" : "detect:summary.stored", s.stored));
  else if (s.alerts > 0) lines.push(t("detect:summary.noOrg"));
  if (s.withheld !== null && s.withheld > 0) lines.push(t("detect:summary.withheld", { count: s.withheld }));
  if (alertsFile) lines.push(t("detect:summary.alertsFile", { file: alertsFile }));
  return `${lines.join("\n")}\n`;
}

function analyticsLines(a: ScanSummary["analytics"]): string[] {
  if (a === null) return [t("detect:analytics.summary.off")];
  if (a.files === 0) return [t("detect:analytics.summary.noConn")];
  const lines = [
    t("detect:analytics.summary.title", { count: a.alerts, alerts: a.alerts, connections: a.connections }),
    t("detect:analytics.summary.kinds", {
      exfiltration: a.byKind.exfiltration,
      lateral: a.byKind["lateral-movement"],
      beacon: a.byKind.beacon,
      long: a.byKind["long-connection"],
    }),
  ];
  const d = a.dropped;
  if (d.exfiltration + d.baseline + d.lateral + d.beacon > 0) lines.push(t("detect:analytics.summary.dropped", d));
  return lines;
}
