import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { type StoreOptions, withStoreOption } from "../context.js";
import { orgNames, resolveOrg } from "../org-name.js";
import { dependentsPhrase } from "../removal.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface AddOptions extends StoreOptions {
  title?: string;
  description?: string;
}

interface GrantOptions extends StoreOptions {
  read?: boolean;
  write?: boolean;
}

/** `centinela collection add|list|grant|revoke|grants`: TAXII collections and who may read or write them. */
export function registerCollectionCommand(program: Command): void {
  const collection = program.command("collection").description(t("help:collection._"));
  withStoreOption(
    collection
      .command("add")
      .description(t("help:collection.add._"))
      .argument("<id>")
      .option("--title <title>", t("help:collection.add.title"))
      .option("--description <text>", t("help:collection.add.description")),
  ).action(async (id: string, options: AddOptions) => {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(id)) throw new Error(t("cli:collection.badId"));
    await withStore(options, async (store) => {
      await store.directory.createCollection(CLI_ACTOR, {
        id,
        title: options.title ?? id,
        description: options.description ?? null,
      });
    });
  });
  withStoreOption(collection.command("rm").description(t("help:collection.rm._")).argument("<id>")).action(
    async (id: string, options: StoreOptions) => {
      await withStore(options, async (store) => {
        if (!(await store.directory.findCollection(id))) throw new Error(t("removal:noCollection", { id }));
        const blocking = await store.directory.removeCollection(CLI_ACTOR, id);
        if (blocking.length > 0)
          throw new Error(t("removal:collectionInUse", { id, list: dependentsPhrase(blocking) }));
        process.stdout.write(`${t("removal:collectionRemoved", { id })}\n`);
      });
    },
  );
  withStoreOption(collection.command("list").description(t("help:collection.list._"))).action(
    async (options: StoreOptions) => {
      await withStore(options, async (store) => {
        for (const c of await store.directory.listCollections()) process.stdout.write(`${c.id}\t${c.title}\n`);
      });
    },
  );
  withStoreOption(
    collection
      .command("grant")
      .description(t("help:collection.grant._"))
      .argument("<collection>", t("help:collection.grant.collection"))
      .argument("<org>", t("help:collection.grant.org"))
      .option("--read", t("help:collection.grant.read"))
      .option("--write", t("help:collection.grant.write")),
  ).action(async (id: string, orgName: string, options: GrantOptions) => {
    if (!options.read && !options.write) throw new Error(t("cli:collection.readOrWrite"));
    await setGrant(id, orgName, options, Boolean(options.read), Boolean(options.write));
  });
  withStoreOption(
    collection.command("revoke").description(t("help:collection.revoke._")).argument("<collection>").argument("<org>"),
  ).action(async (id: string, orgName: string, options: StoreOptions) => {
    await setGrant(id, orgName, options, false, false);
  });
  withStoreOption(
    collection.command("grants").description(t("help:collection.grants._")).argument("[collection]"),
  ).action(async (id: string | undefined, options: StoreOptions) => {
    await withStore(options, async (store) => {
      const names = await orgNames(store);
      for (const g of await store.directory.listGrants(id ? { collectionId: id } : {})) {
        process.stdout.write(
          `${g.collectionId}\t${g.orgId}\t${names.get(g.orgId) ?? ""}\t${g.read ? "read" : ""}${g.read && g.write ? "," : ""}${g.write ? "write" : ""}\n`,
        );
      }
    });
  });
}

async function setGrant(
  id: string,
  orgName: string,
  options: StoreOptions,
  read: boolean,
  write: boolean,
): Promise<void> {
  await withStore(options, async (store) => {
    if (!(await store.directory.findCollection(id))) throw new Error(t("cli:collection.notFound", { id }));
    const org = await resolveOrg(store, orgName);
    await store.directory.setGrant(CLI_ACTOR, { collectionId: id, orgId: org.id, read, write });
  });
}
