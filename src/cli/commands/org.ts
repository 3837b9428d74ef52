import type { Command } from "commander";
import { SECTORS } from "../../assets/index.js";
import { parseMxState, t } from "../../i18n/index.js";
import type { Actor } from "../../store/index.js";
import { parseSector } from "../../vulns/index.js";
import { notAState, notOneOf } from "../choice.js";
import { openCommandStore, type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "../org-name.js";
import { dependentsPhrase } from "../removal.js";

/** Changes made from the command line are attributed to the local operator. */
export const CLI_ACTOR: Actor = { userId: null, orgId: null, address: "cli" };

/** `centinela org add|list|rm`: member organizations. */
export function registerOrgCommand(program: Command): void {
  const org = program.command("org").description(t("help:org._"));
  withStoreOption(
    org
      .command("add")
      .description(t("help:org.add._"))
      .argument("<name>")
      .option("--sector <sector>", t("help:org.add.sector", { sectors: SECTORS.join(", ") }))
      .option("--state <state>", t("help:org.add.state")),
  ).action(async (name: string, options: StoreOptions & { sector?: string; state?: string }) => {
    // Exposure profile: both or neither, checked before anything is written.
    if (Boolean(options.sector) !== Boolean(options.state)) throw new Error(t("cli:org.sectorAndState"));
    // By its key or its name in either language, accents aside (energy, energía, energia), as `actions --sector`.
    const sector = options.sector ? parseSector(options.sector) : null;
    if (options.sector && !sector) throw new Error(notOneOf("--sector", options.sector, SECTORS));
    const state = options.state ? parseMxState(options.state) : null;
    if (options.state && !state) throw new Error(notAState("--state", options.state));
    const store = await openCommandStore(options);
    try {
      const created = await store.directory.createOrganization(CLI_ACTOR, name);
      if (sector && state)
        await store.inventory.setOrgProfile(CLI_ACTOR, {
          orgId: created.id,
          sector,
          state,
          tlp: "amber",
        });
      process.stdout.write(`${created.id}\t${created.name}\n`);
    } finally {
      await store.close();
    }
  });
  withStoreOption(org.command("list").description(t("help:org.list._"))).action(async (options: StoreOptions) => {
    const store = await openCommandStore(options);
    try {
      for (const o of await store.directory.listOrganizations()) process.stdout.write(`${o.id}\t${o.name}\n`);
    } finally {
      await store.close();
    }
  });
  withStoreOption(
    org.command("rm").description(t("help:org.rm._")).argument("<org>", t("help:collection.grant.org")),
  ).action(async (name: string, options: StoreOptions) => {
    const store = await openCommandStore(options);
    try {
      const found = await resolveOrg(store, name);
      const blocking = await store.directory.removeOrganization(CLI_ACTOR, found.id);
      if (blocking.length > 0)
        throw new Error(t("removal:orgInUse", { name: found.name, list: dependentsPhrase(blocking) }));
      process.stdout.write(`${t("removal:orgRemoved", { name: found.name })}\n`);
    } finally {
      await store.close();
    }
  });
}
