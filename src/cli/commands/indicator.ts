import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import type { Store } from "../../store/index.js";
import { type StoreOptions, SYSTEM_READER, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface AllowOptions extends StoreOptions {
  reason?: string;
  by?: string;
}

interface ListOptions extends StoreOptions {
  list?: string;
  json?: boolean;
}

/** Who the local operator is, for the override's record: --by, else the login name. */
function operatorName(by: string | undefined): string {
  return by ?? process.env.USER ?? process.env.USERNAME ?? "cli";
}

/**
 * `centinela indicator allow|disallow|warninglisted`: the per-indicator warninglist override.
 * An indicator `import --warninglists` flagged is stored and matched like any other, but `scan`
 * suppresses its alerts on values a warninglist holds; `allow` makes it alert all the same.
 */
export function registerIndicatorCommand(program: Command): void {
  const indicator = program.command("indicator").description(t("help:indicator._"));
  withStoreOption(
    indicator
      .command("allow")
      .description(t("help:indicator.allow._"))
      .argument("<id>", t("help:indicator.allow.id"))
      .option("--reason <text>", t("help:indicator.allow.reason"))
      .option("--by <name>", t("help:indicator.allow.by")),
  ).action(async (id: string, options: AllowOptions) => {
    await withStore(options, async (store) => {
      await requireIndicator(store, id);
      await store.lists.setWarninglistOverride(CLI_ACTOR, id, {
        allow: true,
        by: operatorName(options.by),
        reason: options.reason ?? null,
      });
      process.stdout.write(`${t("cli:indicator.allowed", { id })}\n`);
    });
  });
  withStoreOption(
    indicator
      .command("disallow")
      .description(t("help:indicator.disallow._"))
      .argument("<id>", t("help:indicator.allow.id")),
  ).action(async (id: string, options: StoreOptions) => {
    await withStore(options, async (store) => {
      const changed = await store.lists.setWarninglistOverride(CLI_ACTOR, id, {
        allow: false,
        by: operatorName(undefined),
        reason: null,
      });
      if (!changed) throw new Error(t("cli:indicator.notAllowed", { id }));
      process.stdout.write(`${t("cli:indicator.disallowed", { id })}\n`);
    });
  });
  withStoreOption(
    indicator
      .command("warninglisted")
      .description(t("help:indicator.warninglisted._"))
      .option("--list <name>", t("help:indicator.warninglisted.list"))
      .option("--json", t("help:indicator.warninglisted.json")),
  ).action(async (options: ListOptions) => {
    await withStore(options, async (store) => {
      const flags = await store.lists.warninglistFlags(options.list === undefined ? {} : { list: options.list });
      const allowed = new Map((await store.lists.warninglistOverrides()).map((o) => [o.indicatorId, o]));
      for (const f of flags) {
        const o = allowed.get(f.indicatorId);
        if (options.json === true)
          process.stdout.write(`${JSON.stringify({ ...f, allowed: o !== undefined, allowedBy: o?.by ?? null })}\n`);
        else
          process.stdout.write(
            `${f.indicatorId}\t${f.value}\t${f.list}\t${o ? t("cli:indicator.allowedBy", { by: o.by }) : t("cli:indicator.suppressed")}\n`,
          );
      }
      if (flags.length === 0 && options.json !== true) process.stderr.write(`${t("cli:indicator.noneFlagged")}\n`);
    });
  });
}

/** Throws a message naming the id and what to check when the store holds no indicator by that id. */
async function requireIndicator(store: Store, id: string): Promise<void> {
  if (!id.startsWith("indicator--")) throw new Error(t("cli:indicator.notIndicatorId", { id }));
  const versions = await store.getVersions(SYSTEM_READER, id);
  if (versions.length === 0) throw new Error(t("cli:indicator.unknown", { id }));
}
