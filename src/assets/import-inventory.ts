import { t } from "../i18n/index.js";
import type { Actor, InventoryScope, Store } from "../store/index.js";
import type { ImportProblem } from "./errors.js";
import type { InventoryFileResult, InventoryFormat } from "./import-file.js";
import type { Asset } from "./types.js";

/**
 * Puts what an inventory file gave into one organization's inventory: CSV rows that name another
 * organization are skipped and reported, site names become the organization's sites (created
 * when new), and assets are upserted by natural key in batches, with progress after each.
 */

/** The summary `centinela assets import` prints. */
export interface InventoryImportSummary {
  format: InventoryFormat;
  /** Hosts, components or rows met in the file. */
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  /** Every item skipped, with its place and reason. */
  skipped: ImportProblem[];
  /** Every item kept without a part it could not read (a component without its bad CPE or purl), with its place and reason. */
  kept: ImportProblem[];
}

/** Assets per store transaction. */
const BATCH = 1000;

/** Imports a read file into the organization; `onProgress` gets (assets done, assets total). */
export async function importInventory(
  store: Store,
  actor: Actor,
  scope: InventoryScope,
  org: { id: string; name: string },
  file: InventoryFileResult,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<InventoryImportSummary> {
  const summary: InventoryImportSummary = {
    format: file.format,
    seen: file.seen,
    new: 0,
    updated: 0,
    unchanged: 0,
    skipped: file.problems.filter((p) => p.kept !== true),
    kept: file.problems.filter((p) => p.kept === true),
  };
  const mine = (value: string) => {
    const v = value.trim().toLowerCase();
    return v === org.id.toLowerCase() || v === org.name.toLowerCase();
  };
  const accepted: Asset[] = [];
  for (const asset of file.assets) {
    if (asset.organizationId !== null && !mine(asset.organizationId)) {
      summary.skipped.push({
        code: "IMPORT_OTHER_ORGANIZATION",
        line: 0,
        column: 0,
        path: "organization",
        message: t("errors:assets.problems.otherOrganization", {
          asset: JSON.stringify(asset.name),
          named: JSON.stringify(asset.organizationId),
          org: JSON.stringify(org.name),
        }),
      });
      continue;
    }
    accepted.push(asset);
  }
  const siteNames = new Set(accepted.map((a) => a.siteId).filter((s): s is string => s !== null));
  const sites = new Map<string, string>();
  if (siteNames.size > 0) {
    for (const s of await store.inventory.listSites(scope, org.id)) sites.set(s.name, s.id);
    for (const name of siteNames) {
      if (!sites.has(name))
        sites.set(name, (await store.inventory.createSite(actor, scope, org.id, { name, state: null })).id);
    }
  }
  onProgress(0, accepted.length);
  for (let i = 0; i < accepted.length; i += BATCH) {
    const batch = accepted
      .slice(i, i + BATCH)
      .map((a) => ({ ...a, siteId: a.siteId === null ? null : (sites.get(a.siteId) ?? null) }));
    for (const r of await store.inventory.upsertAssets(actor, scope, org.id, batch, file.format === "csv"))
      summary[r.outcome]++;
    onProgress(Math.min(i + BATCH, accepted.length), accepted.length);
  }
  return summary;
}
