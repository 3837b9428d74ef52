import { indicatorOf, observedOf } from "./attribute.js";
import { attributeComparisons, type Comparison, MISP_TYPES } from "./attribute-types.js";
import type { ConvertContext } from "./convert-context.js";
import { mispId } from "./ids.js";
import { type MispAttribute, type MispObject, mispBool } from "./misp-event.js";
import { patternOf } from "./observables.js";

/**
 * MISP objects (file, domain-ip, url, email, ip-port, network-connection, registry-key, x509…)
 * into one grouped STIX pattern (when any attribute is to_ids) or one observed-data: attributes
 * of one STIX type share one observation. A relation known for the object template names the
 * STIX path (an ip-port's `ip` is the traffic's destination); otherwise the attribute's type does.
 */

/**
 * [STIX type, path, MISP attribute type] of each (object template, relation) that the attribute
 * type alone cannot place; the MISP type is what the way back writes.
 */
export const OBJECT_RELATIONS: Readonly<Record<string, Readonly<Record<string, readonly [string, string, string]>>>> = {
  file: {
    filename: ["file", "name", "filename"],
    "size-in-bytes": ["file", "size", "size-in-bytes"],
    mimetype: ["file", "mime_type", "mime-type"],
  },
  "domain-ip": {
    domain: ["domain-name", "value", "domain"],
    hostname: ["domain-name", "value", "hostname"],
    ip: ["domain-name", "resolves_to_refs[*].value", "ip-dst"],
  },
  "ip-port": {
    ip: ["network-traffic", "dst_ref.value", "ip-dst"],
    "ip-dst": ["network-traffic", "dst_ref.value", "ip-dst"],
    "ip-src": ["network-traffic", "src_ref.value", "ip-src"],
    "dst-port": ["network-traffic", "dst_port", "port"],
    "src-port": ["network-traffic", "src_port", "port"],
  },
  "network-connection": {
    "ip-src": ["network-traffic", "src_ref.value", "ip-src"],
    "ip-dst": ["network-traffic", "dst_ref.value", "ip-dst"],
    "hostname-dst": ["network-traffic", "dst_ref.value", "hostname"],
    "hostname-src": ["network-traffic", "src_ref.value", "hostname"],
    "src-port": ["network-traffic", "src_port", "port"],
    "dst-port": ["network-traffic", "dst_port", "port"],
  },
  email: {
    from: ["email-message", "from_ref.value", "email-src"],
    to: ["email-message", "to_refs[*].value", "email-dst"],
    cc: ["email-message", "cc_refs[*].value", "email-dst"],
    subject: ["email-message", "subject", "email-subject"],
    "reply-to": ["email-message", "additional_header_fields.'Reply-To'", "email-reply-to"],
    "x-mailer": ["email-message", "additional_header_fields.'X-Mailer'", "email-x-mailer"],
    "message-id": ["email-message", "message_id", "email-message-id"],
    "email-body": ["email-message", "body", "email-body"],
  },
  "registry-key": {
    key: ["windows-registry-key", "key", "regkey"],
    data: ["windows-registry-key", "values[*].data", "text"],
  },
  x509: {
    "serial-number": ["x509-certificate", "serial_number", "text"],
    issuer: ["x509-certificate", "issuer", "text"],
    subject: ["x509-certificate", "subject", "text"],
  },
  asn: { asn: ["autonomous-system", "number", "AS"] },
};

const NUMERIC_PATHS = new Set(["dst_port", "src_port", "size", "number"]);

/** The comparison one attribute of an object stands for, or why it has none. */
function objectComparison(
  template: string,
  attr: MispAttribute,
): { ok: true; comparison: Comparison } | { ok: false; reason: string | null } {
  const relation = typeof attr.object_relation === "string" ? attr.object_relation : "";
  const known = OBJECT_RELATIONS[template]?.[relation];
  const value = typeof attr.value === "string" ? attr.value.trim() : String(attr.value ?? "");
  if (known !== undefined) {
    const [type, path] = known;
    if (NUMERIC_PATHS.has(path)) {
      const n = Number(value.replace(/^AS/i, ""));
      if (!Number.isInteger(n) || n < 0) return { ok: false, reason: `"${value}" is not a whole number` };
      return { ok: true, comparison: { type, path, value: n } };
    }
    const spec = MISP_TYPES.get(attr.type);
    // The relation names the place; the attribute's own type still checks the value.
    if (spec && spec.paths.length === 1) {
      const checked = attributeComparisons(attr.type, spec, value);
      if (!checked.ok) return { ok: false, reason: checked.reason };
    }
    return { ok: true, comparison: { type, path, value } };
  }
  const spec = MISP_TYPES.get(attr.type);
  if (spec === undefined || spec.paths.length !== 1 || !spec.observable) return { ok: false, reason: null };
  const converted = attributeComparisons(attr.type, spec, value);
  if (!converted.ok) return { ok: false, reason: converted.reason };
  return { ok: true, comparison: converted.comparisons[0]! };
}

/** Paths that hold one value: a second attribute for one of them cannot join the same SCO. */
function isSingle(path: string): boolean {
  return !path.includes("[*]");
}

/** Converts one MISP object into the context. */
export function convertObject(ctx: ConvertContext, object: MispObject): void {
  const attributes = object.Attribute ?? [];
  ctx.summary.attributes += attributes.length;
  if (mispBool(object.deleted)) {
    ctx.summary.deleted += attributes.length;
    return;
  }
  const key = object.uuid ?? `${ctx.event.uuid}/object/${object.name}/${attributes.map((a) => a.value).join("|")}`;
  const comparisons: Comparison[] = [];
  const kept: Record<string, unknown>[] = [];
  const used = new Set<string>();
  let toIds = false;
  let latest = object.timestamp;
  const tags: NonNullable<MispAttribute["Tag"]> = [];
  for (const attr of attributes) {
    if (mispBool(attr.deleted)) {
      ctx.summary.deleted++;
      continue;
    }
    if (Number(attr.timestamp ?? 0) > Number(latest ?? 0)) latest = attr.timestamp;
    tags.push(...(attr.Tag ?? []));
    const found = objectComparison(object.name, attr);
    const c = found.ok ? found.comparison : null;
    if (c === null || (isSingle(c.path) && used.has(`${c.type}:${c.path}`))) {
      if (!found.ok && found.reason !== null) {
        ctx.summary.invalidValues.push({
          event: ctx.event.uuid,
          attribute: attr.uuid ?? key,
          type: attr.type,
          reason: found.reason,
        });
      }
      const t = attr.type ?? "(no type)";
      ctx.summary.keptAsCustom[t] = (ctx.summary.keptAsCustom[t] ?? 0) + 1;
      kept.push({ type: attr.type, object_relation: attr.object_relation, value: attr.value });
      continue;
    }
    used.add(`${c.type}:${c.path}`);
    comparisons.push(c);
    if (mispBool(attr.to_ids)) toIds = true;
  }
  const props = {
    x_misp_object_name: object.name,
    ...(object["meta-category"] ? { x_misp_meta_category: object["meta-category"] } : {}),
    ...(kept.length > 0 ? { x_misp_object_attributes: kept } : {}),
  };
  if (comparisons.length === 0) {
    // Nothing STIX can say: the whole object stays on the report as it was.
    ctx.custom.push({ object: object.name, uuid: object.uuid, attributes: kept });
    return;
  }
  const asAttr: MispAttribute = {
    type: object.name,
    value: "",
    timestamp: latest,
    first_seen: object.first_seen ?? null,
    last_seen: object.last_seen ?? null,
    comment: object.comment,
    Tag: tags,
  };
  const made = toIds
    ? indicatorOf(ctx, asAttr, key, patternOf(comparisons), "stix", `${object.name} object`)
    : observedOf(ctx, asAttr, key, comparisons);
  if (toIds) ctx.summary.indicators++;
  else ctx.summary.observed++;
  ctx.add({ ...made, ...props }, true);
  if (object.uuid) ctx.byMispUuid.set(object.uuid, made.id);
  for (const attr of attributes) if (attr.uuid) ctx.byMispUuid.set(attr.uuid, made.id);
}

/** The relationships of the objects' ObjectReferences, once every object has its STIX id. */
export function convertReferences(ctx: ConvertContext, objects: readonly MispObject[]): void {
  for (const object of objects) {
    const source = object.uuid ? ctx.byMispUuid.get(object.uuid) : undefined;
    for (const ref of object.ObjectReference ?? []) {
      const target = ctx.byMispUuid.get(ref.referenced_uuid);
      if (source === undefined || target === undefined || source === target) continue;
      const type =
        String(ref.relationship_type ?? "related-to")
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, "-")
          .replace(/^-+|-+$/g, "") || "related-to";
      const time = (ctx.objects.get(source)?.modified as string) ?? ctx.eventTime;
      ctx.add(
        {
          type: "relationship",
          spec_version: "2.1",
          id: mispId("relationship", `${object.uuid}>${ref.referenced_uuid}:${type}`),
          created: time,
          modified: time,
          relationship_type: type,
          source_ref: source,
          target_ref: target,
          ...(ref.comment ? { description: ref.comment } : {}),
        },
        true,
      );
    }
  }
}
