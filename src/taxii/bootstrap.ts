import { generatePassword, hashPassword } from "../access/index.js";
import type { Actor, Store } from "../store/index.js";

/**
 * First start: when the store has no user yet, create the `admin` user (password from
 * CENTINELA_ADMIN_PASSWORD, or generated and handed back once to be printed), its organization,
 * and a default collection it may read and write, so a new user can push and pull at once.
 */

/** Id of the collection created on first start. */
export const DEFAULT_COLLECTION_ID = "default";

/** What bootstrap did. `generatedPassword` is set only when it made one up (print it once, never log it). */
export interface BootstrapResult {
  created: boolean;
  generatedPassword: string | null;
}

/** Creates the first admin, organization and collection if the store has no user; otherwise does nothing. */
export async function bootstrapStore(store: Store, adminPassword: string | undefined): Promise<BootstrapResult> {
  const { directory } = store;
  if ((await directory.countUsers()) > 0) return { created: false, generatedPassword: null };
  const actor: Actor = { userId: null, orgId: null, address: "bootstrap" };
  const password = adminPassword && adminPassword.length > 0 ? adminPassword : generatePassword();
  const org = (await directory.findOrganization("local")) ?? (await directory.createOrganization(actor, "local"));
  await directory.createUser(actor, {
    username: "admin",
    orgId: org.id,
    role: "admin",
    passwordHash: await hashPassword(password),
  });
  if (!(await directory.findCollection(DEFAULT_COLLECTION_ID))) {
    await directory.createCollection(actor, {
      id: DEFAULT_COLLECTION_ID,
      title: "Default collection",
      description: "Created on first start; the local organization may read and write it",
    });
  }
  await directory.setGrant(actor, { collectionId: DEFAULT_COLLECTION_ID, orgId: org.id, read: true, write: true });
  return { created: true, generatedPassword: adminPassword ? null : password };
}
