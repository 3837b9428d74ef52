import type { Command } from "commander";
import { sealSecret } from "../../access/index.js";
import { StoreError } from "../../store/index.js";
import { syncFeed } from "../../taxii/index.js";
import { CLI_WRITER, commandSecretKey, type StoreOptions, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface AddOptions extends StoreOptions {
  collection: string;
  into?: string;
  user?: string;
  passwordEnv: string;
  tokenEnv: string;
  id?: string;
  replace?: boolean;
}

interface SyncOptions extends StoreOptions {
  pageSize: string;
}

/** Reads a credential from the environment variable the user named (never from argv, which others can see). */
function secretFrom(name: string): string | null {
  const value = process.env[name];
  return value && value.length > 0 ? value : null;
}

/** `centinela feeds add taxii URL --collection ID`, `feeds list`, `feeds sync [ID]`. */
export function registerFeedsCommand(program: Command): void {
  const feeds = program.command("feeds").description("remote TAXII 2.1 feeds pulled into the store");
  withStoreOption(
    feeds
      .command("add")
      .description(
        "add a remote TAXII collection; credentials come from environment variables, are stored encrypted with the secret key ($CENTINELA_SECRET_KEY or secret.key in --data) and are never printed",
      )
      .argument("<kind>", "taxii")
      .argument("<url>", "the API root URL of the remote server")
      .requiredOption("--collection <id>", "remote collection id")
      .option("--id <name>", "name of the feed (default: host/collection)")
      .option("--into <collection>", "local collection to add pulled objects to")
      .option("--user <username>", "HTTP Basic user; the password is read from --password-env")
      .option("--password-env <var>", "environment variable holding the password", "CENTINELA_FEED_PASSWORD")
      .option(
        "--token-env <var>",
        "environment variable holding a Bearer token (when no --user)",
        "CENTINELA_FEED_TOKEN",
      )
      .option(
        "--replace",
        "replace the feed with this id (new address or credentials); keeps its resume point if the URL and collection are the same",
      ),
  ).action(async (kind: string, url: string, options: AddOptions) => {
    if (kind !== "taxii") throw new Error(`unknown feed kind "${kind}"; this command adds "taxii" feeds`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`"${url}" is not a URL; give the remote API root, e.g. https://host/taxii2/main/`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("the feed URL must be http(s)");
    const secret = options.user ? secretFrom(options.passwordEnv) : secretFrom(options.tokenEnv);
    if (options.user && !secret)
      throw new Error(`set the password in $${options.passwordEnv} for --user ${options.user}`);
    const id = options.id ?? `${parsed.host}/${options.collection}`;
    await withStore(options, async (store) => {
      // Sealed here, where it enters, bound to the feed id: the store only ever sees the sealed text.
      const sealed = secret === null ? null : sealSecret(commandSecretKey(options)().key, id, secret);
      const input = {
        id,
        kind: "taxii" as const,
        url: parsed.toString(),
        collection: options.collection,
        localCollection: options.into ?? null,
        username: options.user ?? null,
        secret: sealed,
      };
      try {
        const feed = await store.directory.addFeed(CLI_ACTOR, input, { replace: options.replace === true });
        process.stdout.write(`${feed.id}\n`);
      } catch (error) {
        if (error instanceof StoreError && error.code === "STORE_DUPLICATE") {
          throw new Error(`${error.message}; add --replace to replace it, or choose another --id`, { cause: error });
        }
        throw error;
      }
    });
  });
  withStoreOption(feeds.command("list").description("list feeds and their resume points (never credentials)")).action(
    async (options: StoreOptions) => {
      await withStore(options, async (store) => {
        for (const f of await store.directory.listFeeds()) {
          const auth = f.username ? `basic:${f.username}` : f.secret ? "token" : "none";
          process.stdout.write(
            `${f.id}\t${f.url}\t${f.collection}\t${auth}\tadded_after=${f.addedAfter ?? "-"}\tlast_sync=${f.lastSync ?? "-"}${f.lastError ? `\terror=${f.lastError}` : ""}\n`,
          );
        }
      });
    },
  );
  withStoreOption(
    feeds
      .command("sync")
      .description("pull new objects from every feed (or one), resuming where the last sync stopped")
      .argument("[id]")
      .option("--page-size <n>", "objects per request", "1000"),
  ).action(async (id: string | undefined, options: SyncOptions) => {
    const secretKey = commandSecretKey(options);
    await withStore(options, async (store) => {
      const all = await store.directory.listFeeds();
      const chosen = id ? all.filter((f) => f.id === id) : all;
      if (id && chosen.length === 0) throw new Error(`no feed "${id}"; see \`centinela feeds list\``);
      let failed = 0;
      for (const feed of chosen) {
        try {
          const result = await syncFeed(store, feed, {
            ctx: { ...CLI_WRITER, source: `feed:${feed.id}` },
            pageSize: Number(options.pageSize),
            secretKey,
          });
          const s = result.summary;
          process.stdout.write(
            `${feed.id}\tpages=${result.pages}\tnew=${s.new}\tnew_version=${s.newVersion}\tunchanged=${s.unchanged}\trejected=${s.rejected}\n`,
          );
        } catch (error) {
          failed++;
          process.stderr.write(
            `centinela: feed ${feed.id}: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        }
      }
      if (failed > 0) process.exitCode = 1;
    });
  });
}
