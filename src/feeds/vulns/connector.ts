import { listSource, type SourceReport, syncVulns, VulnsError } from "../../vulns/index.js";
import type { Connector, FeedCounts, FeedPage } from "../contract.js";
import { baseName, checkReadable, type SourceConfig, sourceOf } from "./source-config.js";

/**
 * The KEV, NVD and EPSS kinds, on the one path `vulns sync` takes (vulns' syncVulns): a feed of
 * these kinds is `vulns sync --kev|--nvd|--epss SOURCE` run on a schedule, with its cursor. KEV
 * and EPSS are one document, one page. NVD reads a folder one file a page: the cursor is the
 * last file stored in the current pass, so an interrupted pass resumes after it, and a file
 * that is not an NVD record is reported and the pass goes on.
 */

/** A vulns feed's kind. */
export type VulnsKind = "kev" | "nvd" | "epss";

function countsOf(report: SourceReport | undefined): FeedCounts {
  return report
    ? { new: report.new, changed: report.updated, unchanged: report.unchanged, rejected: report.problems.length }
    : { new: 0, changed: 0, unchanged: 0, rejected: 0 };
}

function problemsOf(report: SourceReport | undefined): string[] {
  return (report?.problems ?? []).map(
    (p) => `${p.document}${p.line ? `:${p.line}` : ""}${p.id ? ` ${p.id}` : ""}: ${p.code} ${p.message}`,
  );
}

/** Where an NVD pass stands: the last file stored, or null at the start of a pass. */
interface NvdCursor {
  after: string | null;
}

async function* pullNvd(store: Parameters<typeof syncVulns>[0], source: string, cursor: string | null) {
  const after = cursor ? ((JSON.parse(cursor) as NvdCursor).after ?? null) : null;
  const files = await listSource(source, true);
  for (const file of files) {
    if (after !== null && file <= after) continue;
    const last = file === files[files.length - 1];
    const next = JSON.stringify({ after: last ? null : file } satisfies NvdCursor);
    try {
      const report = await syncVulns(store, { nvd: file });
      yield { cursor: next, label: file, counts: countsOf(report.nvd), problems: problemsOf(report.nvd) };
    } catch (error) {
      // A file that is not an NVD record (or not JSON) is this page's problem, not the pass's.
      if (!(error instanceof VulnsError)) throw error;
      yield {
        cursor: next,
        label: file,
        counts: { new: 0, changed: 0, unchanged: 0, rejected: 1 },
        problems: [`${file}: ${error.code} ${error.message}`],
      };
    }
  }
}

/** The connector of one vulns kind. */
export function vulnsConnector(kind: VulnsKind, defaultEverySeconds: number): Connector<SourceConfig> {
  return {
    kind,
    summary: `feeds:kinds.${kind}` as const,
    options: [],
    defaultEverySeconds,
    configure: (input) => ({ source: sourceOf(input) }),
    defaultId: (config) => `${kind}/${baseName(config.source)}`,
    describe: (config) => config.source,
    sameSource: (before, after) => before.source === after.source,
    check: (config) => checkReadable(config.source, kind === "nvd" ? /\.json(\.gz)?$/i : undefined),
    async *pull(run): AsyncGenerator<FeedPage> {
      if (kind === "nvd") {
        yield* pullNvd(run.store, run.config.source, run.cursor);
        return;
      }
      const report = (await syncVulns(run.store, { [kind]: run.config.source }))[kind];
      yield {
        cursor: JSON.stringify({ loaded: new Date().toISOString() }),
        label: run.config.source,
        counts: countsOf(report),
        problems: problemsOf(report),
      };
    },
  };
}
