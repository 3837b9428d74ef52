import type { Command } from "commander";
import { generatePassword, hashPassword, refuseWeakPassword } from "../../access/index.js";
import { t } from "../../i18n/index.js";
import { ROLES, type Role, type Store } from "../../store/index.js";
import { openCommandStore, type StoreOptions, withStoreOption } from "../context.js";
import { orgNames, resolveOrg } from "../org-name.js";
import { CLI_ACTOR } from "./org.js";

interface UserAddOptions extends StoreOptions {
  org: string;
  role: string;
}

async function withStore(options: StoreOptions, fn: (store: Store) => Promise<void>): Promise<void> {
  const store = await openCommandStore(options);
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * The password for a new or reset account: $CENTINELA_USER_PASSWORD (set, even empty, it must keep
 * the password policy), else generated and printed once.
 */
function newPassword(username: string): { password: string; generated: boolean } {
  const given = process.env.CENTINELA_USER_PASSWORD;
  if (given === undefined) return { password: generatePassword(), generated: true };
  refuseWeakPassword(given, username, "CENTINELA_USER_PASSWORD");
  return { password: given, generated: false };
}

/** `centinela user add|list|passwd|disable|enable`: user accounts. */
export function registerUserCommand(program: Command): void {
  const user = program.command("user").description(t("help:user._"));
  withStoreOption(
    user
      .command("add")
      .description(t("help:user.add._"))
      .argument("<username>")
      .requiredOption("--org <org>", t("help:collection.grant.org"))
      .option("--role <role>", t("help:user.add.role", { roles: ROLES.join(", ") }), "analyst"),
  ).action(async (username: string, options: UserAddOptions) => {
    if (!ROLES.includes(options.role as Role))
      throw new Error(t("cli:user.badRole", { roles: ROLES.join(", "), value: options.role }));
    await withStore(options, async (store) => {
      const org = await resolveOrg(store, options.org);
      const { password, generated } = newPassword(username);
      const created = await store.directory.createUser(CLI_ACTOR, {
        username,
        orgId: org.id,
        role: options.role as Role,
        passwordHash: await hashPassword(password),
      });
      process.stdout.write(`${created.id}\t${created.username}\t${org.name}\t${created.role}\n`);
      if (generated) process.stderr.write(`${t("cli:user.generated", { user: created.username, password })}\n`);
    });
  });
  withStoreOption(user.command("list").description(t("help:user.list._"))).action(async (options: StoreOptions) => {
    await withStore(options, async (store) => {
      const names = await orgNames(store);
      for (const u of await store.directory.listUsers()) {
        const state = t(u.active ? "cli:user.active" : "cli:user.disabled");
        process.stdout.write(`${u.id}\t${u.username}\t${names.get(u.orgId) ?? u.orgId}\t${u.role}\t${state}\n`);
      }
    });
  });
  withStoreOption(user.command("passwd").description(t("help:user.passwd._")).argument("<username>")).action(
    async (username: string, options: StoreOptions) => {
      await withStore(options, async (store) => {
        const found = await store.directory.findUser(username);
        if (!found) throw new Error(t("cli:user.notFound", { name: username }));
        const { password, generated } = newPassword(found.username);
        await store.directory.setPassword(CLI_ACTOR, found.id, await hashPassword(password));
        if (generated) process.stderr.write(`${t("cli:user.generated", { user: found.username, password })}\n`);
      });
    },
  );
  for (const [name, active] of [
    ["disable", false],
    ["enable", true],
  ] as const) {
    withStoreOption(
      user
        .command(name)
        .description(t(active ? "help:user.enable._" : "help:user.disable._"))
        .argument("<username>"),
    ).action(async (username: string, options: StoreOptions) => {
      await withStore(options, async (store) => {
        const found = await store.directory.findUser(username);
        if (!found) throw new Error(t("cli:user.notFound", { name: username }));
        await store.directory.setUserActive(CLI_ACTOR, found.id, active);
      });
    });
  }
}

export { withStore };
