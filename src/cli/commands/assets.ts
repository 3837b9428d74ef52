import { basename } from "node:path";
import type { Command } from "commander";
import {
  ASSET_ROLES,
  CRITICALITIES,
  csvTemplateHeader,
  importInventory,
  MAX_INVENTORY_FILE_BYTES,
  normalizeCpe,
  parsePurl,
  readInventoryFile,
} from "../../assets/index.js";
import { parseMxState, t } from "../../i18n/index.js";
import { readSource } from "../../sources/index.js";
import { ALL_ORGS, type AssetPatch, type Organization, type Store, StoreError } from "../../store/index.js";
import { refreshExposure } from "../../vulns/index.js";
import { notAState, notOneOf } from "../choice.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "../org-name.js";
import { createProgress } from "../progress.js";
import { registerVendorCommands } from "./assets-vendor.js";
import { CLI_ACTOR } from "./org.js";

/**
 * `centinela assets …`: an organization's inventory from the command line — import Nmap XML,
 * CycloneDX JSON or the CSV template (told apart by content), list, show, change and remove
 * assets, their sites and their software.
 */

interface OrgOptions extends StoreOptions {
  org: string;
  json?: boolean;
}

export { resolveOrg } from "../org-name.js";

/** Opens the store, runs `fn` on the --org organization, closes; errors become exit code 1. */
async function withOrg(
  options: OrgOptions,
  fn: (store: Store, org: Organization) => Promise<number | undefined>,
): Promise<void> {
  const store = await openCommandStore(options);
  try {
    process.exitCode = (await fn(store, await resolveOrg(store, options.org))) ?? 0;
  } catch (error) {
    printError(error);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}

function orgCommand(parent: Command, name: string, description: string): Command {
  return withStoreOption(
    parent.command(name).description(description).requiredOption("--org <org>", t("help:assets.org")),
  );
}

/** The asset with this id in whichever organization holds it; ids are per organization, so two holders need --org. */
async function findAssetAnywhere(store: Store, id: string) {
  const found = [];
  for (const org of await store.directory.listOrganizations()) {
    try {
      found.push({ org, asset: await store.inventory.getAsset(ALL_ORGS, org.id, id) });
    } catch (error) {
      if (!(error instanceof StoreError && error.code === "STORE_NOT_FOUND")) throw error;
    }
  }
  if (found.length === 0) throw new StoreError("STORE_NOT_FOUND", t("cli:assets.notFoundAnywhere", { id }));
  if (found.length > 1)
    throw new StoreError(
      "STORE_DUPLICATE",
      t("cli:assets.inSeveral", { id, names: found.map((f) => `"${f.org.name}"`).join(", ") }),
    );
  return found[0]?.asset;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(notOneOf(what, value, allowed));
  return value as T;
}

/** `centinela assets`. */
export function registerAssetsCommand(program: Command): void {
  const assets = program.command("assets").description(t("help:assets._"));
  orgCommand(assets, "import", t("help:assets.import._"))
    .argument("<file>", t("help:assets.import.file"))
    .option("--internet", t("help:assets.import.internet"))
    .option("--asset <name>", t("help:assets.import.asset"))
    .option("--show-skipped <n>", t("help:assets.import.showSkipped"), "20")
    .option("-q, --quiet", t("help:assets.import.quiet"))
    .option("--json", t("help:assets.import.json"))
    .action(
      (
        file: string,
        options: OrgOptions & { internet?: boolean; asset?: string; showSkipped?: string; quiet?: boolean },
      ) => {
        // Checked before anything is read or written, as import's --show-rejections.
        const limit = Number(options.showSkipped ?? 20);
        if (!Number.isInteger(limit) || limit < 0) {
          printError(t("common:value.wholeNumber", { name: "--show-skipped", value: options.showSkipped }));
          process.exitCode = 2;
          return;
        }
        return withOrg(options, async (store, org) => {
          // Read whole (the importers work on the text), gzip or plain, up to the inventory limit.
          const { text } = await readSource(file, { maxBytes: MAX_INVENTORY_FILE_BYTES });
          const read = readInventoryFile(text, {
            input: basename(file),
            internetExposed: options.internet,
            assetName: options.asset,
          });
          const progress = createProgress(
            `assets ${read.format}`,
            read.assets.length,
            "objects",
            options.quiet === true || options.json === true,
          );
          const summary = await importInventory(store, CLI_ACTOR, ALL_ORGS, org, read, (done) =>
            progress.update(done, {}),
          );
          // The imported assets' exposure lines are derived now, not at the next Panorama.
          await refreshExposure(store);
          progress.stop();
          if (options.json) {
            process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
          } else {
            process.stdout.write(
              `${t("cli:assets.summary", { file, format: summary.format, seen: summary.seen, new: summary.new, updated: summary.updated, unchanged: summary.unchanged, skipped: summary.skipped.length, kept: summary.kept.length })}\n`,
            );
            // A scan of a /24 finds most hosts down: one line for them all, not one each.
            const down = summary.skipped.filter((p) => p.code === "NMAP_HOST_DOWN");
            // Then what was kept without a part it could not read: the same place-and-reason lines.
            const others = [...summary.skipped.filter((p) => p.code !== "NMAP_HOST_DOWN"), ...summary.kept];
            if (down.length > 0) process.stdout.write(`${t("cli:assets.hostsDown", { count: down.length })}\n`);
            for (const p of others.slice(0, limit)) {
              const where = p.line ? t("cli:assets.line", { line: p.line, column: p.column }) : "";
              process.stdout.write(
                `${t("cli:assets.skippedLine", { where, path: p.path ? `${p.path}: ` : "", code: p.code, message: p.message })}\n`,
              );
            }
            if (others.length > limit)
              process.stdout.write(`${t("cli:assets.more", { count: others.length - limit })}\n`);
          }
          return read.assets.length === 0 && summary.skipped.length > 0 ? 1 : 0;
        });
      },
    );

  orgCommand(assets, "list", t("help:assets.list._"))
    .option("--json", t("help:assets.list.json"))
    .action((options: OrgOptions) =>
      withOrg(options, async (store, org) => {
        let after: string | null = null;
        do {
          const page = await store.inventory.listAssets(ALL_ORGS, org.id, { limit: 1000, after });
          for (const a of page.assets) {
            process.stdout.write(
              options.json
                ? `${JSON.stringify(a)}\n`
                : `${a.id}\t${a.name}\t${a.roleSource === "inferred" ? t("cli:assets.inferred", { role: a.role }) : a.role}\t${a.criticality}\t${t(a.internetExposed ? "cli:assets.internet" : "cli:assets.internal")}\t${t("cli:assets.software", { count: a.software.length })}\n`,
            );
          }
          after = page.next;
        } while (after);
        return 0;
      }),
    );

  withStoreOption(
    assets
      .command("show")
      .description(t("help:assets.show._"))
      .argument("<id>")
      .option("--org <org>", t("help:assets.org")),
  ).action(async (id: string, options: StoreOptions & { org?: string }) => {
    const store = await openCommandStore(options);
    try {
      const asset = options.org
        ? await store.inventory.getAsset(ALL_ORGS, (await resolveOrg(store, options.org)).id, id)
        : await findAssetAnywhere(store, id);
      process.stdout.write(`${JSON.stringify(asset, null, 2)}\n`);
    } catch (error) {
      printError(error);
      process.exitCode = 1;
    } finally {
      await store.close();
    }
  });

  orgCommand(assets, "set", t("help:assets.set._"))
    .argument("<id>")
    .option("--role <role>", t("help:assets.set.role", { roles: ASSET_ROLES.join(", ") }))
    .option("--criticality <level>", t("help:assets.set.criticality", { levels: CRITICALITIES.join(", ") }))
    .option("--internet <yes|no>", t("help:assets.set.internet"))
    .option("--owner <name>", t("help:assets.set.owner"))
    .option("--site <id>", t("help:assets.set.site"))
    .action(
      (
        id: string,
        options: OrgOptions & { role?: string; criticality?: string; internet?: string; owner?: string; site?: string },
      ) =>
        withOrg(options, async (store, org) => {
          const patch: AssetPatch = {};
          if (options.role) patch.role = oneOf("--role", options.role, ASSET_ROLES);
          if (options.criticality) patch.criticality = oneOf("--criticality", options.criticality, CRITICALITIES);
          if (options.internet) patch.internetExposed = oneOf("--internet", options.internet, ["yes", "no"]) === "yes";
          if (options.owner !== undefined) patch.owner = options.owner;
          if (options.site !== undefined) patch.siteId = options.site === "-" ? null : options.site;
          const a = await store.inventory.updateAsset(CLI_ACTOR, ALL_ORGS, org.id, id, patch);
          process.stdout.write(`${a.id}\t${a.name}\t${a.role}\t${a.criticality}\n`);
          return 0;
        }),
    );

  orgCommand(assets, "role", t("help:assets.role._"))
    .argument("[id]", t("help:assets.role.id"))
    .option("--set <role>", t("help:assets.role.set", { roles: ASSET_ROLES.join(", ") }))
    .action((id: string | undefined, options: OrgOptions & { set?: string }) =>
      withOrg(options, async (store, org) => {
        const source = (s: string) =>
          t(
            s === "confirmed"
              ? "cli:assets.roleSource_confirmed"
              : s === "inferred"
                ? "cli:assets.roleSource_inferred"
                : "cli:assets.roleSource_default",
          );
        const line = (a: { id: string; name: string; role: string; roleSource: string; roleEvidence: string[] }) =>
          `${a.id}\t${a.name}\t${a.role}\t${source(a.roleSource)}\t${a.roleEvidence.join("; ")}\n`;
        if (id === undefined) {
          if (options.set) throw new Error(t("cli:assets.roleNeedsId"));
          let after: string | null = null;
          let shown = 0;
          do {
            const page = await store.inventory.listAssets(ALL_ORGS, org.id, { limit: 1000, after });
            for (const a of page.assets) {
              if (a.roleSource !== "inferred") continue;
              process.stdout.write(line(a));
              shown++;
            }
            after = page.next;
          } while (after);
          if (shown === 0) process.stdout.write(`${t("cli:assets.noInferred")}\n`);
          return 0;
        }
        const current = await store.inventory.getAsset(ALL_ORGS, org.id, id);
        const role = options.set ? oneOf("--set", options.set, ASSET_ROLES) : current.role;
        const a = await store.inventory.updateAsset(CLI_ACTOR, ALL_ORGS, org.id, id, { role, roleSource: "confirmed" });
        process.stdout.write(line(a));
        return 0;
      }),
    );

  orgCommand(assets, "rm", t("help:assets.rm._"))
    .argument("<id>")
    .action((id: string, options: OrgOptions) =>
      withOrg(options, async (store, org) => {
        await store.inventory.deleteAsset(CLI_ACTOR, ALL_ORGS, org.id, id);
        return 0;
      }),
    );

  assets
    .command("template")
    .description(t("help:assets.template._"))
    .action(() => {
      process.stdout.write(csvTemplateHeader());
    });

  const site = assets.command("site").description(t("help:assets.site._"));
  orgCommand(site, "add", t("help:assets.site.add._"))
    .argument("<name>")
    .option("--state <state>", t("help:assets.site.add.state"))
    .action((name: string, options: OrgOptions & { state?: string }) =>
      withOrg(options, async (store, org) => {
        const state = options.state ? parseMxState(options.state) : null;
        if (options.state && !state) throw new Error(notAState("--state", options.state));
        const s = await store.inventory.createSite(CLI_ACTOR, ALL_ORGS, org.id, { name, state });
        process.stdout.write(`${s.id}\t${s.name}\n`);
        return 0;
      }),
    );
  orgCommand(site, "list", t("help:assets.site.list._")).action((options: OrgOptions) =>
    withOrg(options, async (store, org) => {
      for (const s of await store.inventory.listSites(ALL_ORGS, org.id))
        process.stdout.write(`${s.id}\t${s.name}\t${s.state ?? ""}\n`);
      return 0;
    }),
  );
  orgCommand(site, "rm", t("help:assets.site.rm._"))
    .argument("<id>")
    .action((id: string, options: OrgOptions) =>
      withOrg(options, async (store, org) => {
        await store.inventory.deleteSite(CLI_ACTOR, ALL_ORGS, org.id, id);
        return 0;
      }),
    );

  registerVendorCommands(assets);

  const software = assets.command("software").description(t("help:assets.software._"));
  orgCommand(software, "add", t("help:assets.software.add._"))
    .argument("<asset-id>")
    .option("--cpe <cpe>", t("help:assets.software.add.cpe"))
    .option("--purl <purl>", t("help:assets.software.add.purl"))
    .option("--name <name>", t("help:assets.software.add.name"))
    .action((assetId: string, options: OrgOptions & { cpe?: string; purl?: string; name?: string }) =>
      withOrg(options, async (store, org) => {
        if (!options.cpe && !options.purl) throw new Error(t("cli:assets.cpeOrPurl"));
        const cpe = options.cpe ? normalizeCpe(options.cpe) : null;
        const purl = options.purl ? parsePurl(options.purl) : null;
        const f = cpe?.split(":") ?? [];
        const sw = await store.inventory.addSoftware(CLI_ACTOR, ALL_ORGS, org.id, assetId, {
          name: options.name ?? f[4] ?? purl?.name ?? "",
          version: f[5] && f[5] !== "*" && f[5] !== "-" ? f[5] : (purl?.version ?? null),
          vendor: f[3] ?? purl?.namespace ?? null,
          kind: f[2] === "o" ? "operating-system" : f[2] === "h" ? "hardware" : cpe ? "application" : "library",
          cpe,
          purl: options.purl ?? null,
        });
        process.stdout.write(`${sw.id}\t${sw.name}\t${sw.cpe ?? sw.purl}\n`);
        return 0;
      }),
    );
  orgCommand(software, "rm", t("help:assets.software.rm._"))
    .argument("<id>")
    .action((id: string, options: OrgOptions) =>
      withOrg(options, async (store, org) => {
        await store.inventory.deleteSoftware(CLI_ACTOR, ALL_ORGS, org.id, id);
        return 0;
      }),
    );
}
