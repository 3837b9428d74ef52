import type { StixObject } from "../../stix/index.js";
import { attributeComparisons, type Comparison, MISP_TYPES, RULE_TYPES } from "./attribute-types.js";
import type { ConvertContext } from "./convert-context.js";
import { mispId } from "./ids.js";
import { type MispAttribute, mispBool, mispTime } from "./misp-event.js";
import { observablesOf, patternOf } from "./observables.js";

/**
 * One standalone MISP attribute into STIX: `to_ids` true → an indicator, false → observed-data
 * with its SCOs; vulnerabilities, threat actors, campaigns, notes and links become their own
 * STIX forms; the rest is kept as it was on the report and counted by type.
 */

/** Types that have no STIX equivalent on purpose (kept as custom, not counted as unknown). */
const KNOWN_CUSTOM = new Set([
  "ja3-fingerprint-md5",
  "jarm-fingerprint",
  "hassh-md5",
  "hasshserver-md5",
  "btc",
  "xmr",
  "iban",
  "bic",
  "imphash",
  "impfuzzy",
  "authentihash",
  "vhash",
  "telfhash",
  "pehash",
  "sha224",
  "sha384",
  "sha512/224",
  "sha512/256",
  "named pipe",
  "pattern-in-file",
  "pattern-in-traffic",
  "pattern-in-memory",
  "cpe",
  "http-method",
  "whois-registrant-email",
  "whois-registrant-name",
  "whois-registrar",
  "whois-creation-date",
  "target-user",
  "target-email",
  "target-machine",
  "target-org",
  "target-location",
  "target-external",
  "github-username",
  "github-repository",
  "twitter-id",
  "phone-number",
  "counter",
  "datetime",
  "float",
  "boolean",
  "hex",
  "cookie",
  "dns-soa-email",
  "email-attachment",
  "email-body",
  "email-header",
  "email-message-id",
  "email-mime-boundary",
  "email-thread-index",
  "email-dst-display-name",
  "email-src-display-name",
  "attachment",
  "malware-type",
  "identity-card-number",
  "passport-number",
  "first-name",
  "last-name",
  "full-name",
  "onion-address",
]);

const NOTE_TYPES = new Set(["text", "comment", "other"]);

/** The x_misp_* properties that let the way back restore the attribute exactly. */
function mispProps(attr: MispAttribute): Record<string, unknown> {
  return {
    x_misp_type: attr.type,
    ...(mispBool(attr.to_ids) ? { x_misp_to_ids: true } : {}),
    ...(attr.category ? { x_misp_category: attr.category } : {}),
  };
}

/** An indicator of these comparisons (or a rule in another pattern language). */
export function indicatorOf(
  ctx: ConvertContext,
  attr: MispAttribute,
  key: string,
  pattern: string,
  patternType: string,
  name: string,
): StixObject {
  const common = ctx.common(attr);
  const validFrom = mispTime(attr.first_seen) ?? (common.created as string);
  const validUntil = mispTime(attr.last_seen);
  return {
    type: "indicator",
    id: mispId("indicator", key),
    ...common,
    name: name.length > 250 ? `${name.slice(0, 249)}…` : name,
    ...(attr.comment ? { description: attr.comment } : {}),
    indicator_types: ["malicious-activity"],
    pattern,
    pattern_type: patternType,
    ...(patternType === "stix" ? { pattern_version: "2.1" } : {}),
    valid_from: validFrom,
    ...(validUntil && validUntil > validFrom ? { valid_until: validUntil } : {}),
  } as StixObject;
}

/** Observed-data of these comparisons, with its SCOs added to the conversion. */
export function observedOf(
  ctx: ConvertContext,
  attr: MispAttribute,
  key: string,
  comparisons: readonly Comparison[],
): StixObject {
  const common = ctx.common(attr);
  const { all } = observablesOf(comparisons);
  for (const sco of all) ctx.add(sco as StixObject);
  const first = mispTime(attr.first_seen) ?? (common.created as string);
  const last = mispTime(attr.last_seen);
  return {
    type: "observed-data",
    id: mispId("observed-data", key),
    ...common,
    first_observed: first,
    last_observed: last && last > first ? last : first,
    number_observed: 1,
    object_refs: all.map((s) => s.id as string),
  } as StixObject;
}

/** Sightings of an indicator made from an attribute; other sighting kinds are counted only. */
function sightingsOf(ctx: ConvertContext, attr: MispAttribute, indicatorId: string): void {
  for (const s of attr.Sighting ?? []) {
    const when = mispTime(s.date_sighting);
    if (String(s.type ?? "0") !== "0" || when === null) {
      ctx.summary.sightingsNotConverted++;
      continue;
    }
    ctx.summary.sightings++;
    ctx.add({
      type: "sighting",
      spec_version: "2.1",
      id: mispId("sighting", s.uuid ?? `${attr.uuid}@${when}`),
      created: when,
      modified: when,
      sighting_of_ref: indicatorId,
      first_seen: when,
      last_seen: when,
      count: 1,
      ...(s.source ? { description: `MISP sighting source: ${s.source}` } : {}),
    });
  }
}

/** Converts one standalone attribute into the context. */
export function convertAttribute(ctx: ConvertContext, attr: MispAttribute): void {
  ctx.summary.attributes++;
  if (mispBool(attr.deleted)) {
    ctx.summary.deleted++;
    return;
  }
  const type = typeof attr.type === "string" ? attr.type : "";
  const value = typeof attr.value === "string" ? attr.value : attr.value == null ? "" : String(attr.value);
  const key = attr.uuid ?? `${ctx.event.uuid}/${type}/${value}`;
  const made = convertKnown(ctx, { ...attr, type, value }, key);
  if (made === null) return;
  ctx.add(made, true);
  if (attr.uuid) ctx.byMispUuid.set(attr.uuid, made.id);
  const galaxyIds = ctx.galaxies(attr.Galaxy);
  for (const target of galaxyIds) {
    const relType = made.type === "indicator" ? "indicates" : "related-to";
    const time = made.modified as string;
    ctx.add(
      {
        type: "relationship",
        spec_version: "2.1",
        id: mispId("relationship", `${key}>${target}`),
        created: time,
        modified: time,
        relationship_type: relType,
        source_ref: made.id,
        target_ref: target,
      },
      true,
    );
  }
  for (const id of galaxyIds) if (!ctx.refs.includes(id)) ctx.refs.push(id);
  if (made.type === "indicator") sightingsOf(ctx, attr, made.id);
}

/** The STIX object of an attribute, or null after keeping it as custom (or as a link). */
function convertKnown(ctx: ConvertContext, attr: MispAttribute, key: string): StixObject | null {
  const { type, value } = attr;
  if (type === "link") {
    ctx.links.push({ url: value, ...(attr.comment ? { description: attr.comment } : {}) });
    return null;
  }
  const common = () => ({ ...ctx.common(attr), ...mispProps(attr) });
  if (NOTE_TYPES.has(type)) {
    ctx.summary.otherObjects++;
    return {
      type: "note",
      id: mispId("note", key),
      ...common(),
      content: value,
      ...(attr.comment ? { abstract: attr.comment } : {}),
      object_refs: [ctx.reportId],
    } as StixObject;
  }
  if (type === "vulnerability" || type === "threat-actor" || type === "campaign-name") {
    ctx.summary.otherObjects++;
    const stixType = type === "campaign-name" ? "campaign" : type;
    const cve = /^CVE-\d{4}-\d{4,}$/i.test(value);
    return {
      type: stixType,
      id: mispId(stixType, key),
      ...common(),
      name: value,
      ...(attr.comment ? { description: attr.comment } : {}),
      ...(cve ? { external_references: [{ source_name: "cve", external_id: value.toUpperCase() }] } : {}),
    } as StixObject;
  }
  const rule = RULE_TYPES[type];
  if (rule !== undefined) {
    ctx.summary.indicators++;
    const made = indicatorOf(ctx, attr, key, value, rule, attr.comment || `${type} rule`);
    return { ...made, ...mispProps(attr) };
  }
  const spec = MISP_TYPES.get(type === "malware-sample" ? "filename|md5" : type);
  if (spec === undefined) {
    if (!KNOWN_CUSTOM.has(type)) ctx.summary.unknownTypes[type] = (ctx.summary.unknownTypes[type] ?? 0) + 1;
    ctx.keep(attr);
    return null;
  }
  const converted = attributeComparisons(type, spec, value);
  if (!converted.ok) {
    ctx.summary.invalidValues.push({ event: ctx.event.uuid, attribute: key, type, reason: converted.reason });
    ctx.keep(attr, { x_invalid: converted.reason });
    return null;
  }
  if (mispBool(attr.to_ids)) {
    ctx.summary.indicators++;
    const made = indicatorOf(ctx, attr, key, patternOf(converted.comparisons), "stix", value);
    return { ...made, ...mispProps(attr) };
  }
  if (!spec.observable) {
    ctx.keep(attr);
    return null;
  }
  ctx.summary.observed++;
  return { ...observedOf(ctx, attr, key, converted.comparisons), ...mispProps(attr) };
}
