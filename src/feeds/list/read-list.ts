import { parse as parseCsvLine } from "csv-parse/sync";
import { t } from "../../i18n/index.js";
import type { Column, ConfidenceRule, ListMapping } from "./mapping.js";
import { classify, type ListValueType } from "./shapes.js";

/**
 * Reading an IOC list line by line: comments, the list's own date in its header (`# Last
 * update:` in IPsum, `# Updated:` in URLhaus), the value and its columns per the mapping. A bad
 * line is a rejection with its number and why; the reading goes on.
 */

/** One value read off the list. */
export interface ListEntry {
  line: number;
  value: string;
  type: ListValueType;
  /** When the list says it first saw the value (ISO 8601). */
  firstSeen?: string;
  labels: string[];
  confidence: number;
  reference?: string;
}

/** A line that holds no usable value. */
export interface ListRejection {
  line: number;
  text: string;
  reason: string;
}

/** What the reading learnt about the list as a whole. */
export interface ListReadState {
  /** The list's own date, from its header comments; null when it gives none. */
  listedAt: string | null;
  lines: number;
  comments: number;
}

/** A mapping that does not fit the file (a column the header does not name). */
export class ListFormatError extends Error {
  override readonly name = "ListFormatError";
}

const DATE_COMMENT = /^(?:#|\/\/)\s*(?:last[ -]?update[d]?|updated|generated|last-modified|date)\s*:\s*(.+)$/i;
const TEXT_SPLIT = /[\s,;]+/;
const MAX_LINE = 64 * 1024;

/** Reads `lines` as the list `mapping` describes; yields entries and rejections, fills `state`. */
export async function* readList(
  lines: AsyncIterable<string>,
  mapping: ListMapping,
  state: ListReadState,
  references: ReadonlyMap<string, string> = new Map(),
): AsyncGenerator<ListEntry | ListRejection> {
  const csv = mapping.format === "csv";
  const delimiter = mapping.delimiter ?? ",";
  let header: string[] | null = null;
  let resolve: ((column: Column) => number) | null = csv && mapping.header !== false ? null : (c) => Number(c);
  let n = 0;
  for await (const raw of lines) {
    n++;
    state.lines = n;
    const line = (n === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
    if (line === "") continue;
    if (line.startsWith("#") || line.startsWith("//")) {
      state.comments++;
      const date = DATE_COMMENT.exec(line);
      if (date && state.listedAt === null) {
        const ms = Date.parse((date[1] as string).trim());
        if (Number.isFinite(ms)) state.listedAt = new Date(ms).toISOString();
      }
      continue;
    }
    if (line.length > MAX_LINE) {
      yield { line: n, text: `${line.slice(0, 80)}…`, reason: t("lists:reason.tooLong", { max: MAX_LINE }) };
      continue;
    }
    let cells: string[];
    if (csv) {
      try {
        cells = line.includes('"')
          ? (parseCsvLine(line, { delimiter, relax_quotes: true, relax_column_count: true })[0] as string[])
          : line.split(delimiter);
      } catch (error) {
        yield { line: n, text: line, reason: t("lists:reason.notCsv", { why: (error as Error).message }) };
        continue;
      }
    } else {
      cells = line.replace(/\s+#.*$/, "").split(TEXT_SPLIT);
    }
    if (resolve === null) {
      header = cells.map((c) => c.trim());
      resolve = columnResolver(header, mapping);
      continue;
    }
    yield entryOf(n, line, cells, mapping, resolve, references);
  }
}

/** Column names to positions; a column the mapping names and the header lacks is an error. */
function columnResolver(header: string[], mapping: ListMapping): (column: Column) => number {
  const lower = header.map((h) => h.toLowerCase());
  const at = (column: Column): number => {
    if (typeof column === "number") return column;
    const i = lower.indexOf(column.toLowerCase());
    if (i < 0) throw new ListFormatError(t("lists:reason.noColumn", { column, names: header.join(", ") }));
    return i;
  };
  for (const column of namedColumns(mapping)) at(column);
  return at;
}

function namedColumns(mapping: ListMapping): Column[] {
  const value = mapping.value ?? 0;
  const rule = mapping.confidence;
  return [
    ...(Array.isArray(value) ? value : [value]),
    ...(mapping.type ? [mapping.type.column] : []),
    ...(mapping.firstSeen !== undefined ? [mapping.firstSeen] : []),
    ...(mapping.tags ?? []),
    ...(typeof rule === "object" ? [rule.column] : []),
    ...(mapping.reference !== undefined ? [mapping.reference] : []),
  ];
}

function entryOf(
  n: number,
  line: string,
  cells: string[],
  mapping: ListMapping,
  at: (column: Column) => number,
  references: ReadonlyMap<string, string>,
): ListEntry | ListRejection {
  const cell = (column: Column) => (cells[at(column)] ?? "").trim();
  const valueColumns = mapping.value ?? 0;
  const value = (Array.isArray(valueColumns) ? valueColumns : [valueColumns]).map(cell).join("");
  let declared: ListValueType | undefined;
  if (mapping.type) {
    const listType = cell(mapping.type.column);
    const meaning = mapping.type.values[listType];
    if (meaning === undefined)
      return { line: n, text: line, reason: t("lists:reason.unknownType", { type: listType }) };
    if (meaning === "reject") return { line: n, text: line, reason: t("lists:reason.listRejects", { type: listType }) };
    if (meaning !== "shape") declared = meaning;
  }
  const classified = classify(value, declared);
  if ("error" in classified)
    return { line: n, text: line, reason: t("lists:reason.value", { value, why: classified.error }) };
  const entry: ListEntry = {
    line: n,
    value: classified.value,
    type: classified.type,
    labels: [...(mapping.labels ?? []), ...(mapping.tags ?? []).map(cell).filter((t) => t !== "")],
    confidence: confidenceOf(mapping.confidence, cell),
  };
  if (mapping.firstSeen !== undefined) {
    const text = cell(mapping.firstSeen);
    const ms = Date.parse(text);
    if (text !== "" && !Number.isFinite(ms))
      return { line: n, text: line, reason: t("lists:reason.firstSeen", { text }) };
    if (text !== "") entry.firstSeen = new Date(ms).toISOString();
  }
  if (mapping.reference !== undefined) {
    const ref = cell(mapping.reference);
    const url = references.get(ref) ?? (/^https?:\/\//i.test(ref) ? ref : undefined);
    if (url) entry.reference = url;
  }
  return entry;
}

function confidenceOf(rule: ConfidenceRule | undefined, cell: (column: Column) => string): number {
  if (rule === undefined) return 50;
  if (typeof rule === "number") return rule;
  if ("values" in rule) return rule.values[cell(rule.column)] ?? rule.otherwise ?? 50;
  const n = Number(cell(rule.column));
  const score = Number.isFinite(n) ? rule.base + rule.perUnit * n : rule.base;
  return Math.max(0, Math.min(100, Math.round(score)));
}

/** True for a line that is a rejection. */
export function isRejection(item: ListEntry | ListRejection): item is ListRejection {
  return "reason" in item;
}
