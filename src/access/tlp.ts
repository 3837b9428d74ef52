import type { TlpLevel } from "../stix/index.js";

/**
 * TLP 2.0 read decisions as a pure function. The store enforces the same rule inside its SQL;
 * its shared test suite checks the two agree on random objects and readers.
 *
 *   CLEAR         everyone the server admits, anonymous readers included
 *   GREEN         every member organization
 *   AMBER         the producer organization and the organizations it is shared with: explicit
 *                 shares, and every organization with a read grant on a collection the producer's
 *                 organization put the version into (see sharedOrganizations in sharing.ts)
 *   AMBER+STRICT  the producer organization and explicit shares only, never through collections
 *   RED           the named recipient users and the user who wrote it
 *
 * The local operator (`system`) reads everything. Unmarked objects count as `unmarkedAs`
 * (default AMBER: of their producer). `meta.sharedWith` is the full list of organizations a
 * version counts as shared with; callers build it with sharedOrganizations.
 */

/** Who is reading (the same shape as the store's AccessContext). */
export interface Reader {
  kind: "system" | "member" | "anonymous";
  orgId: string | null;
  userId: string | null;
}

/** What the decision needs to know about an object. */
export interface TlpObjectMeta {
  tlp: TlpLevel | null;
  producerOrg: string | null;
  /** Organizations the object is shared with (AMBER, AMBER+STRICT), collection readers included for AMBER. */
  sharedWith: readonly string[];
  /** Users the object is shared with (RED). */
  redRecipients: readonly string[];
  /** The user who wrote the object. */
  writerUser: string | null;
}

/** The default level of an object without a TLP marking. */
export const DEFAULT_UNMARKED_TLP: TlpLevel = "amber";

/** The level that governs an object: its marking, or `unmarkedAs` when it has none. */
export function effectiveTlp(tlp: TlpLevel | null, unmarkedAs: TlpLevel = DEFAULT_UNMARKED_TLP): TlpLevel {
  return tlp ?? unmarkedAs;
}

/** True when `reader` may read an object with `meta` under TLP 2.0. */
export function canRead(reader: Reader, meta: TlpObjectMeta, unmarkedAs: TlpLevel = DEFAULT_UNMARKED_TLP): boolean {
  if (reader.kind === "system") return true;
  const level = effectiveTlp(meta.tlp, unmarkedAs);
  if (level === "clear") return true;
  if (reader.kind !== "member") return false;
  switch (level) {
    case "green":
      return true;
    case "amber":
    case "amber+strict":
      return reader.orgId !== null && (meta.producerOrg === reader.orgId || meta.sharedWith.includes(reader.orgId));
    case "red":
      return (
        reader.userId !== null && (meta.writerUser === reader.userId || meta.redRecipients.includes(reader.userId))
      );
  }
}
