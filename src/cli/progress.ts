import cliProgress from "cli-progress";

/** A progress display for long work: a bar on a terminal, a line every few seconds otherwise. */
export interface Progress {
  update(done: number, detail: Record<string, number | string>): void;
  stop(): void;
}

/**
 * A progress display on standard error. `total` is in the same unit as `done` (bytes of input,
 * objects…); null when unknown (standard input), which shows counts without a bar.
 */
export function createProgress(
  label: string,
  total: number | null,
  unit: "bytes" | "objects",
  quiet: boolean,
): Progress {
  if (quiet) return { update() {}, stop() {} };
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update(done, detail) {
        const now = Date.now();
        if (now - last < 5000) return;
        last = now;
        process.stderr.write(`${label}: ${describe(done, total, unit)} ${formatDetail(detail)}\n`);
      },
      stop() {},
    };
  }
  const format =
    total === null
      ? `${label} {value} ${unit === "bytes" ? "bytes" : "objects"} | {detail}`
      : `${label} [{bar}] {percentage}% | {detail}`;
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: false, barsize: 30, fps: 5 },
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

function describe(done: number, total: number | null, unit: string): string {
  if (total === null || total === 0) return `${done} ${unit}`;
  return `${((100 * done) / total).toFixed(0)}%`;
}

function formatDetail(detail: Record<string, number | string>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`)
    .join("  ");
}
