import { buildMispFeed, type MispFeedSummary, storeFeedSource, writeMispFeed } from "../../feeds/misp/index.js";
import type { AccessContext, Store } from "../../store/index.js";
import { SYSTEM_READER } from "../context.js";

/**
 * `export --misp-feed DIR [--for USER]`: the store as a MISP feed folder. Reads go through the
 * store's access filter as USER (TLP and sharing), or as the machine's operator without --for.
 */

/** The reader a feed export reads as: the named user, or the local operator. */
export async function feedReader(store: Store, user: string | undefined): Promise<AccessContext> {
  if (user === undefined) return SYSTEM_READER;
  const found = await store.directory.findUser(user);
  if (found === null || !found.active) {
    throw new Error(
      `--for ${user}: no active user of that name; see \`centinela user list\`, or export without --for as the operator`,
    );
  }
  return { kind: "member", orgId: found.orgId, userId: found.id };
}

/** Writes the feed and returns its counts. */
export async function exportMispFeed(
  store: Store,
  reader: AccessContext,
  dir: string,
  collectionId?: string,
): Promise<MispFeedSummary> {
  const source = storeFeedSource(store, reader, collectionId);
  const { events, summary } = await buildMispFeed(source);
  await writeMispFeed(dir, events);
  return summary;
}

/** The closing lines of a feed export, for a person. */
export function formatFeedSummary(dir: string, s: MispFeedSummary): string {
  const lines = [
    `MISP feed in ${dir}: ${s.events} event(s), ${s.attributes} attribute(s), ${s.objects} object(s), ${s.galaxyClusters} galaxy cluster(s)`,
  ];
  for (const [why, n] of Object.entries(s.notExported).sort((a, b) => b[1] - a[1]))
    lines.push(`  not exported: ${why} (${n})`);
  return `${lines.join("\n")}\n`;
}
