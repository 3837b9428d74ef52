import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { readVendorList, shippedVendorLists } from "../../assets/index.js";
import { t } from "../../i18n/index.js";
import type { Store } from "../../store/index.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";

/**
 * `centinela assets vendor …`: vendor records (aliases, country, parents, state control) and the
 * designated-vendor lists an operator adds beside the shipped FCC Covered List and NDAA §889 —
 * every asset of a listed vendor gets a line in `centinela actions`.
 */

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Opens the store, runs `fn`, closes; an error is printed and becomes exit code 1. */
async function withStore(options: StoreOptions, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openCommandStore(options);
  try {
    await fn(store);
  } catch (error) {
    printError(error);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/** Registers `assets vendor add|list|add-list|lists|rm-list`. */
export function registerVendorCommands(assets: Command): void {
  const vendor = assets.command("vendor").description(t("help:assets.vendor._"));
  withStoreOption(
    vendor
      .command("add")
      .description(t("help:assets.vendor.add._"))
      .argument("<name>")
      .option("--alias <name>", t("help:assets.vendor.add.alias"), collect, [])
      .option("--parent <name>", t("help:assets.vendor.add.parent"), collect, [])
      .option("--country <cc>", t("help:assets.vendor.add.country"))
      .option("--state-control <text>", t("help:assets.vendor.add.stateControl")),
  ).action(
    async (
      name: string,
      options: StoreOptions & { alias: string[]; parent: string[]; country?: string; stateControl?: string },
    ) => {
      if (options.country && !/^[A-Z]{2}$/.test(options.country))
        throw new Error(t("cli:assets.badCountry", { value: options.country }));
      const store = await openCommandStore(options);
      try {
        await store.inventory.putVendor(CLI_ACTOR, {
          name,
          aliases: options.alias,
          country: options.country ?? null,
          parents: options.parent,
          stateControl: options.stateControl ?? null,
        });
      } finally {
        await store.close();
      }
    },
  );
  withStoreOption(vendor.command("list").description(t("help:assets.vendor.list._"))).action(
    async (options: StoreOptions) => {
      const store = await openCommandStore(options);
      try {
        for (const v of await store.inventory.listVendors()) process.stdout.write(`${JSON.stringify(v)}\n`);
      } finally {
        await store.close();
      }
    },
  );

  withStoreOption(vendor.command("add-list").description(t("help:assets.vendor.add-list._")).argument("<file>")).action(
    (file: string, options: StoreOptions) =>
      withStore(options, async (store) => {
        const text = await readFile(file, "utf8");
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (error) {
          throw new Error(t("cli:assets.vendorListJson", { file, message: (error as Error).message }));
        }
        const list = readVendorList(doc);
        if (shippedVendorLists().some((l) => l.list === list.list))
          throw new Error(t("cli:assets.vendorListShipped", { name: list.list }));
        const outcome = await store.inventory.putVendorList(CLI_ACTOR, { list: list.list, data: JSON.stringify(doc) });
        const key = outcome === "new" ? "cli:assets.vendorListNew" : "cli:assets.vendorListUpdated";
        process.stdout.write(`${t(key, { name: list.list, count: list.entries.length })}\n`);
      }),
  );
  withStoreOption(vendor.command("lists").description(t("help:assets.vendor.lists._"))).action(
    (options: StoreOptions) =>
      withStore(options, async (store) => {
        const added = (await store.inventory.listVendorLists()).map((r) => readVendorList(JSON.parse(r.data)));
        const tag = { shipped: t("cli:assets.vendorListShippedTag"), added: t("cli:assets.vendorListAddedTag") };
        for (const [origin, lists] of [
          ["shipped", shippedVendorLists()],
          ["added", added],
        ] as const)
          for (const l of lists)
            process.stdout.write(
              `${l.list}\t${tag[origin]}\t${t("cli:assets.vendorListEntries", { count: l.entries.length })}\t${l.title}\n`,
            );
      }),
  );
  withStoreOption(vendor.command("rm-list").description(t("help:assets.vendor.rm-list._")).argument("<name>")).action(
    (name: string, options: StoreOptions) =>
      withStore(options, (store) => store.inventory.deleteVendorList(CLI_ACTOR, name)),
  );
}
