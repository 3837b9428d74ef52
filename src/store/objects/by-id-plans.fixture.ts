import type { Kysely } from "kysely";
import type { Store } from "../contract.js";
import type { Database } from "../database.js";
import { member, SYSTEM, testId, version, writer } from "../store-fixture.js";
import type { ObjectFilter } from "./contract.js";
import { encodeCursor } from "./cursor.js";
import { pageQuery } from "./page-query.js";
import { countQuery, versionsQuery } from "./queries.js";

/**
 * The reads by id whose plans sqlite-plan.test.ts and postgres-plan.test.ts assert: TAXII
 * objects/{id}/ ("last"), versions/ ("all"), match[id] with other filters and a cursor, the same
 * store-wide, countObjects and getVersions, for the local operator and for a member (TLP predicates inside).
 */

/** One query to explain: what it reads, whether it is collection-scoped, and its SQL. */
export interface ByIdQuery {
  label: string;
  scoped: boolean;
  compiled: { sql: string; parameters: readonly unknown[] };
}

/**
 * Fills `store` with 3,000 objects in two collections (GREEN, AMBER and RED) and a second version
 * of 300 of them, so "last" and "first" look at other versions; returns the queries over `db`.
 */
export async function byIdQueries(store: Store, db: Kysely<Database>): Promise<ByIdQuery[]> {
  const W = writer("org-a", "user-a");
  const tlps = ["green", "amber", "red"] as const;
  const collection = (i: number) => (i % 2 ? "col-1" : "col-2");
  await store.putObjects(
    W,
    Array.from({ length: 3000 }, (_, i) => version(i, { tlp: tlps[i % 3], collectionId: collection(i) })),
  );
  await store.putObjects(
    W,
    Array.from({ length: 300 }, (_, i) =>
      version(i, { modified: "2025-01-01T00:00:00.000Z", collectionId: collection(i) }),
    ),
  );
  const after = encodeCursor({ dateAdded: "2020-01-01T00:00:00.000000Z", seq: 15 });
  const ids = [testId(1), testId(3), testId(5)];
  const one = ids.slice(0, 1);
  const filters: Array<[ObjectFilter, string | null]> = [
    [{ collectionId: "col-1", ids: one }, null],
    [{ collectionId: "col-1", ids: one, versions: ["all"] }, null],
    [{ collectionId: "col-1", ids: one, versions: ["first", "2024-01-01T00:00:00Z"] }, after],
    [{ collectionId: "col-1", ids, types: ["indicator"], addedAfter: "2020-01-01T00:00:00Z" }, null],
    [{ ids }, after],
    [{ ids: one, versions: ["all"] }, null],
  ];
  const queries: ByIdQuery[] = [];
  for (const ctx of [SYSTEM, member("org-b", "user-b")]) {
    for (const [filter, cursor] of filters) {
      queries.push({
        label: `${ctx.kind} ${JSON.stringify(filter)}`,
        scoped: filter.collectionId !== undefined,
        compiled: pageQuery(db, ctx, filter, "amber", 100, cursor).compile(),
      });
    }
    queries.push({
      label: `${ctx.kind} countObjects col-1`,
      scoped: true,
      compiled: countQuery(db, ctx, { collectionId: "col-1", ids: one }, "amber").compile(),
    });
    queries.push({
      label: `${ctx.kind} getVersions`,
      scoped: false,
      compiled: versionsQuery(db, ctx, testId(1), "amber").compile(),
    });
  }
  return queries;
}
