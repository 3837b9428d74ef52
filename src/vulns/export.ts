import { type Asset, parseCpe, parsePurl, plainValue } from "../assets/index.js";
import { t } from "../i18n/index.js";
import {
  CENTINELA_STIX_NAMESPACE,
  STIX_SCO_NAMESPACE,
  type StixObject,
  TLP_MARKING_IDS,
  type TlpLevel,
  tlpMarkingDefinition,
  uuidV5,
} from "../stix/index.js";
import { VulnsError } from "./errors.js";
import type { LineOrganization } from "./national.js";
import type { NvdCve } from "./nvd.js";
import type { ActionItem } from "./rank.js";

/**
 * Exports of the action list: CSV for spreadsheets and STIX 2.1 for sharing. The STIX export
 * gives every asset an infrastructure object, every CPE a software object, every CVE a
 * vulnerability object, and links them (infrastructure consists-of software, infrastructure has
 * vulnerability), each marked with the organization's TLP level. Ids are derived from content,
 * so exporting the same list twice yields the same ids and a receiver updates rather than duplicates.
 */

/** The namespace of Centinela's deterministic SDO ids (infrastructure, vulnerability, relationship); defined in stix. */
export { CENTINELA_STIX_NAMESPACE };

/** The columns of the CSV export, in order. */
export const ACTION_CSV_COLUMNS = [
  "rank",
  "score",
  "organization",
  "asset",
  "asset_key",
  "kind",
  "cve",
  "due_date",
  "software",
  "why_en",
  "why_es",
  "action_en",
  "action_es",
  // Last, so the columns before it keep their places for sheets made from earlier exports.
  "organization_name",
  "sector",
  "state",
] as const;

/**
 * One CSV cell: quoted when it holds a comma, quote, CR or LF or edge spaces (quotes doubled), and
 * prefixed with ' when it would start a spreadsheet formula (=, +, -, @, tab, CR).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? "" : String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function orgColumns(org: string | LineOrganization | undefined): string[] {
  if (org === undefined) return ["", "", ""];
  if (typeof org === "string") return [org, "", ""];
  return [org.name, org.sector ?? "", org.state ?? ""];
}

/**
 * The action list as CSV text (header line first, CRLF line ends as RFC 4180 says); `orgs`
 * (id → name, or the organization with its sector and state) fills the organization_name,
 * sector and state columns, so a reader of the sheet sees who and where, not an id.
 */
export function actionsToCsv(
  items: readonly ActionItem[],
  orgs: ReadonlyMap<string, string | LineOrganization> = new Map(),
): string {
  const lines = [ACTION_CSV_COLUMNS.join(",")];
  items.forEach((item, i) => {
    const row = [
      i + 1,
      item.score,
      item.organizationId,
      item.assetName,
      item.assetKey,
      item.kind,
      item.cveIds.join(" "),
      item.dueDate,
      item.finding
        ? [...item.finding.cpes, ...(item.finding.purls ?? [])].join(" ")
        : item.vendorMatches.map((m) => m.entry.name).join("; "),
      item.reasons.map((r) => r.en).join(" "),
      item.reasons.map((r) => r.es).join(" "),
      item.action.en,
      item.action.es,
      ...orgColumns(item.organizationId === null ? undefined : orgs.get(item.organizationId)),
    ];
    lines.push(row.map(csvCell).join(","));
  });
  return `${lines.join("\r\n")}\r\n`;
}

/** Options of the STIX export. */
export interface StixExportOptions {
  tlp: TlpLevel;
  assets: ReadonlyMap<string, Asset>;
  nvd?: ReadonlyMap<string, NvdCve>;
  /** The identity that produced the list (created_by_ref), when there is one. */
  createdByRef?: string;
  /** Timestamp for created/modified (a parameter so exports are reproducible). */
  now: string;
}

function canonical(props: Record<string, string | undefined>): string {
  const keys = Object.keys(props)
    .filter((k) => props[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(props[k])}`).join(",")}}`;
}

/**
 * The software SCO of a package an OSV advisory named: STIX software has no purl property, so it
 * carries the package's name (with its namespace) and version; its id follows from those.
 */
function purlSoftware(purl: string, marking: string, objects: Map<string, StixObject>): string {
  let name = purl;
  let version: string | undefined;
  try {
    const p = parsePurl(purl);
    name = p.namespace ? `${p.namespace}/${p.name}` : p.name;
    version = p.version ?? undefined;
  } catch {
    // Stored purls were checked on import; an unreadable one is named as it is.
  }
  const id = `software--${uuidV5(STIX_SCO_NAMESPACE, canonical({ name, version }))}`;
  if (!objects.has(id)) {
    const sco: StixObject = { type: "software", spec_version: "2.1", id, name, object_marking_refs: [marking] };
    if (version) sco.version = version;
    objects.set(id, sco);
  }
  return id;
}

/** The STIX 2.1 objects for an action list, ready to put in a bundle. */
export function actionsToStix(items: readonly ActionItem[], options: StixExportOptions): StixObject[] {
  if (!(options.tlp in TLP_MARKING_IDS))
    throw new VulnsError(
      "EXPORT_BAD_INPUT",
      t("errors:vulns.details.unknownTlp", { tlp: JSON.stringify(options.tlp) }),
    );
  const marking = TLP_MARKING_IDS[options.tlp];
  const common = {
    spec_version: "2.1",
    created: options.now,
    modified: options.now,
    object_marking_refs: [marking],
    ...(options.createdByRef ? { created_by_ref: options.createdByRef } : {}),
  };
  const objects = new Map<string, StixObject>();
  objects.set(marking, tlpMarkingDefinition(options.tlp));
  const relate = (type: string, source: string, target: string, description?: string) => {
    const id = `relationship--${uuidV5(CENTINELA_STIX_NAMESPACE, `${type}|${source}|${target}`)}`;
    if (!objects.has(id)) {
      objects.set(id, {
        type: "relationship",
        id,
        ...common,
        relationship_type: type,
        source_ref: source,
        target_ref: target,
        ...(description ? { description } : {}),
      });
    }
  };
  for (const item of items) {
    const asset = options.assets.get(item.assetKey);
    if (!asset) continue;
    const infraId = `infrastructure--${uuidV5(CENTINELA_STIX_NAMESPACE, `asset|${asset.key}`)}`;
    if (!objects.has(infraId)) {
      objects.set(infraId, {
        type: "infrastructure",
        id: infraId,
        ...common,
        name: asset.name,
        description: `Asset ${asset.key}; role ${asset.role}; criticality ${asset.criticality}${asset.internetExposed ? "; internet-exposed" : ""}${asset.vendor ? `; vendor ${asset.vendor}` : ""}.`,
        infrastructure_types: [asset.role === "workstation" ? "workstation" : "unknown"],
      });
      for (const sw of asset.software) {
        if (!sw.cpe) continue;
        let vendor: string | undefined;
        let version: string | undefined;
        try {
          const w = parseCpe(sw.cpe);
          vendor = plainValue(w.vendor);
          version = w.version === "*" || w.version === "-" ? undefined : plainValue(w.version);
        } catch {
          continue;
        }
        const props = { name: sw.name, cpe: sw.cpe, vendor, version };
        const id = `software--${uuidV5(STIX_SCO_NAMESPACE, canonical(props))}`;
        if (!objects.has(id)) {
          const sco: StixObject = {
            type: "software",
            spec_version: "2.1",
            id,
            name: sw.name,
            cpe: sw.cpe,
            object_marking_refs: [marking],
          };
          if (vendor) sco.vendor = vendor;
          if (version) sco.version = version;
          objects.set(id, sco);
        }
        relate("consists-of", infraId, id);
      }
    }
    if (item.cveId) {
      const vulnId = `vulnerability--${uuidV5(CENTINELA_STIX_NAMESPACE, `cve|${item.cveId}`)}`;
      if (!objects.has(vulnId)) {
        const nvd = options.nvd?.get(item.cveId);
        objects.set(vulnId, {
          type: "vulnerability",
          id: vulnId,
          ...common,
          name: item.cveId,
          ...(nvd?.description ? { description: nvd.description } : {}),
          external_references: [
            ...(item.cveId.startsWith("CVE-")
              ? [{ source_name: "cve", external_id: item.cveId, url: `https://nvd.nist.gov/vuln/detail/${item.cveId}` }]
              : []),
            // The OSV advisories behind the line (GHSA-…, GO-…, PYSEC-…), by their own ids.
            ...(item.finding?.advisories ?? []).map((id) => ({
              source_name: "osv",
              external_id: id,
              url: `https://osv.dev/vulnerability/${id}`,
            })),
          ],
        });
      }
      for (const purl of item.finding?.purls ?? [])
        relate("consists-of", infraId, purlSoftware(purl, marking, objects));
      relate(
        "has",
        infraId,
        vulnId,
        `Priority score ${item.score}. ${item.reasons.map((r) => r.en).join(" ")} ${item.action.en}`,
      );
    }
  }
  return [...objects.values()];
}
