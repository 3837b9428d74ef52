import { t } from "../i18n/index.js";
import type { VulnProblem } from "./errors.js";

/**
 * OSV records (the Open Source Vulnerability format behind the GitHub, Go, PyPA and RustSec
 * advisory databases, schema 1.x): the id, its aliases (the CVE), and per affected package its
 * ecosystem, name, version ranges (SEMVER and ECOSYSTEM events: introduced, fixed,
 * last_affected, limit) and listed versions. GIT ranges name commits, not versions, and are kept
 * out. A document is one record, an array of records, or an OSV API answer (`{ vulns: [...] }`).
 */

/** One event of a range, as OSV writes it. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** A range of versions of one package, in its ecosystem's order (SEMVER or ECOSYSTEM). */
export interface OsvRange {
  type: "SEMVER" | "ECOSYSTEM";
  events: OsvEvent[];
}

/** One affected package of a record. */
export interface OsvAffected {
  ecosystem: string;
  name: string;
  ranges: OsvRange[];
  versions: string[];
}

/** An OSV record as the matcher reads it. */
export interface OsvRecord {
  id: string;
  modified: string;
  aliases: string[];
  summary: string | null;
  /** When the advisory was withdrawn; a withdrawn record matches nothing. */
  withdrawn: string | null;
  /** The database's own severity word (GitHub: LOW, MODERATE, HIGH, CRITICAL), upper-cased. */
  severity: string | null;
  affected: OsvAffected[];
}

/** True when `doc` looks like an OSV record: an object with a string `id` and `modified`. */
export function isOsvRecord(doc: unknown): doc is Record<string, unknown> {
  const d = doc as Record<string, unknown> | null;
  return typeof d === "object" && d !== null && typeof d.id === "string" && typeof d.modified === "string";
}

/** The records of an OSV document: a record, an array of them, or `{ vulns: [...] }`; null when it is none of these. */
export function osvDocumentRecords(doc: unknown): unknown[] | null {
  if (Array.isArray(doc)) return doc;
  if (isOsvRecord(doc)) return [doc];
  const vulns = (doc as { vulns?: unknown } | null)?.vulns;
  return Array.isArray(vulns) ? vulns : null;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

function problem(index: number, id: string | null, path: string, message: string, code: VulnProblem["code"]) {
  return { code, index, line: 0, id, path, message };
}

/** The events of a range that hold a version; an empty one (`"fixed": ""`) is reported and left out. */
function readEvents(raw: unknown, where: string, index: number, id: string, problems: VulnProblem[]): OsvEvent[] {
  const out: OsvEvent[] = [];
  (Array.isArray(raw) ? raw : []).forEach((e, j) => {
    const event: OsvEvent = {};
    for (const key of ["introduced", "fixed", "last_affected", "limit"] as const) {
      const value = (e as Record<string, unknown> | null)?.[key];
      if (value === undefined) continue;
      if (typeof value !== "string" || value.trim() === "") {
        problems.push(
          problem(
            index,
            id,
            `${where}.events[${j}].${key}`,
            t("exposure:osv.badEvent", { value: JSON.stringify(value) }),
            "OSV_BAD_ENTRY",
          ),
        );
        continue;
      }
      event[key] = value.trim();
    }
    if (Object.keys(event).length > 0) out.push(event);
  });
  return out;
}

/**
 * One record, or null (with a problem) when it is not an OSV record. Affected entries without a
 * package name or ecosystem are reported and left out; the rest of the record is kept.
 */
export function readOsv(raw: unknown, index: number, problems: VulnProblem[]): OsvRecord | null {
  if (!isOsvRecord(raw)) {
    problems.push(problem(index, str((raw as { id?: unknown })?.id), "id", t("exposure:osv.noId"), "OSV_NOT_A_RECORD"));
    return null;
  }
  const id = raw.id as string;
  const affected: OsvAffected[] = [];
  (Array.isArray(raw.affected) ? raw.affected : []).forEach((a, i) => {
    const pkg = (a as { package?: Record<string, unknown> } | null)?.package;
    const ecosystem = str(pkg?.ecosystem);
    const name = str(pkg?.name);
    if (!ecosystem || !name) {
      problems.push(problem(index, id, `affected[${i}].package`, t("exposure:osv.noPackage"), "OSV_BAD_ENTRY"));
      return;
    }
    const ranges: OsvRange[] = [];
    const rawRanges = (a as { ranges?: unknown }).ranges;
    (Array.isArray(rawRanges) ? rawRanges : []).forEach((r, j) => {
      const type = str((r as { type?: unknown } | null)?.type);
      if (type !== "SEMVER" && type !== "ECOSYSTEM") return;
      const events = readEvents((r as { events?: unknown }).events, `affected[${i}].ranges[${j}]`, index, id, problems);
      if (events.length > 0) ranges.push({ type, events });
    });
    affected.push({ ecosystem, name, ranges, versions: strings((a as { versions?: unknown }).versions) });
  });
  const severity = str((raw.database_specific as Record<string, unknown> | undefined)?.severity);
  return {
    id,
    modified: raw.modified as string,
    aliases: strings(raw.aliases),
    summary: str(raw.summary),
    withdrawn: str(raw.withdrawn),
    severity: severity ? severity.toUpperCase() : null,
    affected,
  };
}

/** The CVE a record is about: its own id when it is one, else its first CVE alias, else null. */
export function osvCve(record: OsvRecord): string | null {
  if (/^CVE-\d{4}-\d+$/.test(record.id)) return record.id;
  return record.aliases.find((a) => /^CVE-\d{4}-\d+$/.test(a)) ?? null;
}
