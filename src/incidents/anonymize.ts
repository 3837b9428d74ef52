import { type Redaction, scrubText } from "../sharing/index.js";
import { CENTINELA_STIX_NAMESPACE, type StixObject, uuidV5 } from "../stix/index.js";
import { incidentToStix } from "./stix-objects.js";
import type { IncidentRecord } from "./types.js";

/**
 * The anonymization policy for sharing an incident up (as CISA AIS does for its submitters):
 *
 *  1. The reporter's identity goes: no identity object, no `created_by_ref`, no organization id or
 *     name, no assignee, no attachment file names (their SHA-256 stays: it names the evidence).
 *  2. Sector and state stay: the national picture counts by them.
 *  3. Affected assets become "activo 1", "activo 2"… with ids derived anew, so they cannot be
 *     matched with the organization's other exports.
 *  4. Free text (title, description) is scrubbed of: the organization's name; the names,
 *     host names and addresses of its affected assets; e-mail addresses; private, loopback and
 *     link-local IPv4 and IPv6 addresses; host names under internal suffixes (.local, .lan,
 *     .internal, .intranet, .corp, .home.arpa). Public addresses stay: they are the attacker's
 *     indicators more often than the victim's.
 *
 * `anonymize` returns the record to send and every change it made, so the sender sees exactly
 * what leaves before it leaves.
 */

/** One change the policy made. */
export type { Redaction } from "../sharing/index.js";

/** The anonymized record and what was changed. */
export interface Anonymized {
  record: IncidentRecord;
  redactions: Redaction[];
}

/** The placeholders of an incident report's free text (reports go to Mexican authorities, in Spanish). */
const INCIDENT_LABELS = {
  orgName: "[organización]",
  email: "[correo]",
  internalHost: "[host interno]",
  internalAddress: "[dirección interna]",
} as const;

/** Scrubs one free-text value; pushes each change to `out`. */
function scrub(field: string, text: string, r: IncidentRecord, out: Redaction[]): string {
  const known = r.assets.flatMap((a, i) =>
    [a.name, ...a.hostnames, ...a.addresses].map((v) => ({
      text: v,
      replacement: `[activo ${i + 1}]`,
      rule: "asset-name" as const,
    })),
  );
  return scrubText(field, text, { orgName: r.org.name, known, labels: INCIDENT_LABELS }, out);
}

/** Applies the anonymization policy to a record. */
export function anonymize(r: IncidentRecord): Anonymized {
  const redactions: Redaction[] = [];
  const title = scrub("title", r.title, r, redactions);
  const free = (field: string, v: string | null) => (v === null ? null : scrub(field, v, r, redactions));
  const description = free("description", r.description);
  const mitigation = free("mitigation", r.mitigation);
  const rootCause = free("rootCause", r.rootCause);
  const crossBorder = free("crossBorder", r.crossBorder);
  redactions.push({ field: "organization", rule: "identity", before: r.org.name, after: "" });
  if (r.assignee) redactions.push({ field: "assignee", rule: "identity", before: r.assignee, after: "" });
  const assets = r.assets.map((a, i) => {
    const after = `activo ${i + 1}`;
    redactions.push({ field: `assets[${i}]`, rule: "asset", before: a.name, after });
    return {
      id: "",
      key: uuidV5(CENTINELA_STIX_NAMESPACE, `anonymous-asset|${r.id}|${i}`),
      name: after,
      addresses: [],
      hostnames: [],
    };
  });
  const attachments = r.attachments.map((f, i) => {
    if (f.name) redactions.push({ field: `attachments[${i}].name`, rule: "file-name", before: f.name, after: "" });
    return { ...f, name: "" };
  });
  const record: IncidentRecord = {
    ...r,
    org: { ...r.org, id: "", name: "" },
    title,
    description,
    mitigation,
    rootCause,
    crossBorder,
    assignee: null,
    assets,
    attachments,
    commentRefs: [],
    submissions: r.submissions.map((s) => ({ ...s })),
  };
  return { record, redactions };
}

/**
 * The STIX objects of an anonymized record: those of incidentToStix without the reporter's
 * identity, the state's link to it, or any `created_by_ref`.
 */
export function anonymizedStix(r: IncidentRecord): StixObject[] {
  const objects = incidentToStix(r);
  const identity = objects.find((o) => o.type === "identity")?.id;
  return objects
    .filter(
      (o) =>
        o.type !== "identity" &&
        !(o.type === "relationship" && (o.source_ref === identity || o.target_ref === identity)),
    )
    .map((o) => {
      if (!("created_by_ref" in o)) return o;
      const { created_by_ref: _, ...rest } = o;
      return rest as StixObject;
    });
}
