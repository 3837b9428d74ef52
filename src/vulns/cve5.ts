import { t } from "../i18n/index.js";
import type { VulnProblem } from "./errors.js";

/**
 * CVE records in the CVE Record Format 5 (cve.org's CVE JSON 5.x, as published by the CVE
 * program and by CISA's Vulnrichment). What the ranking reads of one: the CVE id and the SSVC
 * decision points CISA's ADP container gives (Exploitation: none, poc, active; Automatable: yes,
 * no; Technical Impact: partial, total), with their timestamp — CISA's coordinator view of how
 * bad exploitation would be, which the KEV catalog alone does not say.
 */

/** CISA's SSVC decision points for one CVE. */
export interface Ssvc {
  exploitation: "none" | "poc" | "active" | null;
  automatable: "yes" | "no" | null;
  technicalImpact: "partial" | "total" | null;
  /** The SSVC version and role as the record gives them ("2.0.3", "CISA Coordinator"). */
  version: string | null;
  role: string | null;
  timestamp: string | null;
}

/** What is kept of a CVE 5 record. */
export interface Cve5Record {
  cveId: string;
  state: string;
  /** The ADP that gave the SSVC points ("CISA-ADP"), and the points; null when none does. */
  ssvc: (Ssvc & { provider: string }) | null;
}

type Node = Record<string, unknown>;

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** Whether a parsed JSON document is a CVE 5 record (dataType CVE_RECORD). */
export function isCve5Record(doc: unknown): boolean {
  return typeof doc === "object" && doc !== null && (doc as Node).dataType === "CVE_RECORD";
}

function pick<T extends string>(value: unknown, allowed: readonly T[]): T | null {
  const v = typeof value === "string" ? value.toLowerCase() : "";
  return (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

/** The SSVC points of one ADP container's metrics, or null. */
function ssvcOf(adp: Node): (Ssvc & { provider: string }) | null {
  const provider = String((adp.providerMetadata as Node | undefined)?.shortName ?? "");
  for (const m of (adp.metrics as Node[] | undefined) ?? []) {
    const other = m?.other as Node | undefined;
    if (other?.type !== "ssvc") continue;
    const content = (other.content ?? {}) as Node;
    const points = new Map<string, unknown>();
    for (const o of (content.options as Node[] | undefined) ?? [])
      for (const [k, v] of Object.entries(o ?? {})) points.set(k.toLowerCase(), v);
    return {
      provider,
      exploitation: pick(points.get("exploitation"), ["none", "poc", "active"] as const),
      automatable: pick(points.get("automatable"), ["yes", "no"] as const),
      technicalImpact: pick(points.get("technical impact"), ["partial", "total"] as const),
      version: typeof content.version === "string" ? content.version : null,
      role: typeof content.role === "string" ? content.role : null,
      timestamp: typeof content.timestamp === "string" ? content.timestamp : null,
    };
  }
  return null;
}

/**
 * Reads one CVE 5 record; null with a problem when it has no valid CVE id. A record without an
 * SSVC container is kept (ssvc null): it still says the CVE exists and its state.
 */
export function readCve5(doc: unknown, index: number, problems: VulnProblem[]): Cve5Record | null {
  const d = (doc ?? {}) as Node;
  const meta = (d.cveMetadata ?? {}) as Node;
  const cveId = meta.cveId;
  if (typeof cveId !== "string" || !CVE_ID.test(cveId)) {
    problems.push({
      code: "CVE5_BAD_RECORD",
      index,
      line: 0,
      id: null,
      path: "cveMetadata.cveId",
      message: t("errors:vulns.problem.notCveIdForm", { value: JSON.stringify(cveId ?? null) }),
    });
    return null;
  }
  const adps = ((d.containers as Node | undefined)?.adp as Node[] | undefined) ?? [];
  // CISA's container first: it is the one whose decision points the ranking documents.
  const ordered = [...adps].sort(
    (a, b) =>
      Number(((b.providerMetadata as Node | undefined)?.shortName ?? "") === "CISA-ADP") -
      Number(((a.providerMetadata as Node | undefined)?.shortName ?? "") === "CISA-ADP"),
  );
  let ssvc: Cve5Record["ssvc"] = null;
  for (const adp of ordered) {
    ssvc = ssvcOf(adp);
    if (ssvc) break;
  }
  return { cveId, state: typeof meta.state === "string" ? meta.state : "", ssvc };
}
