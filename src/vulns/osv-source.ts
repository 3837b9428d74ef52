import { unzipSync } from "fflate";
import { t } from "../i18n/index.js";
import type { VulnRecord } from "../store/index.js";
import { isCve5Record } from "./cve5.js";
import type { VulnProblem } from "./errors.js";
import { osvDocumentRecords, readOsv } from "./osv.js";
import type { SourceDocument } from "./sources.js";

/**
 * Where `vulns sync --osv` reads OSV records from: a .json file (one record, an array, or an OSV
 * API answer), a folder of them (subfolders too), a .zip of them (as the OSV project publishes
 * each ecosystem: `all.zip`), or a URL giving either; gzip is told by content (sources/), a zip
 * by its signature. A damaged zip or a file that is not OSV is a problem naming the file, and
 * the other files still load.
 */

/** The files of a folder that `--osv` reads. */
export const OSV_FILES = /\.(json|zip)(\.gz)?$/i;

/** The largest file inside a zip that is read (bytes, uncompressed): a record is a few KB. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

function isZip(bytes: Uint8Array): boolean {
  // "PK\3\4" starts a zip with entries, "PK\5\6" an empty one.
  return (
    bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) && (bytes[3] === 4 || bytes[3] === 6)
  );
}

function fileProblem(code: VulnProblem["code"], path: string, message: string): VulnProblem {
  return { code, index: 0, line: 0, id: null, path, message };
}

/**
 * The documents in one read file: itself, or the .json entries of a zip (named `zip!entry`).
 * A damaged zip gives none and one problem.
 */
export function expandOsvDocument(doc: SourceDocument, problems: VulnProblem[]): SourceDocument[] {
  if (!isZip(doc.bytes)) {
    if (/\.zip(\.gz)?$/i.test(doc.name))
      problems.push(fileProblem("OSV_BAD_ZIP", "", t("exposure:osv.notAZip", { name: doc.name })));
    else return [doc];
    return [];
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(doc.bytes, {
      filter: (f) => /\.json$/i.test(f.name) && f.originalSize <= MAX_ENTRY_BYTES,
    });
  } catch (cause) {
    problems.push(
      fileProblem("OSV_BAD_ZIP", "", t("exposure:osv.badZip", { name: doc.name, why: (cause as Error).message })),
    );
    return [];
  }
  const decoder = new TextDecoder();
  return Object.keys(entries)
    .sort()
    .map((entry) => {
      const bytes = entries[entry] as Uint8Array;
      return { name: `${doc.name}!${entry}`, text: decoder.decode(bytes), bytes };
    });
}

/** What a JSON document that is not OSV looks like, and which option reads it. */
function lookalike(doc: unknown): string {
  if (isCve5Record(doc)) return t("exposure:osv.looksCve5");
  const d = doc as Record<string, unknown> | null;
  const bareNvd =
    typeof d?.id === "string" && (typeof d.sourceIdentifier === "string" || Array.isArray(d.configurations));
  if (bareNvd) return t("exposure:osv.looksNvd");
  if (d && typeof d === "object" && (Array.isArray(d.vulnerabilities) || typeof d.cve === "object")) {
    return Array.isArray(d.vulnerabilities) && typeof d.catalogVersion === "string"
      ? t("exposure:osv.looksKev")
      : t("exposure:osv.looksNvd");
  }
  if (d && typeof d === "object" && (d.bomFormat === "CycloneDX" || typeof d.specVersion === "string"))
    return t("exposure:osv.looksSbom");
  return "";
}

/** Reads one OSV document into records to store; what cannot be read is a problem, the rest is kept. */
export function readOsvDocument(doc: SourceDocument, pending: VulnRecord[], problems: VulnProblem[]): void {
  let json: unknown;
  try {
    json = JSON.parse(doc.text);
  } catch (cause) {
    problems.push(fileProblem("OSV_BAD_JSON", "", (cause as Error).message));
    return;
  }
  const raws = osvDocumentRecords(json);
  if (!raws) {
    problems.push(fileProblem("OSV_NOT_A_RECORD", "", t("exposure:osv.notOsv") + lookalike(json)));
    return;
  }
  raws.forEach((raw, i) => {
    const record = readOsv(raw, i, problems);
    if (record) pending.push({ id: record.id, data: JSON.stringify(record) });
  });
}
