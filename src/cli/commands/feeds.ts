import type { Command } from "commander";
import { sealSecret } from "../../access/index.js";
import {
  connectorFor,
  connectors,
  feedKinds,
  feedsError,
  formatEvery,
  parseEvery,
  type RunFeedResult,
  runFeed,
} from "../../feeds/index.js";
import { t } from "../../i18n/index.js";
import { type Feed, StoreError } from "../../store/index.js";
import { CLI_WRITER, commandSecretKey, type StoreOptions, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

/**
 * `centinela feeds add|list|sync|rm`, for every kind in feeds' registry: the kinds and their
 * options come from the registry, so a new kind shows up here without a line of this file.
 */

interface AddOptions extends StoreOptions {
  id?: string;
  user?: string;
  passwordEnv: string;
  tokenEnv: string;
  replace?: boolean;
  every?: string;
  check: boolean;
  [kindOption: string]: string | boolean | undefined;
}

interface SyncOptions extends StoreOptions {
  pageSize: string;
}

/** Reads a credential from the environment variable the user named (never from argv, which others can see). */
function secretFrom(name: string): string | null {
  const value = process.env[name];
  return value && value.length > 0 ? value : null;
}

/** The kind options as given (strings only), for the connector's configure. */
function kindOptions(options: AddOptions): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(options)) if (typeof value === "string") out[name] = value;
  return out;
}

/** What `feeds list` says of a feed's source; a kind this release does not know shows its config. */
function describe(feed: Feed): string {
  try {
    return connectorFor(feed.kind).describe(feed.config);
  } catch {
    return JSON.stringify(feed.config);
  }
}

function everyOf(feed: Feed): string {
  if (feed.everySeconds !== null) return formatEvery(feed.everySeconds);
  try {
    return formatEvery(connectorFor(feed.kind).defaultEverySeconds);
  } catch {
    return "-";
  }
}

function printResult(id: string, result: RunFeedResult): void {
  for (const message of result.problems) process.stderr.write(`${t("feeds:problem", { id, message })}\n`);
  process.stdout.write(`${t("feeds:synced", { id, pages: result.pages, ...result.counts })}\n`);
}

/** Registers `feeds` and its subcommands. */
export function registerFeedsCommand(program: Command): void {
  const feeds = program.command("feeds").description(t("help:feeds._", { kinds: feedKinds().join(", ") }));
  const add = feeds
    .command("add")
    .description(
      t("help:feeds.add._", {
        kinds: connectors()
          .map((c) => `${c.kind} (${t(c.summary)})`)
          .join("; "),
      }),
    )
    .argument("<kind>", t("help:feeds.add.kind", { kinds: feedKinds().join(" | ") }))
    .argument("<source>", t("help:feeds.add.source"))
    .option("--id <name>", t("help:feeds.add.id"))
    .option("--every <duration>", t("help:feeds.add.every"))
    .option("--no-check", t("help:feeds.add.noCheck"))
    .option("--user <username>", t("help:feeds.add.user"))
    .option("--password-env <var>", t("help:feeds.add.passwordEnv"), "CENTINELA_FEED_PASSWORD")
    .option("--token-env <var>", t("help:feeds.add.tokenEnv"), "CENTINELA_FEED_TOKEN")
    .option("--replace", t("help:feeds.add.replace"));
  const declared = new Set<string>();
  for (const connector of connectors()) {
    for (const option of connector.options) {
      if (declared.has(option.flags)) continue;
      declared.add(option.flags);
      add.option(option.flags, t(option.description, option.values));
    }
  }
  withStoreOption(add).action(async (kind: string, source: string, options: AddOptions) => {
    const connector = connectorFor(kind);
    const username = options.user ?? null;
    const config = connector.configure({ source, options: kindOptions(options), username });
    const everySeconds = options.every === undefined ? null : parseEvery(options.every);
    const secret = username ? secretFrom(options.passwordEnv) : secretFrom(options.tokenEnv);
    if (username && !secret) {
      throw feedsError("FEED_BAD_CONFIG", "feeds:needsPassword", { variable: options.passwordEnv, user: username });
    }
    if (options.check) await connector.check(config, secret);
    const id = options.id ?? connector.defaultId(config);
    await withStore(options, async (store) => {
      // Sealed here, where it enters, bound to the feed id: the store only ever sees the sealed text.
      const sealed = secret === null ? null : sealSecret(commandSecretKey(options)().key, id, secret);
      try {
        const feed = await store.directory.addFeed(
          CLI_ACTOR,
          { id, kind, config, secret: sealed, everySeconds },
          { replace: options.replace === true, keepCursor: (old) => connector.sameSource(old.config, config) },
        );
        process.stdout.write(`${feed.id}\n`);
      } catch (error) {
        if (error instanceof StoreError && error.code === "STORE_DUPLICATE") {
          throw feedsError("FEED_DUPLICATE", "feeds:duplicate", { id }, error);
        }
        throw error;
      }
    });
  });
  withStoreOption(feeds.command("list").description(t("help:feeds.list._"))).action(async (options: StoreOptions) => {
    await withStore(options, async (store) => {
      for (const f of await store.directory.listFeeds()) {
        const user = typeof f.config.username === "string" ? f.config.username : null;
        const auth = user ? `basic:${user}` : f.secret ? "token" : "none";
        const line = t("feeds:listLine", {
          id: f.id,
          kind: f.kind,
          source: describe(f),
          auth,
          every: everyOf(f),
          lastSync: f.lastSync ?? "-",
          nextRun: f.nextRun ?? "-",
        });
        const error = f.lastError ? t("feeds:listError", { error: f.lastError }) : "";
        process.stdout.write(`${line}${error}\n`);
      }
    });
  });
  withStoreOption(
    feeds
      .command("sync")
      .description(t("help:feeds.sync._"))
      .argument("[id]")
      .option("--page-size <n>", t("help:feeds.sync.pageSize"), "1000"),
  ).action(async (id: string | undefined, options: SyncOptions) => {
    const secretKey = commandSecretKey(options);
    await withStore(options, async (store) => {
      const all = await store.directory.listFeeds();
      const chosen = id ? all.filter((f) => f.id === id) : all;
      if (id && chosen.length === 0) throw feedsError("FEED_NOT_FOUND", "feeds:noFeed", { id });
      let failed = 0;
      for (const feed of chosen) {
        try {
          const result = await runFeed(store, feed, {
            ctx: { ...CLI_WRITER, source: `feed:${feed.id}` },
            pageSize: Number(options.pageSize),
            secretKey,
          });
          printResult(feed.id, result);
        } catch (error) {
          failed++;
          const message = error instanceof Error ? error.message : String(error);
          process.stderr.write(`${t("feeds:failed", { id: feed.id, message })}\n`);
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
  });
  withStoreOption(feeds.command("rm").description(t("help:feeds.rm._")).argument("<id>")).action(
    async (id: string, options: StoreOptions) => {
      await withStore(options, async (store) => {
        if (!(await store.directory.removeFeed(CLI_ACTOR, id)))
          throw feedsError("FEED_NOT_FOUND", "feeds:noFeed", { id });
        process.stdout.write(`${t("feeds:removed", { id })}\n`);
      });
    },
  );
}
