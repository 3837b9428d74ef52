import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it, type TestContext } from "node:test";
import { hashPassword } from "../access/index.js";
import { openStore } from "../store/index.js";
import { bootstrapStore, DEFAULT_COLLECTION_ID, ensureDefaultCollection } from "./bootstrap.js";

const ACTOR = { userId: null, orgId: null, address: "test" };

/** A store in a new folder, closed and removed after the test. */
async function freshStore(t: TestContext) {
  const dir = await mkdtemp(join(tmpdir(), "centinela-bootstrap-"));
  const store = await openStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return store;
}

it("grants the local organization a default collection made after its users (import before any serve)", async (t) => {
  const store = await freshStore(t);
  // An operator set up accounts with the CLI first: serve's first start will find users and do nothing.
  const local = await store.directory.createOrganization(ACTOR, "local");
  await store.directory.createUser(ACTOR, {
    username: "ana",
    orgId: local.id,
    role: "analyst",
    passwordHash: await hashPassword("a-long-password"),
  });
  const made = await ensureDefaultCollection(store.directory, ACTOR);
  assert.equal(made.created, true);
  const [grant] = await store.directory.listGrants({ collectionId: DEFAULT_COLLECTION_ID });
  assert.equal(grant?.orgId, local.id);
  assert.deepEqual({ read: grant?.read, write: grant?.write }, { read: true, write: true });
  assert.equal((await bootstrapStore(store, "another-password")).created, false);
  assert.equal((await ensureDefaultCollection(store.directory, ACTOR)).created, false, "found, not made, again");
});

it("refuses a first admin password from CENTINELA_ADMIN_PASSWORD that breaks the policy, and makes no user", async (t) => {
  const store = await freshStore(t);
  for (const weak of ["", "admin", "password1234", "Admin"])
    await assert.rejects(bootstrapStore(store, weak), /CENTINELA_ADMIN_PASSWORD/);
  assert.equal(await store.directory.countUsers(), 0);
  const made = await bootstrapStore(store, "una frase larga para admin");
  assert.deepEqual(made, { created: true, generatedPassword: null });
});
