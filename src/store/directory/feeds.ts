import { AccessError, isSealed } from "../../access/index.js";
import { fromCatalog } from "../../errors/index.js";
import { statement } from "../backend.js";
import { StoreError } from "../errors.js";
import type { Directory } from "./contract.js";
import { audit, type DirectoryKit, type Rec, toFeed } from "./rows.js";
import { warninglistMethods } from "./warninglists.js";

/** Remote feeds: where they point, their sealed credentials, and their resume points. */
export type Feeds = Pick<
  Directory,
  | "addFeed"
  | "listFeeds"
  | "updateFeedState"
  | "removeFeed"
  | "putWarninglist"
  | "storedWarninglists"
  | "removeWarninglists"
  | "warninglistsGeneration"
>;

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
export function feedMethods({ db, run, record, now }: DirectoryKit): Feeds {
  return {
    async addFeed(actor, feed, options = {}) {
      checkSealed(feed.id, feed.secret);
      const given = {
        kind: feed.kind,
        config: JSON.stringify(feed.config),
        secret: feed.secret,
        every_seconds: feed.everySeconds,
      };
      const row = await run(function* () {
        const [old] = (yield statement(db.selectFrom("feeds").selectAll().where("id", "=", feed.id))) as Rec[];
        // What the feed is and where it pulls from: never the secret.
        const detail = { kind: feed.kind, config: feed.config };
        if (!old) {
          const fresh = {
            id: feed.id,
            ...given,
            cursor: null,
            last_sync: null,
            last_error: null,
            failures: 0,
            next_run: null,
            created: now(),
          };
          yield statement(db.insertInto("feeds").values(fresh));
          yield audit(db, actor, "feed.add", feed.id, detail);
          return fresh;
        }
        if (!options.replace)
          throw new StoreError("STORE_DUPLICATE", fromCatalog("errors:store.feedExists", { id: feed.id }));
        // The resume point belongs to where the feed pulls from: the connector says whether that moved.
        const previous = toFeed(old);
        const same = previous.kind === feed.kind && (options.keepCursor?.(previous) ?? false);
        const replaced = {
          ...given,
          cursor: same ? previous.cursor : null,
          last_error: null,
          failures: 0,
          next_run: null,
        };
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
              cursor: state.cursor,
              last_sync: state.lastSync,
              last_error: state.lastError,
              ...(state.failures !== undefined ? { failures: state.failures } : {}),
              ...(state.nextRun !== undefined ? { next_run: state.nextRun } : {}),
              ...(state.secret !== undefined ? { secret: state.secret } : {}),
            })
            .where("id", "=", feedId),
        ),
      ]);
    },
    async removeFeed(actor, feedId) {
      return run(function* () {
        const gone = (yield statement(db.deleteFrom("feeds").where("id", "=", feedId).returning("id"))) as Rec[];
        if (gone.length === 0) return false;
        yield statement(db.deleteFrom("feed_warninglists").where("feed_id", "=", feedId));
        yield audit(db, actor, "feed.remove", feedId, {});
        return true;
      });
    },
    ...warninglistMethods({ db, record, now }),
  };
}
