import cliProgress from "cli-progress";
import { formatNumber, type MessageKey, t } from "../i18n/index.js";

/** A progress display for long work: a bar on a terminal, a line every few seconds otherwise. */
export interface Progress {
  update(done: number, detail: Record<string, number | string>): void;
  /** Ends the display; off a terminal, prints the last figures once more as the true final line. */
  stop(): void;
}

/** How often a line is written when standard error is not a terminal (a log, cron's mail). */
export const PLAIN_INTERVAL_MS = 5000;

/**
 * A progress display on standard error. `total` is in the same unit as `done` (bytes of input,
 * objects…); null when unknown (standard input), which shows counts without a bar. Detail keys
 * that are progress words (read, stored, rejected…) are shown in the reader's language.
 */
export function createProgress(
  label: string,
  total: number | null,
  unit: "bytes" | "objects",
  quiet: boolean,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (!stream.isTTY) {
    let last = 0;
    let latest: string | null = null;
    let printed: string | null = null;
    const print = (line: string) => {
      stream.write(`${line}\n`);
      printed = line;
    };
    return {
      update(done, detail) {
        latest = `${label}: ${describe(done, total, unit)} ${formatDetail(detail)}`.trimEnd();
        const now = Date.now();
        if (now - last < PLAIN_INTERVAL_MS) return;
        last = now;
        print(latest);
      },
      stop() {
        if (latest !== null && latest !== printed) print(latest);
        latest = null;
      },
    };
  }
  const format =
    total === null
      ? `${label} {value} ${t(unit === "bytes" ? "cli:progress.bytes" : "cli:progress.objects")} | {detail}`
      : `${label} [{bar}] {percentage}% | {detail}`;
  const bar = new cliProgress.SingleBar(
    { format, stream, hideCursor: true, clearOnComplete: false, barsize: 30, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { detail: "" });
  return {
    update(done, detail) {
      bar.update(done, { detail: formatDetail(detail) });
    },
    stop() {
      bar.stop();
    },
  };
}

function describe(done: number, total: number | null, unit: "bytes" | "objects"): string {
  if (total === null || total === 0)
    return `${formatNumber(done)} ${t(unit === "bytes" ? "cli:progress.bytes" : "cli:progress.objects")}`;
  return `${((100 * Math.min(done, total)) / total).toFixed(0)}%`;
}

const WORDS: Record<string, MessageKey> = {
  read: "cli:progress.read",
  stored: "cli:progress.stored",
  rejected: "cli:progress.rejected",
  events: "cli:progress.events",
  alerts: "cli:progress.alerts",
  lines: "cli:progress.lines",
  records: "cli:progress.records",
};

function formatDetail(detail: Record<string, number | string>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${WORDS[k] ? t(WORDS[k]) : k} ${typeof v === "number" ? formatNumber(v) : v}`)
    .join("  ");
}
