import { AccessError, isSealed } from "../../access/index.js";
import { statement } from "../backend.js";
import { StoreError } from "../errors.js";
import type { Directory } from "./contract.js";
import { audit, type DirectoryKit, type Rec, toFeed } from "./rows.js";

/** Remote feeds: where they point, their sealed credentials, and their resume points. */
export type Feeds = Pick<Directory, "addFeed" | "listFeeds" | "updateFeedState">;

/**
 * The store writes credentials only as sealed by the caller (the CLI seals them with a key kept
 * outside the database, feed sync opens them): it refuses one in the clear, so no path can put a
 * partner's password into the database readable.
 */
function checkSealed(feedId: string, secret: string | null | undefined): void {
  if (secret !== null && secret !== undefined && !isSealed(secret)) {
    throw new AccessError(
      "ACCESS_SECRET_NOT_SEALED",
      `the credential of feed "${feedId}" must be sealed (access's sealSecret) before it is stored`,
    );
  }
}

/** The feed methods of the directory. */
export function feedMethods({ db, run, record }: DirectoryKit): Feeds {
  return {
    async addFeed(actor, feed, options = {}) {
      checkSealed(feed.id, feed.secret);
      const given = {
        kind: feed.kind,
        url: feed.url,
        collection: feed.collection,
        local_collection: feed.localCollection,
        username: feed.username,
        secret: feed.secret,
      };
      const row = await run(function* () {
        const [old] = (yield statement(db.selectFrom("feeds").selectAll().where("id", "=", feed.id))) as Rec[];
        // Where the feed points and what it was asked for: never the secret.
        const detail = { url: feed.url, collection: feed.collection };
        if (!old) {
          const fresh = { id: feed.id, ...given, added_after: null, next: null, last_sync: null, last_error: null };
          yield statement(db.insertInto("feeds").values(fresh));
          yield audit(db, actor, "feed.add", feed.id, detail);
          return fresh;
        }
        if (!options.replace) throw new StoreError("STORE_DUPLICATE", `feed "${feed.id}" already exists`);
        // The resume point belongs to the remote collection: another one starts from its beginning.
        const same = old.url === feed.url && old.collection === feed.collection;
        const resume = same
          ? { added_after: old.added_after as string | null, next: old.next as string | null }
          : { added_after: null, next: null };
        const replaced = { ...given, ...resume, last_error: null };
        yield statement(db.updateTable("feeds").set(replaced).where("id", "=", feed.id));
        yield audit(db, actor, "feed.replace", feed.id, { ...detail, resumed: same });
        return { ...old, ...replaced };
      });
      return toFeed(row as Rec);
    },
    async listFeeds() {
      return (await db.selectFrom("feeds").selectAll().orderBy("id").execute()).map((r) => toFeed(r));
    },
    async updateFeedState(feedId, state) {
      checkSealed(feedId, state.secret);
      await record([
        statement(
          db
            .updateTable("feeds")
            .set({
              added_after: state.addedAfter,
              next: state.next,
              last_sync: state.lastSync,
              last_error: state.lastError,
              ...(state.secret !== undefined ? { secret: state.secret } : {}),
            })
            .where("id", "=", feedId),
        ),
      ]);
    },
  };
}
