import type { TestContext } from "node:test";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { generateToken, type Role, tokenHash } from "../../access/index.js";
// The host the routes run on (a test-only use of the module above this one).
import { createServer } from "../../server/index.js";
import type { Actor } from "../../store/index.js";
import { type IncidentFixture, incidentFixtureOn } from "../store-fixture.js";
import { incidentsPlugin } from "./plugin.js";

/** Test support: the incident fixture's store behind a host with the incidents plugin, and a token per user. */
export interface HttpFixture extends IncidentFixture {
  app: FastifyInstance;
  /** Sends a request as `user` (null: no credentials), with an optional Accept-Language. */
  call(
    user: string | null,
    method: "GET" | "POST" | "PATCH" | "PUT",
    url: string,
    payload?: unknown,
    lang?: string,
  ): Promise<LightMyRequestResponse>;
}

const OP: Actor = { userId: null, orgId: null, address: "test" };

/** Users: cesar (CSIRT admin), ana (SCT analyst), rita (SCT reader), luis (CFE analyst), pia (CFE partner). */
export const USERS: Record<string, [keyof Pick<IncidentFixture, "sct" | "cfe" | "csirt">, Role]> = {
  cesar: ["csirt", "admin"],
  ana: ["sct", "analyst"],
  rita: ["sct", "reader"],
  luis: ["cfe", "analyst"],
  pia: ["cfe", "partner"],
};

/** The fixture with a host at a fixed clock `now`, on SQLite or PostgreSQL (null: skipped, PostgreSQL missing). */
export async function httpFixture(
  t: TestContext,
  now: number,
  backend: "sqlite" | "postgres" = "sqlite",
): Promise<HttpFixture | null> {
  const f = await incidentFixtureOn(t, backend);
  if (!f) return null;
  const tokens: Record<string, string> = {};
  for (const [username, [org, role]] of Object.entries(USERS)) {
    const user = await f.store.directory.createUser(OP, { username, orgId: f[org].id, role, passwordHash: null });
    const token = generateToken();
    await f.store.directory.createToken(OP, { userId: user.id, tokenHash: tokenHash(token), name: "t", expires: null });
    tokens[username] = token;
  }
  const app = await createServer({ store: f.store, plugins: [incidentsPlugin({ store: f.store, now: () => now })] });
  t.after(() => app.close());
  return {
    ...f,
    app,
    call: (user, method, url, payload, lang) =>
      app.inject({
        method,
        url,
        headers: {
          ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
          ...(lang ? { "accept-language": lang } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}
