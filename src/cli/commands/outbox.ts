import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import {
  decideItem,
  type ObjectChange,
  POLICIES,
  POLICY_NAMES,
  type ProfileIssue,
  policyNamed,
  SharingError,
} from "../../sharing/index.js";
import type { StixObject } from "../../stix/index.js";
import { ALL_ORGS, OUTBOX_STATUSES, type OutboxItem, type OutboxStatus, StoreError } from "../../store/index.js";
import { type StoreOptions, withStoreOption } from "../context.js";
import { CLI_ACTOR } from "./org.js";
import { withStore } from "./user.js";

interface ListOptions extends StoreOptions {
  status?: string;
  json?: boolean;
}

interface DecideOptions extends StoreOptions {
  by: string;
  reason?: string;
}

interface DestinationOptions extends StoreOptions {
  to: string;
  collection: string;
  anonymize: string;
  replace?: boolean;
}

/**
 * `centinela outbox list|show|approve|reject|destination add|destinations|policies`: the reviewed
 * queue of anonymized pushes. Nothing in it leaves until an admin of its organization approves
 * it; `centinela push --outbox` then sends it.
 */
export function registerOutboxCommand(program: Command): void {
  const outbox = program.command("outbox").description(t("help:outbox._"));
  withStoreOption(
    outbox
      .command("list")
      .description(t("help:outbox.list._"))
      .option("--status <status>", t("help:outbox.list.status", { statuses: OUTBOX_STATUSES.join(", ") }))
      .option("--json", t("help:indicator.warninglisted.json")),
  ).action(async (options: ListOptions) => {
    const statuses = options.status === undefined ? undefined : [checkStatus(options.status)];
    await withStore(options, async (store) => {
      const items = await store.outbox.list(ALL_ORGS, statuses ? { statuses } : {});
      for (const i of items) {
        if (options.json === true) process.stdout.write(`${JSON.stringify(i)}\n`);
        else
          process.stdout.write(
            `${i.id}\t${i.status}\t${i.policy}\t${i.objects}\terrors=${i.errors}\t${i.to} ${i.collection}\t${i.source}\t${i.created}\n`,
          );
      }
      if (items.length === 0 && options.json !== true) process.stderr.write(`${t("sharing:empty")}\n`);
    });
  });
  withStoreOption(
    outbox
      .command("show")
      .description(t("help:outbox.show._"))
      .argument("<id>")
      .option("--json", t("help:outbox.show.json")),
  ).action(async (id: string, options: ListOptions) => {
    await withStore(options, async (store) => {
      const item = await store.outbox.get(ALL_ORGS, id);
      if (item === null) throw new SharingError("SHARING_NOT_FOUND", { id });
      if (options.json === true) {
        process.stdout.write(
          `${JSON.stringify({
            ...item,
            original: JSON.parse(item.original),
            outgoing: JSON.parse(item.outgoing),
            changes: JSON.parse(item.changes),
            issues: JSON.parse(item.issues),
            result: item.result === null ? null : JSON.parse(item.result),
          })}\n`,
        );
      } else process.stdout.write(describeItem(item));
    });
  });
  withStoreOption(
    outbox
      .command("approve")
      .description(t("help:outbox.approve._"))
      .argument("<id>")
      .requiredOption("--by <user>", t("help:outbox.approve.by")),
  ).action(async (id: string, options: DecideOptions) => {
    await withStore(options, async (store) => {
      const item = await decideItem(store, CLI_ACTOR, { id, by: options.by, status: "approved", reason: null });
      process.stdout.write(`${t("sharing:approved", { id: item.id, by: item.decidedBy })}\n`);
    });
  });
  withStoreOption(
    outbox
      .command("reject")
      .description(t("help:outbox.reject._"))
      .argument("<id>")
      .requiredOption("--by <user>", t("help:outbox.reject.by"))
      .option("--reason <text>", t("help:outbox.reject.reason")),
  ).action(async (id: string, options: DecideOptions) => {
    await withStore(options, async (store) => {
      const item = await decideItem(store, CLI_ACTOR, {
        id,
        by: options.by,
        status: "rejected",
        reason: options.reason ?? null,
      });
      process.stdout.write(`${t("sharing:rejected", { id: item.id, by: item.decidedBy, reason: item.reason })}\n`);
    });
  });
  const destination = outbox.command("destination").description(t("help:outbox.destination._"));
  withStoreOption(
    destination
      .command("add")
      .description(t("help:outbox.destination.add._"))
      .argument("<name>")
      .requiredOption("--to <url>", t("help:outbox.destination.add.to"))
      .requiredOption("--collection <id>", t("help:outbox.destination.add.collection"))
      .requiredOption(
        "--anonymize <policy>",
        t("help:outbox.destination.add.anonymize", { policies: POLICY_NAMES.join(", ") }),
      )
      .option("--replace", t("help:outbox.destination.add.replace")),
  ).action(async (name: string, options: DestinationOptions) => {
    const policy = policyNamed(options.anonymize);
    try {
      new URL(options.to);
    } catch {
      throw new Error(`"${options.to}" is not a URL; give the partner's API root, e.g. https://host/taxii2/api/`);
    }
    await withStore(options, async (store) => {
      try {
        await store.outbox.putDestination(
          CLI_ACTOR,
          { name, to: options.to, collection: options.collection, policy: policy.name },
          { replace: options.replace === true },
        );
      } catch (error) {
        if (error instanceof StoreError && error.code === "STORE_DUPLICATE")
          throw new Error(`${error.message}; add --replace to replace it`, { cause: error });
        throw error;
      }
      process.stdout.write(
        `${t("sharing:destinationAdded", { name, to: options.to, collection: options.collection, policy: policy.name })}\n`,
      );
    });
  });
  withStoreOption(outbox.command("destinations").description(t("help:outbox.destinations._"))).action(
    async (options: StoreOptions) => {
      await withStore(options, async (store) => {
        const all = await store.outbox.destinations();
        for (const d of all) process.stdout.write(`${d.name}\t${d.to}\t${d.collection}\t${d.policy}\n`);
        if (all.length === 0) process.stderr.write(`${t("sharing:noDestinations")}\n`);
      });
    },
  );
  outbox
    .command("policies")
    .description(t("help:outbox.policies._"))
    .action(() => {
      for (const name of POLICY_NAMES) process.stdout.write(`${name}\t${POLICIES[name]?.summary}\n`);
    });
}

function checkStatus(value: string): OutboxStatus {
  if ((OUTBOX_STATUSES as readonly string[]).includes(value)) return value as OutboxStatus;
  throw new Error(`--status must be one of ${OUTBOX_STATUSES.join(", ")}, not "${value}"`);
}

/** The item as a reviewer reads it: each object left out, changed (property by property) or added, then the profile check. */
export function describeItem(item: OutboxItem): string {
  const original = JSON.parse(item.original) as StixObject[];
  const outgoing = JSON.parse(item.outgoing) as StixObject[];
  const changes = JSON.parse(item.changes) as ObjectChange[];
  const issues = JSON.parse(item.issues) as ProfileIssue[];
  const lines = [
    t("sharing:show.head", {
      id: item.id,
      status: item.status,
      policy: item.policy,
      to: item.to,
      collection: item.collection,
      org: item.orgId,
      created: item.created,
      by: item.createdBy,
    }),
  ];
  if (item.decidedBy !== null)
    lines.push(
      t("sharing:show.decided", {
        status: item.status === "sent" ? "approved" : item.status,
        by: item.decidedBy,
        at: item.decidedAt ?? "",
        reason: item.reason ? `: ${item.reason}` : "",
      }),
    );
  const originalIds = new Set(original.map((o) => o.id));
  for (const o of outgoing) if (!originalIds.has(o.id)) lines.push(t("sharing:show.added", { id: o.id }));
  for (const c of changes) {
    if (c.dropped) {
      lines.push(
        t("sharing:show.dropped", { id: c.id, why: c.redactions.map((r) => `${r.rule} ${r.before}`).join("; ") }),
      );
      continue;
    }
    lines.push(t("sharing:show.changed", { id: c.id }));
    for (const r of c.redactions)
      lines.push(t("sharing:show.change", { field: r.field, rule: r.rule, before: r.before, after: r.after }));
  }
  const changed = new Set(changes.map((c) => c.id));
  lines.push(t("sharing:show.unchanged", { count: original.filter((o) => !changed.has(o.id)).length }));
  const errors = issues.filter((i) => i.severity === "error").length;
  if (issues.length === 0) lines.push(t("sharing:show.noIssues"));
  else {
    lines.push(t("sharing:show.issues", { errors, warnings: issues.length - errors }));
    for (const i of issues) lines.push(t("sharing:show.issue", { ...i }));
  }
  return `${lines.join("\n")}\n`;
}
