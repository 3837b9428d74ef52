import type { TestContext } from "node:test";
import type { TlpLevel } from "../stix/index.js";
import type { Store } from "./contract.js";
import type { StoreOptions } from "./create-store.js";
import type { AccessContext, ObjectVersionInput, WriteContext } from "./objects/contract.js";

/**
 * What the shared store test suite needs from each adapter's test file: a fresh, empty store
 * location per test, opened as many times as a case asks (a second open is a second connection).
 */

/** A fresh store location for one test. */
export interface StoreFixture {
  open(options?: StoreOptions): Promise<Store>;
  /** What openStore needs to reach this store from another process. */
  location: { url?: string; dataDir?: string };
  dispose(): Promise<void>;
}

/** Makes a fixture, or returns null after skipping the test (service missing). */
export type MakeStoreFixture = (t: TestContext) => Promise<StoreFixture | null>;

/** The local operator. */
export const SYSTEM: AccessContext = { kind: "system", orgId: null, userId: null };
/** A reader without an account. */
export const ANONYMOUS: AccessContext = { kind: "anonymous", orgId: null, userId: null };

/** A member reader of `orgId`, as user `userId`. */
export function member(orgId: string, userId: string): AccessContext {
  return { kind: "member", orgId, userId };
}

/** A writer of `orgId`, as user `userId`. */
export function writer(orgId: string | null, userId: string | null): WriteContext {
  return { orgId, userId, source: "test" };
}

/** The STIX id of test object `n` of `type`. */
export function testId(n: number, type = "indicator", run = 0): string {
  return `${type}--${String(run).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** A test object version with the given fields (raw JSON built from them). */
export function version(
  n: number,
  over: Partial<ObjectVersionInput> & { modified?: string; type?: string; run?: number } = {},
): ObjectVersionInput {
  const type = over.type ?? "indicator";
  const modified = over.modified ?? "2024-01-01T00:00:00.000Z";
  const id = over.id ?? testId(n, type, over.run ?? 0);
  const tlp: TlpLevel | null = over.tlp === undefined ? "green" : over.tlp;
  return {
    id,
    type,
    specVersion: over.specVersion ?? "2.1",
    created: "2024-01-01T00:00:00.000Z",
    versionKey: modified,
    raw:
      over.raw ??
      JSON.stringify({ type, spec_version: "2.1", id, created: "2024-01-01T00:00:00.000Z", modified, name: `n${n}` }),
    tlp,
    revoked: over.revoked ?? false,
    collectionId: over.collectionId ?? null,
    shareWith: over.shareWith ?? null,
    redRecipients: over.redRecipients ?? null,
  };
}

/** Runs `fn` with a store opened on a fresh fixture, closing and disposing everything after. */
export async function withStore(
  t: TestContext,
  make: MakeStoreFixture,
  fn: (store: Store, fixture: StoreFixture) => Promise<void>,
  options?: StoreOptions,
): Promise<void> {
  const fixture = await make(t);
  if (!fixture) return;
  const store = await fixture.open(options);
  try {
    await fn(store, fixture);
  } finally {
    await store.close();
    await fixture.dispose();
  }
}
