import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { DialectFeatures, Row, Statement, WritePlan } from "../backend.js";
import { statement } from "../backend.js";
import type { Database } from "../database.js";
import {
  type BulkInsertSpec,
  bulkInsert,
  clearOnlyVersion,
  membershipsOfSeqs,
  rawsOfSeqs,
  versionsOfIds,
} from "./bulk.js";
import type { ObjectVersionInput, PutOutcome, PutResult, WriteContext } from "./contract.js";
import { sameVersionContent } from "./same-version.js";
import { termsPlan } from "./search.js";
import { extractTerms } from "./terms.js";
import { formatMicros, versionSortKey } from "./timestamps.js";

/**
 * The write plan of putObjects, run in one transaction by each adapter:
 *
 *   1. read (and lock) the clock row: date_added continues strictly after the last one handed out;
 *      read the stored versions of the batch's ids, and the collections they already belong to
 *   2. classify each input in input order (new / new_version / unchanged / conflict), giving new
 *      versions and new memberships their date_added. A version is its id and its `modified`
 *      instant (version_sort), however the instant is spelled: a second text of a stored version
 *      is unchanged when it is the same object (sameVersionContent), else a conflict, and the
 *      first stays. The unique index is on the text (id, version_key); one row per instant holds
 *      because every writer classifies under the clock row's lock (SQLite: the one writer), as
 *      the whole batch's reads and inserts do, and migration 8 merged what older releases stored.
 *   3. INSERT … ON CONFLICT DO NOTHING RETURNING in (id, version_key) order; mark ids that now have
 *      several versions; membership, sharing grants, the audit row; advance the clock
 *
 * What does not depend on the store (hashes, sort keys, key order) is worked out before the
 * transaction by prepareBatch. Statements are compiled by Kysely once per shape and reused (bulk.ts).
 */

const OBJECTS: BulkInsertSpec = {
  name: "objects",
  table: "objects",
  columns: [
    ["id", "text"],
    ["type", "text"],
    ["spec_version", "text"],
    ["created", "text"],
    ["version_key", "text"],
    ["version_sort", "text"],
    ["date_added", "text"],
    ["tlp", "text"],
    ["producer_org", "text"],
    ["producer_user", "text"],
    ["revoked", "integer"],
    ["raw", "text"],
    ["raw_sha256", "text"],
    ["only_version", "integer"],
  ],
  conflict: ["id", "version_key"],
  returning: ["id", "version_sort", "seq"],
};

const MEMBERS: BulkInsertSpec = {
  name: "collection_objects",
  table: "collection_objects",
  columns: [
    ["collection_id", "text"],
    ["object_id", "text"],
    ["version_key", "text"],
    ["type", "text"],
    ["date_added", "text"],
    ["seq", "bigint"],
    ["added_by_org", "text"],
  ],
  // One membership per version and collection (migration 5).
  conflict: ["collection_id", "seq"],
};

const SHARES: BulkInsertSpec = {
  name: "object_shares",
  table: "object_shares",
  columns: [
    ["object_id", "text"],
    ["org_id", "text"],
  ],
  conflict: ["object_id", "org_id"],
};

const REDS: BulkInsertSpec = {
  name: "object_red_recipients",
  table: "object_red_recipients",
  columns: [
    ["object_id", "text"],
    ["user_id", "text"],
  ],
  conflict: ["object_id", "user_id"],
};

/**
 * Rows per chunk without array parameters (SQLite). Inserts run as one-row statements (bulk.ts),
 * so only the IN list of the version lookup, one parameter per id, bounds a chunk. Large chunks
 * mean few round trips to the writer thread per batch, so it is rarely left waiting.
 */
const MAX_ROWWISE_CHUNK = 30_000;
/** Rows per statement with array parameters: a 1,000-object batch is one statement. */
const MAX_ARRAY_CHUNK = 2000;

interface Known {
  sha: string;
  dateAdded: string;
  seq: number;
  /** The text, once read (a stored version another text of the batch names) or from the batch. */
  raw?: string;
}

/** Rows per statement (array parameters: one per column, whatever the rows; else one-row statements). */
function chunkRows(features: DialectFeatures): number {
  if (features.arrayParameters) return MAX_ARRAY_CHUNK;
  return Math.min(MAX_ROWWISE_CHUNK, features.maxParameters);
}

/** The SHA-256 of a raw JSON text, hex. */
export function rawSha256(raw: string): string {
  return createHash("sha256").update(raw).digest("hex");
}

/**
 * The write plan of one putObjects call. `nowUs` is the wall clock in microseconds.
 *
 * Versions are classified and given their date_added in input order, but inserted in
 * (id, version) order: ids are random, and walking the unique index in key order touches
 * each of its leaf pages once per chunk, with the B-tree cursor moving forward instead of
 * jumping. On bare SQLite at 1,000,000 rows, statement journals in memory, 50,000-row
 * transactions: 30,900 rows/s in input order (even with a 512 MiB cache), 47,400 in key order
 * (docs/bench-import.md).
 */
export function* putPlan(
  db: Kysely<Database>,
  features: DialectFeatures,
  ctx: WriteContext,
  prepared: PreparedBatch,
  nowUs: number,
): WritePlan<PutResult[]> {
  const { batch, keys, shas, ids } = prepared;
  if (batch.length === 0) return [];
  const clockQuery = db.selectFrom("store_clock").select("last_us").where("id", "=", 1);
  const clockRows = yield statement(features.lockClockForUpdate ? clockQuery.forUpdate() : clockQuery);
  const last = Number(clockRows[0]?.last_us ?? 0);
  let next = Math.max(nowUs, last + 1);
  const start = next;
  const chunkSize = chunkRows(features);

  // 1. What is stored already, for every id of the batch.
  const known = new Map<string, Known>();
  const idsWithVersions = new Set<string>();
  for (let from = 0; from < ids.length; from += chunkSize) {
    const rows = yield versionsOfIds(db, features, ids.slice(from, from + chunkSize));
    for (const row of rows) remember(known, idsWithVersions, row);
  }

  // The stored texts of versions the batch names with another text: the same object, or a conflict.
  const seqsToRead = new Set<number>();
  for (let i = 0; i < batch.length; i++) {
    const found = known.get(keys[i]!);
    if (found && found.sha !== shas[i]) seqsToRead.add(found.seq);
  }
  const respelled = [...seqsToRead];
  const storedRaws = new Map<number, string>();
  for (let from = 0; from < respelled.length; from += chunkSize) {
    const rows = yield rawsOfSeqs(db, features, respelled.slice(from, from + chunkSize));
    for (const row of rows) storedRaws.set(Number(row.seq), String(row.raw));
  }

  // The collections the stored versions named by this batch already belong to.
  const memberships = new Set<string>();
  const storedSeqs = new Set<number>();
  for (let i = 0; i < batch.length; i++) {
    const found = batch[i]!.collectionId ? known.get(keys[i]!) : undefined;
    if (found) storedSeqs.add(found.seq);
  }
  const seqs = [...storedSeqs];
  for (let from = 0; from < seqs.length; from += chunkSize) {
    const rows = yield membershipsOfSeqs(db, features, seqs.slice(from, from + chunkSize));
    for (const row of rows) memberships.add(`${row.collection_id}\u0000${row.seq}`);
  }

  // 2. Classify in input order; new versions get their date_added here, and so does a stored
  // version's first membership of a collection: TAXII's date_added is when the object was added
  // to *that* collection, and readers page by it, so an old date would hide it from them.
  const members: Member[] = [];
  const memberKeys = new Set<string>();
  const results: PutResult[] = new Array(batch.length);
  const isNew: boolean[] = new Array(batch.length);
  // Ids that have more than one version once this batch is stored.
  const moreVersions = new Set<string>();
  for (let i = 0; i < batch.length; i++) {
    const input = batch[i]!;
    const sha = shas[i]!;
    const key = keys[i]!;
    const found = known.get(key);
    const collectionId = input.collectionId;
    if (found) {
      const stored = found.raw ?? storedRaws.get(found.seq);
      const same = found.sha === sha || (stored !== undefined && sameVersionContent(stored, input.raw));
      results[i] = result(input, same ? "unchanged" : "conflict", found.dateAdded);
      if (!same || !collectionId || memberKeys.has(`${collectionId}\u0000${key}`)) continue;
      memberKeys.add(`${collectionId}\u0000${key}`);
      if (found.seq === -1) members.push({ index: i, collectionId, dateAdded: found.dateAdded });
      else if (!memberships.has(`${collectionId}\u0000${found.seq}`))
        members.push({ index: i, collectionId, dateAdded: formatMicros(next++) });
      continue;
    }
    const dateAdded = formatMicros(next++);
    const outcome: PutOutcome = idsWithVersions.has(input.id) ? "new_version" : "new";
    known.set(key, { sha, dateAdded, seq: -1, raw: input.raw });
    idsWithVersions.add(input.id);
    results[i] = result(input, outcome, dateAdded);
    isNew[i] = true;
    if (outcome === "new_version") moreVersions.add(input.id);
    if (collectionId) {
      memberKeys.add(`${collectionId}\u0000${key}`);
      members.push({ index: i, collectionId, dateAdded });
    }
  }

  // 3. Insert in key order, chunk by chunk.
  const toInsert = prepared.keyOrder.filter((i) => isNew[i]);
  for (let from = 0; from < toInsert.length; from += chunkSize) {
    const chunk = toInsert.slice(from, from + chunkSize);
    const params: unknown[] = [];
    for (const i of chunk) {
      const input = batch[i]!;
      params.push(
        input.id,
        input.type,
        input.specVersion,
        input.created,
        input.versionKey,
        prepared.versionSorts[i],
        results[i]!.dateAdded,
        input.tlp,
        ctx.orgId,
        ctx.userId,
        input.revoked ? 1 : 0,
        input.raw,
        shas[i],
        moreVersions.has(input.id) ? 0 : 1,
      );
    }
    const returned = yield bulkInsert(db, features, OBJECTS, params);
    const got = new Set<string>();
    for (const row of returned) {
      const key = keyOf(String(row.id), String(row.version_sort));
      const entry = known.get(key);
      if (entry) entry.seq = Number(row.seq);
      got.add(key);
    }
    if (got.size === chunk.length) continue;
    // Another writer stored some of these first (possible only if it bypassed the clock lock): report what is stored.
    const missing = chunk.filter((i) => !got.has(keys[i]!));
    const stored = yield versionsOfIds(db, features, [...new Set(missing.map((i) => batch[i]!.id))]);
    for (const row of stored) remember(known, idsWithVersions, row, true);
    for (const i of missing) {
      const input = batch[i]!;
      const found = known.get(keys[i]!)!;
      results[i] = result(input, found.sha === shas[i] ? "unchanged" : "conflict", found.dateAdded);
    }
  }

  // Search terms of the versions this batch stored (a version another writer stored first has its own).
  yield* termsPlan(
    db,
    features,
    toInsert.map((i) => ({ seq: known.get(keys[i]!)!.seq, terms: prepared.terms[i]! })),
  );

  // Versions stored before this batch (or earlier in it) stop being the only one of their id.
  const multi = [...moreVersions];
  for (let from = 0; from < multi.length; from += chunkSize) {
    yield clearOnlyVersion(db, features, multi.slice(from, from + chunkSize));
  }

  yield* grantsPlan(db, features, batch, keys, known, members, ctx.orgId);
  yield auditPut(db, ctx, batch, results);
  if (next !== start)
    yield statement(
      db
        .updateTable("store_clock")
        .set({ last_us: next - 1 })
        .where("id", "=", 1),
    );
  return results;
}

/**
 * What a batch's write needs that does not depend on the store's contents, worked out before
 * the transaction: a writer busy with the previous batch is not left waiting while it is.
 */
export interface PreparedBatch {
  batch: readonly ObjectVersionInput[];
  /** `id NUL versionSort` of each input: names its version (its instant) and sorts by id first. */
  keys: string[];
  shas: string[];
  versionSorts: string[];
  /** Input indexes in key order (the unique index's order). */
  keyOrder: number[];
  /** The distinct ids, sorted. */
  ids: string[];
  /** The search terms of each input (terms.ts). */
  terms: ReadonlyArray<readonly string[]>;
}

/** Hashes, sort keys and the key order of a batch. */
export function prepareBatch(batch: readonly ObjectVersionInput[]): PreparedBatch {
  const n = batch.length;
  const keys = new Array<string>(n);
  const shas = new Array<string>(n);
  const versionSorts = new Array<string>(n);
  const keyOrder = new Array<number>(n);
  const terms = new Array<readonly string[]>(n);
  for (let i = 0; i < n; i++) {
    const input = batch[i]!;
    versionSorts[i] = versionSortKey(input.versionKey);
    keys[i] = keyOf(input.id, versionSorts[i]!);
    shas[i] = rawSha256(input.raw);
    keyOrder[i] = i;
    terms[i] = input.terms ?? extractTerms(input.raw);
  }
  // Plain code-unit order, as both databases compare these ASCII keys; NUL sorts first, so the
  // joined key orders by id, then version.
  keyOrder.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  // The distinct ids in the same order: key order is id order, so repeats are neighbours.
  const ids: string[] = [];
  for (const i of keyOrder) {
    const id = batch[i]!.id;
    if (ids[ids.length - 1] !== id) ids.push(id);
  }
  return { batch, keys, shas, versionSorts, keyOrder, ids, terms };
}

/** A membership to add: the input naming it, the collection, and its date_added there. */
interface Member {
  index: number;
  collectionId: string;
  dateAdded: string;
}

/** Membership rows and sharing grants of a batch, chunked, each ON CONFLICT DO NOTHING. */
function* grantsPlan(
  db: Kysely<Database>,
  features: DialectFeatures,
  batch: readonly ObjectVersionInput[],
  keys: readonly string[],
  known: Map<string, Known>,
  members: readonly Member[],
  addedByOrg: string | null,
): WritePlan<void> {
  const memberRows: unknown[] = [];
  const shares: unknown[] = [];
  const reds: unknown[] = [];
  for (const m of members) {
    const input = batch[m.index]!;
    const seq = known.get(keys[m.index]!)!.seq;
    memberRows.push(m.collectionId, input.id, input.versionKey, input.type, m.dateAdded, seq, addedByOrg);
  }
  for (const input of batch) {
    for (const org of input.shareWith ?? []) shares.push(input.id, org);
    for (const user of input.redRecipients ?? []) reds.push(input.id, user);
  }
  for (const [spec, params] of [
    [MEMBERS, memberRows],
    [SHARES, shares],
    [REDS, reds],
  ] as const) {
    const width = spec.columns.length;
    const step = chunkRows(features) * width;
    for (let i = 0; i < params.length; i += step) yield bulkInsert(db, features, spec, params.slice(i, i + step));
  }
}

/** The audit row of one putObjects call: who wrote how many of what, into which collections. */
function auditPut(
  db: Kysely<Database>,
  ctx: WriteContext,
  batch: readonly ObjectVersionInput[],
  results: readonly PutResult[],
): Statement {
  const counts: Record<PutOutcome, number> = { new: 0, new_version: 0, unchanged: 0, conflict: 0 };
  for (const r of results) counts[r.outcome]++;
  const collections = [...new Set(batch.map((o) => o.collectionId).filter((c): c is string => !!c))];
  return statement(
    db.insertInto("audit_log").values({
      at: new Date().toISOString(),
      user_id: ctx.userId,
      org_id: ctx.orgId,
      address: ctx.address ?? ctx.source,
      action: "objects.put",
      target: collections.length > 0 ? collections.join(",") : "store",
      detail: JSON.stringify({ source: ctx.source, ...counts }),
    }),
  );
}

function remember(known: Map<string, Known>, idsWithVersions: Set<string>, row: Row, overwrite = false): void {
  const key = keyOf(String(row.id), String(row.version_sort));
  idsWithVersions.add(String(row.id));
  if (!overwrite && known.has(key)) return;
  known.set(key, { sha: String(row.raw_sha256), dateAdded: String(row.date_added), seq: Number(row.seq) });
}

function keyOf(id: string, versionSort: string): string {
  return `${id}\u0000${versionSort}`;
}

function result(input: ObjectVersionInput, outcome: PutOutcome, dateAdded: string): PutResult {
  return { id: input.id, versionKey: input.versionKey, outcome, dateAdded };
}
