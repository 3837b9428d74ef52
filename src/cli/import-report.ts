import { formatNumber, t } from "../i18n/index.js";
import type { ImportSummary, Rejection, RejectionReason, WarnedObject } from "../ingest/index.js";

/** What `import` prints about each rejected or warned object and at the end, in the reader's language. */

function where(source: string, line: number, index: number): string {
  return index >= 0 ? t("cli:import.where", { source, line, number: index + 1 }) : source;
}

function reasonLines(reasons: readonly RejectionReason[]): string[] {
  const lines = reasons.slice(0, 5).map((r) =>
    t("cli:import.reason", {
      code: r.code,
      at: r.path ? t("cli:import.at", { path: r.path }) : "",
      message: r.message,
    }),
  );
  if (reasons.length > 5) lines.push(t("cli:import.moreReasons", { count: reasons.length - 5 }));
  return lines;
}

/** One rejection as a person reads it: where, which object, and every reason. */
export function describeRejection(r: Rejection): string {
  const head = t("cli:import.rejected", { where: where(r.source, r.line, r.index), id: r.id ? ` ${r.id}` : "" });
  return [head, ...reasonLines(r.reasons)].join("\n");
}

/** One object stored with warnings: where, which object, and each warning. */
export function describeWarned(w: WarnedObject): string {
  return [
    t("cli:import.warned", { where: where(w.source, w.line, w.index), id: w.id }),
    ...reasonLines(w.warnings),
  ].join("\n");
}

/** How many rejections and warned objects the terminal was shown. */
export interface Shown {
  rejections: number;
  warned: number;
}

function byCode(counts: Record<string, number>): string[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([code, count]) => t("cli:import.summary.code", { code, count }));
}

/** The summary's lines on warninglisted indicators, by list (most first); none when nothing was flagged. */
export function warninglistLines(s: Pick<ImportSummary, "warninglisted" | "warninglistedByList">): string[] {
  if (s.warninglisted === 0) return [];
  const byList = Object.entries(s.warninglistedByList)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([list, count]) => t("cli:import.summary.warninglist", { list, count }));
  const shown = byList.slice(0, 12);
  if (byList.length > shown.length)
    shown.push(t("cli:import.summary.warninglistMore", { count: byList.length - shown.length }));
  return [t("cli:import.summary.warninglisted", { count: s.warninglisted }), ...shown];
}

/** The closing summary of an import, for a person. */
export function formatSummary(s: ImportSummary, seconds: number, shown: Shown | number, rejectsFile?: string): string {
  const seen = typeof shown === "number" ? { rejections: shown, warned: 0 } : shown;
  const rate = seconds > 0 ? Math.round(s.read / seconds) : s.read;
  const lines = [
    "",
    t("cli:import.summary.read", {
      count: s.read,
      seconds: formatNumber(seconds, undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 }),
      rate,
    }),
    t("cli:import.summary.new", { count: s.new }),
    t("cli:import.summary.newVersion", { count: s.newVersion }),
    t("cli:import.summary.unchanged", { count: s.unchanged }),
    t("cli:import.summary.rejected", { count: s.rejected }),
    ...byCode(s.rejectedByCode),
  ];
  if (s.warned > 0) lines.push(t("cli:import.summary.warned", { count: s.warned }), ...byCode(s.warningsByCode));
  lines.push(...warninglistLines(s));
  if (s.rejected > seen.rejections) {
    lines.push(
      rejectsFile
        ? t("cli:import.summary.rejectsFile", { file: rejectsFile })
        : t("cli:import.summary.notShown", { count: s.rejected - seen.rejections }),
    );
  }
  if (s.warned > seen.warned && typeof shown !== "number")
    lines.push(t("cli:import.summary.warningsNotShown", { count: s.warned - seen.warned }));
  return `${lines.join("\n")}\n`;
}
