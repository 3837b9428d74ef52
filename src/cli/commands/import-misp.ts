import {
  asStreamItems,
  emptyMispSummary,
  looksLikeStixHead,
  MispFormatError,
  type MispSummary,
  mispDocumentToStix,
  readHead,
  readWhole,
  sniffMisp,
} from "../../feeds/misp/index.js";
import type { StixStreamItem } from "../../stix/index.js";
import type { Store } from "../../store/index.js";
import { SYSTEM_READER } from "../context.js";

/**
 * `import` of MISP documents: a MISP event export (MISP, PyMISP, a REST search answer) or a
 * misp-galaxy cluster file is recognized by its content (or forced with --misp) and converted to
 * STIX before the one ingest path stores it.
 */

/** The identity MITRE publishes ATT&CK under. */
const MITRE_IDENTITY = "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5";

const MISP_CANDIDATE = /\.json(\.gz)?$/i;

/** The STIX items of a file when it is a MISP document; null when it is STIX (or not MISP). */
export async function mispItemsOf(
  file: string,
  forced: boolean,
  attackIds: () => Promise<ReadonlyMap<string, string>>,
  summary: MispSummary,
): Promise<{ items: AsyncIterable<StixStreamItem>; count: number } | null> {
  if (!forced && (file === "-" || !MISP_CANDIDATE.test(file))) return null;
  if (!forced && looksLikeStixHead(await readHead(file))) return null;
  const text = await readWhole(file);
  if (text === null) {
    if (forced) throw new Error(`${file}: larger than a MISP event can be read whole (512 MiB)`);
    return null;
  }
  const doc = sniffMisp(text, forced);
  if (doc.kind === "not-misp") {
    if (forced) throw new Error(`${file} is not a MISP event export: ${doc.reason}`);
    return null;
  }
  try {
    const { objects, galaxySkipped } = mispDocumentToStix(doc, { attackIds: await attackIds() }, summary);
    for (const s of galaxySkipped) process.stderr.write(`centinela: ${file}: ${s}; skipped\n`);
    return { items: asStreamItems(objects), count: objects.length };
  } catch (error) {
    if (error instanceof MispFormatError) throw new Error(`${file}: ${error.message}`);
    throw error;
  }
}

/**
 * ATT&CK ids of the techniques, groups, software and mitigations already in the store, to their
 * STIX ids: a MISP galaxy naming T1566.001 then refers to the ATT&CK object itself.
 */
export async function attackIdsIn(store: Store): Promise<ReadonlyMap<string, string>> {
  const ids = new Map<string, string>();
  let after: string | null = null;
  for (;;) {
    const page = await store.queryObjects(
      SYSTEM_READER,
      { types: ["attack-pattern", "intrusion-set", "malware", "tool", "course-of-action"] },
      { limit: 1000, after },
    );
    for (const row of page.objects) {
      if (!row.raw.includes('"mitre-attack"')) continue;
      const object = JSON.parse(row.raw) as {
        id: string;
        created_by_ref?: string;
        revoked?: boolean;
        external_references?: { source_name?: string; external_id?: string }[];
      };
      const ref = object.external_references?.find((r) => r.source_name === "mitre-attack" && r.external_id);
      // Only MITRE's own, current objects: one an earlier MISP import made stays that import's.
      if (!ref?.external_id || object.revoked === true || object.created_by_ref !== MITRE_IDENTITY) continue;
      ids.set(ref.external_id, object.id);
    }
    if (!page.more || page.next === null) return ids;
    after = page.next;
  }
}

/** A fresh summary of the MISP part of an import. */
export const newMispSummary = emptyMispSummary;

const top = (counts: Record<string, number>): string =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/** What became of the MISP content, for a person: every attribute accounted for. */
export function formatMispSummary(s: MispSummary): string {
  if (s.events === 0 && s.otherObjects === 0) return "";
  const kept = Object.values(s.keptAsCustom).reduce((a, b) => a + b, 0);
  const lines = [
    `MISP: ${s.events} event(s), ${s.attributes} attribute(s): ${s.indicators} indicator(s), ${s.observed} observed-data, ` +
      `${s.otherObjects} other object(s), ${kept} kept as x_misp_attributes, ${s.deleted} deleted (skipped)`,
  ];
  if (kept > 0) lines.push(`  kept as custom (no STIX equivalent): ${top(s.keptAsCustom)}`);
  if (Object.keys(s.unknownTypes).length > 0) lines.push(`  unknown attribute types: ${top(s.unknownTypes)}`);
  for (const v of s.invalidValues.slice(0, 10)) {
    lines.push(`  invalid value in event ${v.event}, attribute ${v.attribute}: ${v.reason}`);
  }
  if (s.invalidValues.length > 10) lines.push(`  … and ${s.invalidValues.length - 10} more invalid values`);
  if (Object.keys(s.galaxiesKept).length > 0)
    lines.push(`  galaxy clusters kept as x_misp_galaxies: ${top(s.galaxiesKept)}`);
  if (s.sightings + s.sightingsNotConverted > 0) {
    lines.push(
      `  sightings: ${s.sightings} converted, ${s.sightingsNotConverted} false-positive/expiration kept as counts only`,
    );
  }
  return `${lines.join("\n")}\n`;
}
