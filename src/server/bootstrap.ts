import { generatePassword, hashPassword, refuseWeakPassword } from "../access/index.js";
import type { Actor, Collection, Directory, Store } from "../store/index.js";

/**
 * First start: when the store has no user yet, create the `admin` user (password from
 * CENTINELA_ADMIN_PASSWORD, or generated and handed back once to be printed), its organization,
 * and a default collection it may read and write, so a new user can push and pull at once.
 */

/** Id of the collection created on first start. */
export const DEFAULT_COLLECTION_ID = "default";
/** Name of the organization the first admin belongs to. */
const LOCAL_ORGANIZATION = "local";

/** What bootstrap did. `generatedPassword` is set only when it made one up (print it once, never log it). */
export interface BootstrapResult {
  created: boolean;
  generatedPassword: string | null;
}

/**
 * The well-known `default` collection, created when it is missing: by the first start, and by
 * `import --collection default` run before it (the README's quick start). `created` says which.
 */
export async function ensureDefaultCollection(
  directory: Directory,
  actor: Actor,
): Promise<{ collection: Collection; created: boolean }> {
  const found = await directory.findCollection(DEFAULT_COLLECTION_ID);
  if (found) return { collection: found, created: false };
  try {
    const collection = await directory.createCollection(actor, {
      id: DEFAULT_COLLECTION_ID,
      title: "Default collection",
      description: "Created on first start; the local organization may read and write it",
    });
    // Made by an import on a store whose accounts were set up with the CLI before any serve (the
    // first start will then do nothing): the local organization, if there is one, gets what the
    // description promises. On a fresh store the first start grants it.
    const local = await directory.findOrganization(LOCAL_ORGANIZATION);
    if (local) {
      await directory.setGrant(actor, {
        collectionId: DEFAULT_COLLECTION_ID,
        orgId: local.id,
        read: true,
        write: true,
      });
    }
    return { collection, created: true };
  } catch (error) {
    // Another process (a server starting while an import runs) made it first: use theirs.
    const made = await directory.findCollection(DEFAULT_COLLECTION_ID);
    if (made) return { collection: made, created: false };
    throw error;
  }
}

/**
 * Creates the first admin and organization if the store has no user, and grants that organization
 * the default collection (made here unless an import already made it, objects and all);
 * otherwise does nothing. A given `adminPassword` (CENTINELA_ADMIN_PASSWORD) must keep the
 * password policy (access's passwordProblem); a refused one is an error saying the rule.
 */
export async function bootstrapStore(store: Store, adminPassword: string | undefined): Promise<BootstrapResult> {
  const { directory } = store;
  if ((await directory.countUsers()) > 0) return { created: false, generatedPassword: null };
  const actor: Actor = { userId: null, orgId: null, address: "bootstrap" };
  if (adminPassword !== undefined) refuseWeakPassword(adminPassword, "admin", "CENTINELA_ADMIN_PASSWORD");
  const password = adminPassword ?? generatePassword();
  const org =
    (await directory.findOrganization(LOCAL_ORGANIZATION)) ??
    (await directory.createOrganization(actor, LOCAL_ORGANIZATION));
  await directory.createUser(actor, {
    username: "admin",
    orgId: org.id,
    role: "admin",
    passwordHash: await hashPassword(password),
  });
  await ensureDefaultCollection(directory, actor);
  await directory.setGrant(actor, { collectionId: DEFAULT_COLLECTION_ID, orgId: org.id, read: true, write: true });
  return { created: true, generatedPassword: adminPassword !== undefined ? null : password };
}
