import type { StixObject } from "../stix/index.js";
import type { AnonymizationPolicy } from "./policies.js";
import { isInternalAddress, isInternalHost, type KnownTerm, type Redaction, scrubText } from "./scrub.js";

/**
 * Anonymizing STIX objects for a partner, under a policy. What every policy does:
 *
 *  1. The sender goes: its identity objects (those of its organization, every one another
 *     object names as `created_by_ref`, and every identity of class "individual") are left out;
 *     `created_by_ref` becomes the policy's generic identity (added once to what leaves);
 *     `where_sighted_refs` naming the sender become the generic identity; relationships to a
 *     left-out identity are left out.
 *  2. Free text — `name`, `description`, `abstract`, `content`, `explanation`, `aliases`,
 *     `contact_information`, the descriptions of external references, and (when the policy keeps
 *     them) custom `x_` string properties — is scrubbed of the organization's name, its sites,
 *     assets, host names and addresses (from the inventory), its people (user names, and the
 *     names of individuals in what is pushed), e-mail addresses, internal addresses (RFC 1918,
 *     loopback, link-local, unique-local) and internal host names.
 *  3. `authors` (opinions, notes) are left out: they are people. External references whose URL
 *     is on an internal host are left out.
 *  4. Patterns, hashes, ids, timestamps and markings are never changed: an indicator's pattern
 *     is what the partner acts on, and a changed pattern would be another indicator. A pattern
 *     naming an internal address is reported by the profile check instead.
 */

/** What the sender knows about itself: what must not leave. */
export interface SenderContext {
  orgId: string;
  orgName: string;
  /** STIX identity ids that stand for the organization. */
  identityIds: readonly string[];
  sites: readonly string[];
  assets: readonly { name: string; hostnames: readonly string[]; addresses: readonly string[] }[];
  /** People's names: the organization's user names and any others to scrub. */
  people: readonly string[];
}

/** What anonymizing did to one object. */
export interface ObjectChange {
  id: string;
  /** True when the object does not leave at all. */
  dropped: boolean;
  redactions: Redaction[];
}

/** The objects that leave and what was changed in each (objects unchanged are not listed). */
export interface AnonymizedObjects {
  objects: StixObject[];
  changes: ObjectChange[];
}

/** Properties whose string values (or arrays of strings) are free text. */
const FREE_TEXT = new Set([
  "name",
  "description",
  "abstract",
  "content",
  "explanation",
  "contact_information",
  "aliases",
]);

function urlHost(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return "";
  }
}

/** Applies `policy` to `objects` sent by the organization of `ctx`. */
export function anonymizeObjects(
  objects: readonly StixObject[],
  ctx: SenderContext,
  policy: AnonymizationPolicy,
  now: string = new Date().toISOString(),
): AnonymizedObjects {
  const generic = policy.identity(ctx.orgId, now);
  const creators = new Set(objects.map((o) => o.created_by_ref).filter((r): r is string => typeof r === "string"));
  const own = new Set(ctx.identityIds);
  const individuals = objects.filter((o) => o.type === "identity" && o.identity_class === "individual");
  const leaving = new Set(
    objects
      .filter(
        (o) =>
          o.type === "identity" &&
          o.id !== generic.id &&
          (own.has(o.id) || creators.has(o.id) || o.identity_class === "individual"),
      )
      .map((o) => o.id),
  );
  const people = [...ctx.people, ...individuals.map((o) => String(o.name ?? ""))].filter((p) => p.trim() !== "");
  const known: KnownTerm[] = [
    ...ctx.sites.map((s) => ({ text: s, replacement: "[site]", rule: "site" as const })),
    ...ctx.assets.flatMap((a, i) =>
      [a.name, ...a.hostnames, ...a.addresses].map((v) => ({
        text: v,
        replacement: `[asset ${i + 1}]`,
        rule: "asset-name" as const,
      })),
    ),
    ...people.map((p) => ({ text: p, replacement: "[person]", rule: "person" as const })),
  ];
  const terms = { orgName: ctx.orgName, known, labels: policy.labels };
  const ownHosts = new Set(ctx.assets.flatMap((a) => a.hostnames.map((h) => h.toLowerCase())));

  const out: StixObject[] = [];
  const changes: ObjectChange[] = [];
  let needsGeneric = false;
  for (const object of objects) {
    const redactions: Redaction[] = [];
    if (leaving.has(object.id)) {
      changes.push({
        id: object.id,
        dropped: true,
        redactions: [{ field: "", rule: "identity", before: String(object.name ?? object.id), after: "" }],
      });
      continue;
    }
    if (
      object.type === "relationship" &&
      (leaving.has(String(object.source_ref)) || leaving.has(String(object.target_ref)))
    ) {
      changes.push({
        id: object.id,
        dropped: true,
        redactions: [{ field: "", rule: "identity", before: `${object.source_ref} → ${object.target_ref}`, after: "" }],
      });
      continue;
    }
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(object)) {
      if (key === "created_by_ref" && typeof value === "string") {
        copy[key] = generic.id;
        needsGeneric = true;
        if (value !== generic.id) redactions.push({ field: key, rule: "identity", before: value, after: generic.id });
      } else if (key === "where_sighted_refs" && Array.isArray(value)) {
        const refs = value.map((r) => (leaving.has(String(r)) || own.has(String(r)) ? generic.id : r));
        if (refs.some((r, i) => r !== value[i])) {
          needsGeneric = true;
          redactions.push({
            field: key,
            rule: "identity",
            before: value.join(", "),
            after: [...new Set(refs)].join(", "),
          });
        }
        copy[key] = [...new Set(refs)];
      } else if (key === "authors" && Array.isArray(value)) {
        redactions.push({ field: key, rule: "person", before: value.join(", "), after: "" });
      } else if (key.startsWith("x_") && policy.dropCustom) {
        redactions.push({
          field: key,
          rule: "custom-property",
          before: JSON.stringify(value).slice(0, 200),
          after: "",
        });
      } else if (key === "external_references" && Array.isArray(value)) {
        copy[key] = externalReferences(value, terms, ownHosts, redactions);
        if ((copy[key] as unknown[]).length === 0) delete copy[key];
      } else if (FREE_TEXT.has(key) || key.startsWith("x_")) {
        copy[key] = scrubValue(key, value, terms, redactions);
      } else copy[key] = value;
    }
    if (redactions.length > 0) changes.push({ id: object.id, dropped: false, redactions });
    out.push(copy as StixObject);
  }
  if (needsGeneric && !objects.some((o) => o.id === generic.id)) out.unshift(generic);
  return { objects: out, changes };
}

function scrubValue(field: string, value: unknown, terms: Parameters<typeof scrubText>[2], out: Redaction[]): unknown {
  if (typeof value === "string") return scrubText(field, value, terms, out);
  if (Array.isArray(value)) return value.map((v, i) => scrubValue(`${field}[${i}]`, v, terms, out));
  return value;
}

function externalReferences(
  refs: unknown[],
  terms: Parameters<typeof scrubText>[2],
  ownHosts: ReadonlySet<string>,
  out: Redaction[],
): unknown[] {
  const kept: unknown[] = [];
  refs.forEach((ref, i) => {
    if (ref === null || typeof ref !== "object") return;
    const r = { ...(ref as Record<string, unknown>) };
    if (typeof r.url === "string") {
      const host = urlHost(r.url);
      if (host !== "" && (isInternalHost(host) || isInternalAddress(host) || ownHosts.has(host))) {
        out.push({ field: `external_references[${i}]`, rule: "reference", before: r.url, after: "" });
        return;
      }
    }
    if (typeof r.description === "string")
      r.description = scrubText(`external_references[${i}].description`, r.description, terms, out);
    kept.push(r);
  });
  return kept;
}
