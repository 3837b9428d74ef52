import type { Command } from "commander";
import { generateToken, tokenHash } from "../../access/index.js";
import { t } from "../../i18n/index.js";
import { type StoreOptions, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface TokenCreateOptions extends StoreOptions {
  name: string;
  days?: string;
}

/** `centinela token create|list|revoke`: API tokens, shown once and stored only as SHA-256. */
export function registerTokenCommand(program: Command): void {
  const token = program.command("token").description(t("help:token._"));
  withStoreOption(
    token
      .command("create")
      .description(t("help:token.create._"))
      .argument("<username>")
      .option("--name <name>", t("help:token.create.name"), "api")
      .option("--days <n>", t("help:token.create.days")),
  ).action(async (username: string, options: TokenCreateOptions) => {
    const days = options.days === undefined ? null : Number(options.days);
    if (days !== null && (!Number.isFinite(days) || days <= 0)) throw new Error(`--days must be a positive number`);
    await withStore(options, async (store) => {
      const user = await store.directory.findUser(username);
      if (!user) throw new Error(`no user "${username}"`);
      const secret = generateToken();
      const expires = days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString();
      const created = await store.directory.createToken(CLI_ACTOR, {
        userId: user.id,
        tokenHash: tokenHash(secret),
        name: options.name,
        expires,
      });
      process.stderr.write(`token ${created.id} for ${username} (shown once, store it safely):\n`);
      process.stdout.write(`${secret}\n`);
    });
  });
  withStoreOption(token.command("list").description(t("help:token.list._")).argument("[username]")).action(
    async (username: string | undefined, options: StoreOptions) => {
      await withStore(options, async (store) => {
        const user = username ? await store.directory.findUser(username) : null;
        if (username && !user) throw new Error(`no user "${username}"`);
        for (const t of await store.directory.listTokens(user?.id)) {
          const state = t.revoked ? `revoked ${t.revoked}` : t.expires ? `expires ${t.expires}` : "live";
          process.stdout.write(`${t.id}\t${t.userId}\t${t.name}\t${state}\n`);
        }
      });
    },
  );
  withStoreOption(token.command("revoke").description(t("help:token.revoke._")).argument("<token-id>")).action(
    async (id: string, options: StoreOptions) => {
      await withStore(options, async (store) => {
        if (!(await store.directory.revokeToken(CLI_ACTOR, id))) throw new Error(`no live token "${id}"`);
      });
    },
  );
}
