import { t } from "../i18n/index.js";
import type { Store, VulnPutCounts, VulnRecord } from "../store/index.js";
import { isCve5Record, readCve5 } from "./cve5.js";
import { parseEpss } from "./epss.js";
import { type VulnProblem, VulnsError } from "./errors.js";
import { parseKevCsv, parseKevJson } from "./kev.js";
import { readNvdCve } from "./nvd.js";
import { expandOsvDocument, OSV_FILES, readOsvDocument } from "./osv-source.js";
import { listSource, readDocument, type SourceDocument } from "./sources.js";

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
  /** CVE JSON 5 records (CVE program, CISA Vulnrichment): a file, a URL, or a folder read with its subfolders. */
  cve5?: string;
  /** OSV records: a .json file, a .zip of them, a folder (subfolders too) or a URL. */
  osv?: string;
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

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new VulnsError("NVD_BAD_JSON", `${name}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * A folder, file or URL that gave no record is an error: a wrong folder, or records of another
 * format, must not look like a successful load of nothing.
 */
function requireRecords(r: SourceReport, spec: string, option: string, what: string): void {
  if (r.records > 0) return;
  const files = option === "--osv" ? t("errors:vulns.details.filesOsv") : t("errors:vulns.details.filesJson");
  const seen =
    r.documents === 0
      ? t("errors:vulns.details.noFiles", { files })
      : t("errors:vulns.details.noneOfKind", { count: r.documents, what });
  // The first problem usually says why (a damaged zip, a file of another format).
  const first = r.problems[0];
  throw new VulnsError(
    "SOURCE_EMPTY",
    `${t("errors:vulns.details.emptySource", { option, spec, seen })}${first ? t("errors:vulns.details.firstProblem", { document: first.document, message: first.message }) : ""}`,
  );
}

/** The raw `cve` objects of an NVD document (API 2.0 response, `{ cve }`, or a bare record). */
function rawNvdRecords(text: string, name: string): unknown[] {
  const doc = parseJson(text, name);
  if (isCve5Record(doc)) throw new VulnsError("NVD_NOT_A_RECORD", t("errors:vulns.details.isCve5", { name }));
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
    out.nvd = await syncRecordFiles(store, "nvd", sources.nvd, onProgress, (doc, pending, problems) => {
      rawNvdRecords(doc.text, doc.name).forEach((raw, i) => {
        const cve = readNvdCve(raw, i, problems);
        if (cve) pending.push({ id: cve.id, data: JSON.stringify(raw) });
      });
    });
    requireRecords(out.nvd, sources.nvd, "--nvd", t("errors:vulns.details.kindNvd"));
  }
  if (sources.cve5) {
    out.cve5 = await syncRecordFiles(store, "cve5", sources.cve5, onProgress, readCve5Document);
    requireRecords(out.cve5, sources.cve5, "--cve5", t("errors:vulns.details.kindCve5"));
  }
  if (sources.osv) {
    out.osv = await syncRecordFiles(store, "osv", sources.osv, onProgress, readOsvDocument, {
      match: OSV_FILES,
      expand: expandOsvDocument,
    });
    requireRecords(out.osv, sources.osv, "--osv", t("errors:vulns.details.kindOsv"));
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

/** Reads one CVE JSON 5 document; a document of another format is a problem, the rest still load. */
function readCve5Document(doc: SourceDocument, pending: VulnRecord[], problems: VulnProblem[]): void {
  const json = parseJson(doc.text, doc.name);
  if (!isCve5Record(json)) {
    problems.push({
      code: "CVE5_NOT_A_RECORD",
      index: 0,
      line: 0,
      id: null,
      path: "dataType",
      message: t("errors:vulns.problem.notCve5"),
    });
    return;
  }
  const rec = readCve5(json, 0, problems);
  if (rec) pending.push({ id: rec.cveId, data: JSON.stringify(rec) });
}

/** How a kind of record file is listed and opened: which files of a folder, and what one file holds. */
interface RecordFiles {
  match?: RegExp;
  /** The documents in one file read (a zip's entries); default: the file itself. */
  expand?: (doc: SourceDocument, problems: VulnProblem[]) => SourceDocument[];
}

/**
 * Loads a source of record files (a file, a URL, or a folder with its subfolders), `read` turning
 * each document into records and problems, stored a batch at a time.
 */
async function syncRecordFiles(
  store: Store,
  kind: "nvd" | "cve5" | "osv",
  spec: string,
  onProgress: SyncProgress,
  read: (doc: SourceDocument, pending: VulnRecord[], problems: VulnProblem[]) => void,
  files: RecordFiles = {},
): Promise<SourceReport> {
  const r = report();
  const names = await listSource(spec, true, files.match);
  let pending: VulnRecord[] = [];
  for (const name of names) {
    const file = await readDocument(name);
    const opened: VulnProblem[] = [];
    const docs = files.expand ? files.expand(file, opened) : [file];
    for (const p of opened) r.problems.push({ ...p, document: file.name });
    for (const doc of docs) {
      const problems: VulnProblem[] = [];
      read(doc, pending, problems);
      for (const p of problems) r.problems.push({ ...p, document: doc.name });
    }
    r.documents++;
    if (pending.length >= BATCH) {
      r.records += pending.length;
      add(r, await store.inventory.putVulnRecords(kind, pending));
      pending = [];
    }
    onProgress(kind, r.documents, names.length, r.records + pending.length);
  }
  r.records += pending.length;
  add(r, await store.inventory.putVulnRecords(kind, pending));
  return r;
}
