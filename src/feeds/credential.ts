import { AccessError, isSealed, openSecret, type SecretKey, sealSecret } from "../access/index.js";
import type { Feed } from "../store/index.js";

/**
 * A feed's credential is stored sealed and opened here, just before a run sends it: the CLI
 * seals it where it enters (`feeds add`), so the plain value exists only at the two ends and
 * neither the store nor its backups hold it or the key (access's sealed-secret.ts says why).
 */

/** The credential to send, and its sealed form to store when the row still holds it in the clear. */
export interface OpenedCredential {
  plain: string | null;
  reseal: string | undefined;
}

/**
 * Opens the feed's credential. A value an older release stored in the clear is used as it is and
 * sealed for the next write of the row (the first resume point saved). One that does not open is
 * an error naming the feed and what to do, raised before anything is sent to the remote.
 */
export function openCredential(feed: Feed, secretKey: (() => SecretKey) | undefined): OpenedCredential {
  if (feed.secret === null) return { plain: null, reseal: undefined };
  if (!secretKey) {
    throw new AccessError(
      "ACCESS_SECRET_KEY_INVALID",
      `feed "${feed.id}" has a credential but no secret key was given`,
    );
  }
  const { key, source } = secretKey();
  if (!isSealed(feed.secret)) return { plain: feed.secret, reseal: sealSecret(key, feed.id, feed.secret) };
  try {
    return { plain: openSecret(key, feed.id, feed.secret), reseal: undefined };
  } catch (error) {
    throw new AccessError(
      "ACCESS_SECRET_UNREADABLE",
      `the stored credential of feed "${feed.id}" does not open with the secret key from ${source}: ` +
        `restore the key it was added with (CENTINELA_SECRET_KEY or secret.key from your backup), or add the feed again ` +
        `with \`centinela feeds add ${feed.kind} … --id ${feed.id} --replace\` and its credential`,
      { cause: error },
    );
  }
}
