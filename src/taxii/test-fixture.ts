import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Server as HttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { generateToken, hashPassword, tokenHash } from "../access/index.js";
import { createServer, type ServerOptions, type ServerTls } from "../server/index.js";
import { TLP_MARKING_IDS, type TlpLevel } from "../stix/index.js";
import { type Actor, openStore, type Role, type Store } from "../store/index.js";
import type { PkiName, TestPki } from "../tls/test-pki.fixture.js";
import { API_ROOT_PATH } from "./context.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import { type TaxiiPluginOptions, taxiiPlugin } from "./plugin.js";

/**
 * A TAXII server (the host of src/server with the TAXII plugin: what TAXII routes need to run,
 * a test-only use of the module above this one) on a fresh SQLite store with three organizations, one user per role, a token
 * per user, and two collections:
 *
 *   org-a: alice (analyst), admin (admin)      c1: org-a read+write, org-b read, org-c read
 *   org-b: bob (analyst), mach (partner)       c2: org-b read+write
 *   org-c: carol (reader)
 */

const CLI: Actor = { userId: null, orgId: null, address: "test" };

/** A user of the fixture with its API token. */
export interface FixtureUser {
  id: string;
  orgId: string;
  token: string;
}

/** The fixture: the server, its store, users by name, and organization ids by letter. */
export interface TaxiiFixture {
  app: FastifyInstance;
  store: Store;
  users: Record<"admin" | "alice" | "bob" | "mach" | "carol", FixtureUser>;
  orgs: Record<"a" | "b" | "c", string>;
  dataDir: string;
  close(): Promise<void>;
}

/** The password every fixture user has (Basic auth tests). */
export const FIXTURE_PASSWORD = "correct horse battery";

/** Options of the fixture's server: the host's and the TAXII plugin's. */
export type FixtureOptions = Partial<Omit<ServerOptions, "store" | "plugins"> & Omit<TaxiiPluginOptions, "store">>;

/** Builds the fixture on a fresh SQLite store, or on `pgUrl` (an empty PostgreSQL schema). */
export async function createFixture(options: FixtureOptions = {}, pgUrl: string | null = null): Promise<TaxiiFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-taxii-"));
  const store = await openStore(pgUrl ? { url: pgUrl } : { dataDir });
  const d = store.directory;
  const [a, b, c] = [
    await d.createOrganization(CLI, "A"),
    await d.createOrganization(CLI, "B"),
    await d.createOrganization(CLI, "C"),
  ];
  const hash = await hashPassword(FIXTURE_PASSWORD);
  const make = async (username: string, orgId: string, role: Role): Promise<FixtureUser> => {
    const user = await d.createUser(CLI, { username, orgId, role, passwordHash: hash });
    const token = generateToken();
    await d.createToken(CLI, { userId: user.id, tokenHash: tokenHash(token), name: "test", expires: null });
    return { id: user.id, orgId, token };
  };
  const users = {
    admin: await make("admin", a.id, "admin"),
    alice: await make("alice", a.id, "analyst"),
    bob: await make("bob", b.id, "analyst"),
    mach: await make("mach", b.id, "partner"),
    carol: await make("carol", c.id, "reader"),
  };
  await d.createCollection(CLI, { id: "c1", title: "One", description: "first" });
  await d.createCollection(CLI, { id: "c2", title: "Two", description: null });
  await d.setGrant(CLI, { collectionId: "c1", orgId: a.id, read: true, write: true });
  await d.setGrant(CLI, { collectionId: "c1", orgId: b.id, read: true, write: false });
  await d.setGrant(CLI, { collectionId: "c1", orgId: c.id, read: true, write: false });
  await d.setGrant(CLI, { collectionId: "c2", orgId: b.id, read: true, write: true });
  const { defaultLimit, maxLimit, cursorSecret, title, ...host } = options;
  const taxii = taxiiPlugin({
    store,
    ...(defaultLimit ? { defaultLimit } : {}),
    ...(maxLimit ? { maxLimit } : {}),
    ...(cursorSecret ? { cursorSecret } : {}),
    ...(title ? { title } : {}),
  });
  // Property tests send thousands of requests to one fixture: the rate limits only where a test sets them.
  const app = await createServer({ store, plugins: [taxii], rateLimit: { perPrincipal: 0, perAddress: 0 }, ...host });
  return {
    app,
    store,
    users,
    orgs: { a: a.id, b: b.id, c: c.id },
    dataDir,
    async close() {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the fixture's server on a free port of 127.0.0.1 for real HTTP(S) requests; returns the API root URL. */
export async function listenFixture(f: TaxiiFixture): Promise<string> {
  await f.app.listen({ host: "127.0.0.1", port: 0 });
  const address = f.app.server.address();
  if (address === null || typeof address === "string") throw new Error("the fixture server is not on a TCP port");
  const scheme = f.app.server instanceof HttpsServer ? "https" : "http";
  return `${scheme}://127.0.0.1:${address.port}${API_ROOT_PATH}`;
}

/** The fixture's HTTPS from the test PKI: certificate `server` (default "server"), and mutual TLS with the test CA when `clientCa`. */
export function fixtureTls(pki: TestPki, options: { clientCa?: boolean; server?: PkiName } = {}): ServerTls {
  const server = options.server ?? "server";
  return {
    cert: readFileSync(pki.cert(server)),
    key: readFileSync(pki.key(server)),
    ...(options.clientCa ? { clientCa: readFileSync(pki.cert("ca")) } : {}),
  };
}

/** Options of one test request. */
export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** One request through app.inject with TAXII headers; `path` is relative to the API root unless it starts with "/". */
export function call(
  app: FastifyInstance,
  method: "GET" | "POST" | "DELETE",
  path: string,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  const url = path.startsWith("/") ? path : `${API_ROOT_PATH}${path}`;
  const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE, ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["content-type"] ??= TAXII_MEDIA_TYPE;
  }
  return app.inject({ method, url, headers, payload, ...(options.query ? { query: options.query } : {}) });
}

/** The STIX id of test indicator `n`. */
export function indicatorId(n: number): string {
  return `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** A valid STIX 2.1 indicator `n`, marked with `tlp` (none when null). */
export function indicator(
  n: number,
  tlp: TlpLevel | null = "green",
  modified = "2024-01-01T00:00:00.000Z",
): Record<string, unknown> {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: indicatorId(n),
    created: "2024-01-01T00:00:00.000Z",
    modified,
    name: `indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.${Math.floor(n / 256) % 256}.${n % 256}']`,
    pattern_type: "stix",
    valid_from: "2024-01-01T00:00:00Z",
    ...(tlp ? { object_marking_refs: [TLP_MARKING_IDS[tlp]] } : {}),
  };
}
