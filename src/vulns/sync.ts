import type { Store, VulnPutCounts, VulnRecord } from "../store/index.js";
import { parseEpss } from "./epss.js";
import { type VulnProblem, VulnsError } from "./errors.js";
import { parseKevCsv, parseKevJson } from "./kev.js";
import { readNvdCve } from "./nvd.js";
import { listSource, readDocument } from "./sources.js";

/**
 * `vulns sync`: the KEV catalog, NVD CVE 2.0 records and EPSS scores read from files, folders or
 * URLs, validated, and stored by CVE id. Loading the same data again changes nothing (every
 * record counts as unchanged). NVD records are kept as their JSON text and read again when the
 * action list is computed, so a newer parser sees everything the record said.
 */

/** What to load; each source is a file, a folder (NVD) or an http(s) URL. */
export interface VulnSources {
  kev?: string;
  nvd?: string;
  epss?: string;
}

/** The outcome of one source. */
export interface SourceReport extends VulnPutCounts {
  documents: number;
  records: number;
  /** Records rejected or partly read, each with the document it came from. */
  problems: (VulnProblem & { document: string })[];
}

/** The outcome of a sync, by source. */
export type SyncReport = Partial<Record<keyof VulnSources, SourceReport>>;

/** Progress: which source, documents done of total, records stored so far. */
export type SyncProgress = (source: keyof VulnSources, done: number, total: number, records: number) => void;

const BATCH = 2000;

function report(): SourceReport {
  return { documents: 0, records: 0, problems: [], new: 0, updated: 0, unchanged: 0 };
}

function add(into: SourceReport, counts: VulnPutCounts): void {
  into.new += counts.new;
  into.updated += counts.updated;
  into.unchanged += counts.unchanged;
}

/** The raw `cve` objects of an NVD document (API 2.0 response, `{ cve }`, or a bare record). */
function rawNvdRecords(text: string, name: string): unknown[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new VulnsError("NVD_BAD_JSON", `${name}: ${(cause as Error).message}`, { cause });
  }
  const d = doc as Record<string, unknown> | null;
  if (d && typeof d === "object" && Array.isArray(d.vulnerabilities))
    return d.vulnerabilities.map((v) => (v as { cve?: unknown })?.cve);
  if (d && typeof d === "object" && typeof d.cve === "object") return [d.cve];
  if (d && typeof d === "object" && typeof d.id === "string") return [d];
  throw new VulnsError("NVD_NOT_A_RECORD", name);
}

/** Loads the given sources into the store. A source that cannot be read at all throws a VulnsError. */
export async function syncVulns(
  store: Store,
  sources: VulnSources,
  onProgress: SyncProgress = () => {},
): Promise<SyncReport> {
  const out: SyncReport = {};
  if (sources.kev) {
    const r = report();
    const doc = await readDocument(sources.kev);
    const catalog = doc.text.trimStart().startsWith("{") ? parseKevJson(doc.text) : parseKevCsv(doc.text);
    r.documents = 1;
    r.records = catalog.entries.length;
    r.problems = catalog.problems.map((p) => ({ ...p, document: doc.name }));
    const records = catalog.entries.map((e) => ({ id: e.cveId, data: JSON.stringify(e) }));
    add(r, await store.inventory.putVulnRecords("kev", records));
    onProgress("kev", 1, 1, records.length);
    out.kev = r;
  }
  if (sources.nvd) {
    const r = report();
    const names = await listSource(sources.nvd);
    let pending: VulnRecord[] = [];
    for (const name of names) {
      const doc = await readDocument(name);
      const problems: VulnProblem[] = [];
      rawNvdRecords(doc.text, doc.name).forEach((raw, i) => {
        const cve = readNvdCve(raw, i, problems);
        if (cve) pending.push({ id: cve.id, data: JSON.stringify(raw) });
      });
      for (const p of problems) r.problems.push({ ...p, document: doc.name });
      r.documents++;
      if (pending.length >= BATCH) {
        r.records += pending.length;
        add(r, await store.inventory.putVulnRecords("nvd", pending));
        pending = [];
      }
      onProgress("nvd", r.documents, names.length, r.records + pending.length);
    }
    r.records += pending.length;
    add(r, await store.inventory.putVulnRecords("nvd", pending));
    out.nvd = r;
  }
  if (sources.epss) {
    const r = report();
    const doc = await readDocument(sources.epss);
    const scores = parseEpss(doc.text);
    r.documents = 1;
    r.problems = scores.problems.map((p) => ({ ...p, document: doc.name }));
    const records = [...scores.scores].map(([id, s]) => ({ id, data: JSON.stringify(s) }));
    r.records = records.length;
    for (let i = 0; i < records.length; i += BATCH * 10) {
      add(r, await store.inventory.putVulnRecords("epss", records.slice(i, i + BATCH * 10)));
      onProgress(
        "epss",
        Math.min(i + BATCH * 10, records.length),
        records.length,
        Math.min(i + BATCH * 10, records.length),
      );
    }
    out.epss = r;
  }
  return out;
}
