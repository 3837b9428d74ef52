import type { Command } from "commander";
import { MX_STATES, SECTORS } from "../../assets/index.js";
import type { Actor } from "../../store/index.js";
import { openCommandStore, type StoreOptions, withStoreOption } from "../context.js";

/** Changes made from the command line are attributed to the local operator. */
export const CLI_ACTOR: Actor = { userId: null, orgId: null, address: "cli" };

/** `centinela org add|list`: member organizations. */
export function registerOrgCommand(program: Command): void {
  const org = program.command("org").description("member organizations");
  withStoreOption(
    org
      .command("add")
      .description("add an organization")
      .argument("<name>")
      .option("--sector <sector>", `critical-infrastructure sector: ${SECTORS.join(", ")}`)
      .option("--state <code>", "state, ISO 3166-2:MX code (MX-CMX, MX-JAL, …)"),
  ).action(async (name: string, options: StoreOptions & { sector?: string; state?: string }) => {
    // Exposure profile: both or neither, checked before anything is written.
    if (Boolean(options.sector) !== Boolean(options.state)) throw new Error("give --sector and --state together");
    if (options.sector && !(SECTORS as readonly string[]).includes(options.sector))
      throw new Error(`--sector must be one of ${SECTORS.join(", ")}; not "${options.sector}"`);
    if (options.state && !(options.state in MX_STATES))
      throw new Error(`--state must be an ISO 3166-2:MX code such as MX-CMX; not "${options.state}"`);
    const store = await openCommandStore(options);
    try {
      const created = await store.directory.createOrganization(CLI_ACTOR, name);
      if (options.sector && options.state)
        await store.inventory.setOrgProfile(CLI_ACTOR, {
          orgId: created.id,
          sector: options.sector,
          state: options.state,
          tlp: "amber",
        });
      process.stdout.write(`${created.id}\t${created.name}\n`);
    } finally {
      await store.close();
    }
  });
  withStoreOption(org.command("list").description("list organizations")).action(async (options: StoreOptions) => {
    const store = await openCommandStore(options);
    try {
      for (const o of await store.directory.listOrganizations()) process.stdout.write(`${o.id}\t${o.name}\n`);
    } finally {
      await store.close();
    }
  });
}
