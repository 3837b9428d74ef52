import { isIPv6 } from "node:net";
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
export interface Redaction {
  field: string;
  rule: "identity" | "asset" | "org-name" | "asset-name" | "email" | "internal-address" | "internal-host" | "file-name";
  before: string;
  after: string;
}

/** The anonymized record and what was changed. */
export interface Anonymized {
  record: IncidentRecord;
  redactions: Redaction[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?\b/g;
const IPV6 = /(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])/g;
const INTERNAL_HOST = /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:local|lan|internal|intranet|corp|home\.arpa)\b/gi;

function isPrivateV4(text: string): boolean {
  const [a, b] = text.split("/")[0]?.split(".").map(Number) ?? [];
  if (a === undefined || b === undefined) return false;
  return (
    a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  );
}

function isPrivateV6(text: string): boolean {
  if (!isIPv6(text)) return false;
  const t = text.toLowerCase();
  return t === "::1" || t.startsWith("fe80:") || t.startsWith("fc") || t.startsWith("fd");
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");

/** Scrubs one free-text value; pushes each change to `out`. */
function scrub(field: string, text: string, r: IncidentRecord, out: Redaction[]): string {
  let t = text;
  const replace = (re: RegExp, rule: Redaction["rule"], after: string | ((m: string) => string | null)) => {
    t = t.replace(re, (m) => {
      const a = typeof after === "string" ? after : after(m);
      if (a === null) return m;
      out.push({ field, rule, before: m.normalize("NFC"), after: a });
      return a;
    });
  };
  // The organization's name with or without its accents: match on the decomposed text, each
  // letter of the folded name followed by any combining marks.
  const name = fold(r.org.name).trim();
  if (name.length >= 3) {
    const pattern = [...name].map((ch) => `${escapeRe(ch).replace(/ /, "\\s+")}\\p{M}*`).join("");
    t = t.normalize("NFD");
    replace(new RegExp(pattern, "giu"), "org-name", "[organización]");
    t = t.normalize("NFC");
  }
  // Longest first, so a host name is replaced whole before the asset name inside it.
  const values = r.assets.flatMap((a, i) => [a.name, ...a.hostnames, ...a.addresses].map((v) => ({ v, i })));
  values.sort((x, y) => y.v.length - x.v.length);
  for (const { v, i } of values) {
    if (v.length < 3) continue;
    replace(new RegExp(`(?<![\\w.-])${escapeRe(v)}(?![\\w-]|\\.\\w)`, "gi"), "asset-name", `[activo ${i + 1}]`);
  }
  replace(EMAIL, "email", "[correo]");
  replace(INTERNAL_HOST, "internal-host", "[host interno]");
  replace(IPV4, "internal-address", (m) => (isPrivateV4(m) ? "[dirección interna]" : null));
  replace(IPV6, "internal-address", (m) => (isPrivateV6(m) ? "[dirección interna]" : null));
  return t;
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
