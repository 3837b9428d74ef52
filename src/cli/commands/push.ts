import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { policyNamed, queuePush, SharingError } from "../../sharing/index.js";
import { openSource } from "../../sources/index.js";
import { readStixStream, type StixObject, type StixStreamItem } from "../../stix/index.js";
import { ALL_ORGS, type Store } from "../../store/index.js";
import { pushObjects, TaxiiClient } from "../../taxii/index.js";
import { readClientTls } from "../../tls/index.js";
import { type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "../org-name.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface PushCommandOptions extends StoreOptions {
  to?: string;
  collection?: string;
  destination?: string;
  anonymize?: string;
  org?: string;
  by?: string;
  outbox?: boolean;
  user?: string;
  passwordEnv: string;
  tokenEnv: string;
  batch: string;
  clientCert?: string;
  clientKey?: string;
  ca?: string;
}

/** The STIX items of a file, "-" or URL, gzip or plain, opened when the first is asked for. */
async function* readStix(file: string): AsyncGenerator<StixStreamItem> {
  yield* readStixStream((await openSource(file)).stream);
}

/** Items of an array of objects already in memory (an approved outbox item). */
async function* itemsOf(objects: readonly unknown[]): AsyncGenerator<StixStreamItem> {
  for (let i = 0; i < objects.length; i++)
    yield { kind: "object", raw: JSON.stringify(objects[i]), index: i, offset: 0, line: 0 };
}

function clientOf(options: PushCommandOptions): TaxiiClient {
  // Read and checked before anything is sent: a wrong file is named, not a handshake failure.
  const tls = readClientTls({
    clientCert: options.clientCert ?? null,
    clientKey: options.clientKey ?? null,
    ca: options.ca ?? null,
  });
  const vars = { user: options.user ?? "", passwordVar: options.passwordEnv, tokenVar: options.tokenEnv };
  const password = process.env[options.passwordEnv] ?? "";
  const token = process.env[options.tokenEnv] ?? "";
  // Said before anything is sent: which variable to set, not a remote's 401.
  if (options.user && password === "") throw new Error(t("cli:push.noPassword", vars));
  if (!options.user && token === "" && !tls?.cert) throw new Error(t("cli:push.noCredentials", vars));
  return new TaxiiClient({
    credentials: options.user ? { username: options.user, password } : { token: token || null },
    tls,
    credentialHint: t(options.user ? "cli:push.hintPassword" : "cli:push.hintToken", vars),
  });
}

/**
 * `centinela push FILE… --to URL --collection ID`: send objects to a remote TAXII collection.
 * With `--anonymize POLICY` (or a `--destination` that has one) nothing is sent: the objects
 * are anonymized and wait in the outbox for an admin's approval; `push --outbox` sends the
 * approved ones.
 */
export function registerPushCommand(program: Command): void {
  withStoreOption(
    program
      .command("push")
      .description(t("help:push._"))
      .argument("[files...]", t("help:push.files"))
      .option("--to <url>", t("help:push.to"))
      .option("--collection <id>", t("help:push.collection"))
      .option("--destination <name>", t("help:push.destination"))
      .option("--anonymize <policy>", t("help:push.anonymize"))
      .option("--org <org>", t("help:push.org"))
      .option("--by <name>", t("help:push.by"))
      .option("--outbox", t("help:push.outbox"))
      .option("--user <username>", t("help:push.user"))
      .option("--password-env <var>", t("help:feeds.add.passwordEnv"), "CENTINELA_PUSH_PASSWORD")
      .option("--token-env <var>", t("help:push.tokenEnv"), "CENTINELA_PUSH_TOKEN")
      .option("--batch <n>", t("help:push.batch"), "1000")
      .option("--client-cert <file>", t("help:push.clientCert"))
      .option("--client-key <file>", t("help:push.clientKey"))
      .option("--ca <file>", t("help:push.ca")),
  ).action(async (files: string[], options: PushCommandOptions) => {
    if (options.outbox === true) return sendApproved(options);
    if (options.destination !== undefined || options.anonymize !== undefined) return queueFiles(files, options);
    if (options.to === undefined || options.collection === undefined) throw new Error(t("sharing:needsTarget"));
    if (files.length === 0) throw new Error("give the files to push, or --outbox to send the approved outbox items");
    const client = clientOf(options);
    let failures = 0;
    try {
      for (const file of files) {
        const result = await pushObjects(client, options.to, options.collection, readStix(file), {
          batchSize: Number(options.batch),
        });
        failures += result.failures.length + result.pending + result.unreadable;
        process.stdout.write(
          `${file}\tenvelopes=${result.envelopes}\ttotal=${result.total}\tsuccesses=${result.successes}\tfailures=${result.failures.length}\tpending=${result.pending}\tunreadable=${result.unreadable}\n`,
        );
        for (const f of result.failures.slice(0, 20)) process.stderr.write(`  failed ${f.id}: ${f.message ?? ""}\n`);
      }
    } finally {
      await client.close();
    }
    if (failures > 0) process.exitCode = 1;
  });
}

/** Reads every object of a file (the outbox holds an item's objects whole, as the reviewer sees them). */
async function objectsOf(file: string): Promise<StixObject[]> {
  const out: StixObject[] = [];
  for await (const item of readStix(file)) {
    if (item.kind === "error") throw new Error(`${file}:${item.line}: ${item.message}`);
    out.push(JSON.parse(item.raw) as StixObject);
  }
  return out;
}

async function queueFiles(files: string[], options: PushCommandOptions): Promise<void> {
  if (files.length === 0) throw new Error("give the files to queue for review");
  await withStore(options, async (store) => {
    const target = await targetOf(store, options);
    // An unknown policy is named before anything is read.
    policyNamed(target.policy);
    if (options.org === undefined)
      throw new Error("--anonymize needs --org ORG: the organization whose objects these are");
    const org = await resolveOrg(store, options.org);
    for (const file of files) {
      const objects = await objectsOf(file);
      const item = await queuePush(store, CLI_ACTOR, {
        objects,
        orgId: org.id,
        policy: target.policy,
        to: target.to,
        collection: target.collection,
        destination: target.destination,
        source: file,
        by: options.by ?? process.env.USER ?? "cli",
      });
      const issues = JSON.parse(item.issues) as { severity: string }[];
      process.stdout.write(
        `${t("sharing:queued", {
          file,
          objects: item.objects,
          policy: item.policy,
          changes: (JSON.parse(item.changes) as { redactions: unknown[] }[]).reduce(
            (n, c) => n + c.redactions.length,
            0,
          ),
          errors: item.errors,
          warnings: issues.length - item.errors,
          id: item.id,
        })}\n`,
      );
    }
  });
}

/** Where a queued push goes and under which policy: its destination's, or --to/--collection/--anonymize. */
async function targetOf(
  store: Store,
  options: PushCommandOptions,
): Promise<{ to: string; collection: string; policy: string; destination: string | null }> {
  if (options.destination !== undefined) {
    const d = await store.outbox.destination(options.destination);
    if (d === null) throw new SharingError("SHARING_UNKNOWN_DESTINATION", { name: options.destination });
    // A destination's policy is the partner's agreement: a push to it cannot choose a weaker one.
    if (options.anonymize !== undefined && options.anonymize !== d.policy)
      throw new Error(
        `destination ${d.name} requires policy ${d.policy}; leave out --anonymize or give --anonymize ${d.policy}`,
      );
    return { to: d.to, collection: d.collection, policy: d.policy, destination: d.name };
  }
  if (options.to === undefined || options.collection === undefined) throw new Error(t("sharing:needsTarget"));
  return { to: options.to, collection: options.collection, policy: options.anonymize ?? "", destination: null };
}

async function sendApproved(options: PushCommandOptions): Promise<void> {
  await withStore(options, async (store) => {
    const approved = await store.outbox.list(ALL_ORGS, { statuses: ["approved"] });
    if (approved.length === 0) {
      process.stderr.write(`${t("sharing:nothingToSend")}\n`);
      return;
    }
    const client = clientOf(options);
    let failed = 0;
    try {
      await sendEach(store, client, approved, options, () => failed++);
    } finally {
      await client.close();
    }
    if (failed > 0) process.exitCode = 1;
  });
}

/** Sends each approved item and marks it sent; a failure is reported and leaves it approved. */
async function sendEach(
  store: Store,
  client: TaxiiClient,
  approved: readonly { id: string }[],
  options: PushCommandOptions,
  onFailure: () => void,
): Promise<void> {
  for (const summary of approved) {
    const item = await store.outbox.get(ALL_ORGS, summary.id);
    if (item === null || item.status !== "approved") continue;
    try {
      const result = await pushObjects(client, item.to, item.collection, itemsOf(JSON.parse(item.outgoing)), {
        batchSize: Number(options.batch),
      });
      await store.outbox.markSent(CLI_ACTOR, item.id, JSON.stringify(result));
      if (result.failures.length + result.pending + result.unreadable > 0) onFailure();
      process.stdout.write(
        `${t("sharing:sent", { id: item.id, to: item.to, collection: item.collection, successes: result.successes, failures: result.failures.length, pending: result.pending })}\n`,
      );
    } catch (error) {
      onFailure();
      process.stderr.write(
        `${t("sharing:sendFailed", { id: item.id, to: item.to, reason: error instanceof Error ? error.message : String(error) })}\n`,
      );
    }
  }
}
