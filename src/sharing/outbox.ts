import { decide } from "../access/index.js";
import { t } from "../i18n/index.js";
import { organizationIdentityId, type StixObject } from "../stix/index.js";
import { type Actor, ALL_ORGS, type OutboxItem, type Store } from "../store/index.js";
import { checkAisProfile } from "./ais-profile.js";
import { anonymizeObjects, type SenderContext } from "./anonymize.js";
import { SharingError } from "./errors.js";
import { policyNamed } from "./policies.js";

/**
 * The reviewed queue: a push under a policy is anonymized, checked and queued (pending); an
 * admin of the sender organization approves or rejects it (the rulebook's `outbox.approve`);
 * only approved items are sent. These functions hold the rules the store does not: who may
 * decide, that a pending item with profile errors cannot be approved, that a rejection says why.
 */

/** What the organization knows about itself, read from the store: what must not leave. */
export async function senderContext(store: Store, orgId: string): Promise<SenderContext> {
  const org = await store.directory.findOrganization(orgId);
  const sites = await store.inventory.listSites(ALL_ORGS, orgId);
  const assets: SenderContext["assets"][number][] = [];
  let after: string | null = null;
  do {
    const page = await store.inventory.listAssets(ALL_ORGS, orgId, { limit: 1000, after });
    for (const a of page.assets) assets.push({ name: a.name, hostnames: a.hostnames, addresses: a.addresses });
    after = page.next;
  } while (after !== null);
  const people = (await store.directory.listUsers()).filter((u) => u.orgId === orgId).map((u) => u.username);
  return {
    orgId,
    orgName: org?.name ?? "",
    identityIds: [organizationIdentityId(orgId)],
    sites: sites.map((s) => s.name),
    assets,
    people,
  };
}

/** What one push queues. */
export interface PushRequest {
  objects: readonly StixObject[];
  orgId: string;
  policy: string;
  to: string;
  collection: string;
  destination: string | null;
  source: string;
  by: string;
}

/** Anonymizes the objects under the policy, checks them against the AIS profile and queues them, pending. */
export async function queuePush(store: Store, actor: Actor, request: PushRequest): Promise<OutboxItem> {
  const policy = policyNamed(request.policy);
  const ctx = await senderContext(store, request.orgId);
  const anonymized = anonymizeObjects(request.objects, ctx, policy);
  const submitter = policy.identity(request.orgId, "").id;
  const issues = checkAisProfile(anonymized.objects, submitter);
  return store.outbox.queue(actor, {
    orgId: request.orgId,
    policy: policy.name,
    destination: request.destination,
    to: request.to,
    collection: request.collection,
    source: request.source,
    by: request.by,
    original: JSON.stringify(request.objects),
    outgoing: JSON.stringify(anonymized.objects),
    changes: JSON.stringify(anonymized.changes),
    issues: JSON.stringify(issues),
    errors: issues.filter((i) => i.severity === "error").length,
  });
}

/** A decision on an outbox item by a named user. */
export interface Decision {
  id: string;
  /** The user name deciding: an admin of the item's organization. */
  by: string;
  status: "approved" | "rejected";
  reason: string | null;
}

/** Approves or rejects a pending item, as the rulebook allows `by`; every refusal is a SharingError saying why. */
export async function decideItem(store: Store, actor: Actor, d: Decision): Promise<OutboxItem> {
  if (d.status === "rejected" && (d.reason === null || d.reason.trim() === ""))
    throw new SharingError("SHARING_NO_REASON");
  const user = await store.directory.findUser(d.by);
  if (user === null || !user.active) throw new SharingError("SHARING_UNKNOWN_USER", { user: d.by });
  const item = await store.outbox.get(ALL_ORGS, d.id);
  if (item === null) throw new SharingError("SHARING_NOT_FOUND", { id: d.id });
  const org = await store.directory.findOrganization(item.orgId);
  const allowed = decide({ role: user.role, orgId: user.orgId }, "outbox.approve", {
    kind: "organization",
    orgId: item.orgId,
  });
  if (!allowed.allowed)
    throw new SharingError("SHARING_FORBIDDEN", {
      user: user.username,
      org: org?.name ?? item.orgId,
      reason: allowed.reason,
    });
  if (item.status !== "pending") throw notPending(item);
  if (d.status === "approved" && item.errors > 0) {
    const first = (JSON.parse(item.issues) as { code: string; id: string; detail: string; severity: string }[]).find(
      (i) => i.severity === "error",
    );
    throw new SharingError("SHARING_BLOCKED", {
      id: item.id,
      count: item.errors,
      first: first ? `${first.code} ${first.id}: ${first.detail}` : "",
    });
  }
  const decided = await store.outbox.decide(ALL_ORGS, actor, d.id, {
    status: d.status,
    by: user.username,
    reason: d.reason,
  });
  // Another reviewer decided between the read and the write.
  if (decided === null) throw notPending((await store.outbox.get(ALL_ORGS, d.id)) ?? item);
  return decided;
}

function notPending(item: Pick<OutboxItem, "id" | "status">): SharingError {
  return new SharingError("SHARING_NOT_PENDING", {
    id: item.id,
    status: item.status,
    hint: item.status === "rejected" ? t("sharing:hintRejected") : item.status === "sent" ? t("sharing:hintSent") : "",
  });
}
