import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import type { FastifyInstance } from "fastify";
import { generateToken, tokenHash } from "../access/index.js";
import type { Role } from "../access/principal.js";
// The host the API runs on (a test-only use of the module above this one).
import { createServer, type ServerOptions } from "../server/index.js";
import { type Actor, openStore, type Store } from "../store/index.js";
import { postgresSchema } from "../testing/index.js";
import { apiPlugin } from "./index.js";

/** What the API's tests share: a host with the API over a fresh store, its organizations and users with tokens. */

const CLI: Actor = { userId: null, orgId: null, address: "cli" };

/** A host, its store, the organizations' ids by name and each user's API token. */
export interface ApiHost {
  store: Store;
  app: FastifyInstance;
  orgs: Record<string, string>;
  tokens: Record<string, string>;
}

/**
 * A host over a fresh store on `backend` (null when PostgreSQL is not there, the test skipped)
 * with `users` — [user name, organization name, role] — each organization made once; `prepare`
 * runs on the store before the host starts; `host` adds options of the host (its metrics).
 * Everything is closed and removed after the test.
 */
export async function apiHost(
  t: TestContext,
  backend: "sqlite" | "postgres",
  users: readonly (readonly [string, string, Role])[],
  prepare?: (store: Store) => Promise<void>,
  host: Pick<ServerOptions, "metrics"> = {},
): Promise<ApiHost | null> {
  let store: Store;
  if (backend === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "centinela-api-"));
    store = await openStore({ dataDir: dir });
    t.after(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
  } else {
    const schema = await postgresSchema(t);
    if (!schema) return null;
    store = await openStore({ url: schema.url });
    t.after(async () => {
      await store.close();
      await schema.drop();
    });
  }
  const orgs: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  for (const [username, orgName, role] of users) {
    orgs[orgName] ??= (await store.directory.createOrganization(CLI, orgName)).id;
    const user = await store.directory.createUser(CLI, {
      username,
      orgId: orgs[orgName] ?? "",
      role,
      passwordHash: null,
    });
    const token = generateToken();
    await store.directory.createToken(CLI, { userId: user.id, tokenHash: tokenHash(token), name: "t", expires: null });
    tokens[username] = token;
  }
  await prepare?.(store);
  const app = await createServer({ store, plugins: [apiPlugin({ store })], ...host });
  t.after(() => app.close());
  return { store, app, orgs, tokens };
}
