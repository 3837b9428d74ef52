import { randomUUID } from "node:crypto";
import { type ImportSummary, importItems, type Rejection, type WarnedObject } from "../../ingest/index.js";
import type { StixObject, StixStreamItem, TlpLevel } from "../../stix/index.js";
import type { AccessContext, Store, WriteContext } from "../../store/index.js";
import type { WarninglistMatcher } from "../../warninglists/index.js";
import { DEFAULT_LIFETIMES, type ListMapping, lifetimeClass, lifetimeMs } from "./mapping.js";
import { isRejection, type ListEntry, type ListReadState, type ListRejection, readList } from "./read-list.js";
import type { ListValueType } from "./shapes.js";
import { indicatorOf, listIdentity, listIndicatorId } from "./to-stix.js";

/**
 * Importing an IOC list as a snapshot: every value on it becomes (or stays) an indicator valid
 * until the list's date plus its type's lifetime; an indicator whose validity has less than half
 * its lifetime left is extended by a new version; a value no longer on the list is expired (a new
 * version ending its validity at the list's date), never deleted, so sightings and reports that
 * name it keep their reference.
 */

/** What importing a list needs. */
export interface ListImportOptions {
  mapping: ListMapping;
  /** The file's name, for provenance and messages ("-" for standard input). */
  file: string;
  tlp: TlpLevel;
  ctx: WriteContext;
  /** Reads the store's current versions (the operator's view). */
  reader: AccessContext;
  /** Values of the list, when its header gives no date of its own; default: now. */
  listedAt?: string;
  /** Lookup of reference ids to URLs (Maltrail's references.csv). */
  references?: ReadonlyMap<string, string>;
  collectionId?: string | null;
  onLineRejected?: (rejection: ListRejection) => void;
  onReject?: (rejection: Rejection) => void;
  onWarn?: (warned: WarnedObject) => void;
  onProgress?: (lines: number, stored: number) => void;
  /** Warninglists to flag the written indicators against (ImportOptions.warninglists). */
  warninglists?: WarninglistMatcher | null;
}

/** What the import did. */
export interface ListImportSummary {
  list: string;
  /** The date the values were taken as listed at (the list's own, or the import's). */
  listedAt: string;
  lines: number;
  /** Values read, by type. */
  values: Partial<Record<ListValueType, number>>;
  /** Lines that held no usable value. */
  linesRejected: number;
  /** The same value twice on the list. */
  repeated: number;
  /** Indicators written for the first time. */
  added: number;
  /** Values already valid long enough: nothing written. */
  current: number;
  /** Indicators extended by a new version. */
  extended: number;
  /** Indicators that left the list and were expired. */
  expired: number;
  /** Set when expiry was not run, and why. */
  expiryNotRun?: string;
  ingest: ImportSummary;
}

const LOOKUP_BATCH = 500;

interface Current {
  created: string;
  modified: string;
  validFrom: string;
  validUntil: string | null;
  raw: string;
}

/** Imports the list read from `lines` into `store`. */
export async function importList(
  store: Store,
  lines: AsyncIterable<string>,
  options: ListImportOptions,
): Promise<ListImportSummary> {
  const { mapping } = options;
  const state: ListReadState = { listedAt: null, lines: 0, comments: 0 };
  const run = randomUUID();
  const identity = listIdentity(mapping);
  const summary: Omit<ListImportSummary, "ingest" | "listedAt"> = {
    list: mapping.name,
    lines: 0,
    values: {},
    linesRejected: 0,
    repeated: 0,
    added: 0,
    current: 0,
    extended: 0,
    expired: 0,
  };
  // Parsed once per class ("30d" → ms), not once per value.
  const lifetimes = { ...DEFAULT_LIFETIMES, ...mapping.lifetimes };
  const lifetimeByClass = new Map(Object.entries(lifetimes).map(([k, v]) => [k, lifetimeMs(v) as number]));
  const lifetime = (type: ListValueType) => lifetimeByClass.get(lifetimeClass(type)) as number;
  let listedAt = options.listedAt ?? null;
  const seen = new Set<string>();
  let stored = 0;

  async function* items(): AsyncGenerator<StixStreamItem> {
    let index = 0;
    yield { kind: "object", raw: JSON.stringify(identity), index: index++, offset: 0, line: 0 };
    let pending: ListEntry[] = [];
    const flush = async function* (): AsyncGenerator<StixStreamItem> {
      // The list's date is known once its header is read: before the first value.
      listedAt ??= state.listedAt ?? new Date().toISOString();
      const at = listedAt;
      const ids = pending.map((e) => listIndicatorId(mapping.name, e.type, e.value));
      const current = await currentVersions(store, options.reader, ids);
      await store.lists.markListed(mapping.name, run, ids);
      for (let i = 0; i < pending.length; i++) {
        const entry = pending[i] as ListEntry;
        const version = nextVersion(current.get(ids[i] as string), entry, at, lifetime(entry.type));
        if (version === null) {
          summary.current++;
          continue;
        }
        if (current.has(ids[i] as string)) summary.extended++;
        else summary.added++;
        const object = indicatorOf(mapping, entry, identity.id as string, options.tlp, {
          ...version,
          file: options.file,
        });
        yield { kind: "object", raw: JSON.stringify(object), index: index++, offset: 0, line: entry.line };
      }
      pending = [];
    };
    for await (const item of readList(lines, mapping, state, options.references)) {
      if (isRejection(item)) {
        summary.linesRejected++;
        options.onLineRejected?.(item);
        continue;
      }
      const key = `${item.type}|${item.value}`;
      if (seen.has(key)) {
        summary.repeated++;
        continue;
      }
      seen.add(key);
      summary.values[item.type] = (summary.values[item.type] ?? 0) + 1;
      pending.push(item);
      if (pending.length >= LOOKUP_BATCH) yield* flush();
    }
    if (pending.length > 0) yield* flush();
    summary.lines = state.lines;
  }

  const ingest = await importItems(store, items(), {
    ctx: options.ctx,
    source: options.file,
    collectionId: options.collectionId ?? null,
    onReject: options.onReject,
    onWarn: options.onWarn,
    warninglists: options.warninglists ?? null,
    onProgress: (p) => {
      stored = p.stored;
      options.onProgress?.(state.lines, stored);
    },
  });
  const at = listedAt ?? state.listedAt ?? new Date().toISOString();
  // An empty snapshot is more likely a broken download than a list that emptied overnight.
  if (seen.size === 0) {
    summary.expiryNotRun = "the list held no usable value, so nothing on it was expired";
  } else {
    summary.expired = await expireDelisted(store, options, run, at);
  }
  return { ...summary, listedAt: at, ingest };
}

/** The current (last) version of each of `ids` that exists. */
async function currentVersions(store: Store, reader: AccessContext, ids: string[]): Promise<Map<string, Current>> {
  const found = new Map<string, Current>();
  const page = await store.queryObjects(reader, { ids, versions: ["last"] }, { limit: ids.length + 1 });
  for (const row of page.objects) {
    const o = JSON.parse(row.raw) as StixObject & { valid_from?: string; valid_until?: string };
    found.set(row.id, {
      created: String(o.created),
      modified: String(o.modified),
      validFrom: o.valid_from ?? String(o.created),
      validUntil: o.valid_until ?? null,
      raw: row.raw,
    });
  }
  return found;
}

/** The version to write for an entry seen on the list at `at`, or null when the current one is good for long enough. */
function nextVersion(
  current: Current | undefined,
  entry: ListEntry,
  at: string,
  lifetime: number,
): { created: string; modified: string; validFrom: string; validUntil: string } | null {
  const atMs = Date.parse(at);
  const until = new Date(atMs + lifetime).toISOString();
  if (!current) {
    const from = entry.firstSeen && Date.parse(entry.firstSeen) < atMs ? entry.firstSeen : at;
    return { created: at, modified: at, validFrom: from, validUntil: until };
  }
  const currentUntil = current.validUntil === null ? Number.POSITIVE_INFINITY : Date.parse(current.validUntil);
  const expired = currentUntil <= atMs;
  // More than half its lifetime left: a daily list would otherwise write a version a day per value.
  if (!expired && currentUntil - atMs > lifetime / 2) return null;
  const modified = laterOf(at, current.modified);
  // Back on the list after it had expired: valid again from now, not from its first appearance.
  return { created: current.created, modified, validFrom: expired ? at : current.validFrom, validUntil: until };
}

/** `at`, or one millisecond after `previous` when that is not earlier: versions must move forward. */
function laterOf(at: string, previous: string): string {
  const prev = Date.parse(previous);
  return Date.parse(at) > prev ? at : new Date(prev + 1).toISOString();
}

/** Ends the validity of the list's indicators that this run did not see; returns how many. */
async function expireDelisted(store: Store, options: ListImportOptions, run: string, at: string): Promise<number> {
  const gone = await store.lists.takeDelisted(options.mapping.name, run);
  let expired = 0;
  for (let i = 0; i < gone.length; i += LOOKUP_BATCH) {
    const current = await currentVersions(store, options.reader, gone.slice(i, i + LOOKUP_BATCH));
    const objects: string[] = [];
    for (const c of current.values()) {
      if (c.validUntil !== null && Date.parse(c.validUntil) <= Date.parse(at)) continue;
      const o = JSON.parse(c.raw) as Record<string, unknown>;
      o.modified = laterOf(at, c.modified);
      // valid_until must be after valid_from (STIX 2.1 §4.7); a value listed and gone at one instant ends 1 ms later.
      o.valid_until = laterOf(at, c.validFrom);
      objects.push(JSON.stringify(o));
    }
    if (objects.length === 0) continue;
    const result = await importItems(
      store,
      (async function* () {
        for (let k = 0; k < objects.length; k++)
          yield { kind: "object" as const, raw: objects[k] as string, index: k, offset: 0, line: 0 };
      })(),
      { ctx: options.ctx, source: options.file, collectionId: options.collectionId ?? null },
    );
    expired += result.newVersion;
  }
  return expired;
}
