import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import { type Statement, statement } from "../backend.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import type {
  InventoryAssetInput,
  InventoryScope,
  InventorySite,
  InventorySoftware,
  StoredAsset,
  StoredSoftware,
} from "./contract.js";

/**
 * Row conversions and shared statements of the inventory store: rows to records, the scope
 * check, the audit row, and the content digest that tells an unchanged re-import.
 */

/** The store's database, as the inventory queries it. */
export type InvDb = Kysely<Database>;
type Rec = Record<string, unknown>;

/** Throws STORE_NOT_FOUND unless the scope covers the organization (a member never learns what another holds). */
export function checkScope(scope: InventoryScope, orgId: string): void {
  if (scope.kind === "all" || scope.orgId === orgId) return;
  throw new StoreError("STORE_NOT_FOUND", fromCatalog("errors:store.orgNotInScope", { org: orgId }));
}

/** STORE_NOT_FOUND for an inventory item of an organization. */
export function notFound(what: "asset" | "site" | "software", id: string, orgId: string): StoreError {
  return new StoreError("STORE_NOT_FOUND", fromCatalog(`errors:store.${what}NotInOrg`, { id, org: orgId }));
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A site row as a record. */
export function toSite(row: Rec): InventorySite {
  return { id: String(row.id), orgId: String(row.org_id), name: String(row.name), state: text(row.state) };
}

/** A software row as a record. */
export function toSoftware(row: Rec): StoredSoftware {
  return {
    id: String(row.id),
    assetId: String(row.asset_id),
    orgId: String(row.org_id),
    name: String(row.name),
    version: text(row.version),
    vendor: text(row.vendor),
    kind: String(row.kind),
    cpe: text(row.cpe),
    purl: text(row.purl),
    origin: row.origin === "manual" ? "manual" : "import",
  };
}

/** An asset row and its software as a record. */
export function toAsset(row: Rec, software: StoredSoftware[]): StoredAsset {
  return {
    id: String(row.id),
    orgId: String(row.org_id),
    key: String(row.asset_key),
    name: String(row.name),
    siteId: text(row.site_id),
    addresses: JSON.parse(String(row.addresses)),
    macs: JSON.parse(String(row.macs)),
    hostnames: JSON.parse(String(row.hostnames)),
    role: String(row.role),
    roleSource: row.role_source === undefined ? "default" : String(row.role_source),
    roleEvidence: JSON.parse(String(row.role_evidence ?? "[]")),
    criticality: String(row.criticality),
    internetExposed: Number(row.internet_exposed) === 1,
    owner: text(row.owner),
    vendor: text(row.vendor),
    ports: JSON.parse(String(row.ports)),
    provenance: JSON.parse(String(row.provenance)),
    software,
    created: String(row.created),
    updated: String(row.updated),
  };
}

/** The columns of an asset row from a record (without id, org, key, timestamps). */
export function assetColumns(a: Omit<InventoryAssetInput, "key" | "software">) {
  return {
    name: a.name,
    site_id: a.siteId,
    addresses: JSON.stringify(a.addresses),
    macs: JSON.stringify(a.macs),
    hostnames: JSON.stringify(a.hostnames),
    role: a.role,
    role_source: a.roleSource,
    role_evidence: JSON.stringify(a.roleEvidence),
    criticality: a.criticality,
    internet_exposed: a.internetExposed ? 1 : 0,
    owner: a.owner,
    vendor: a.vendor,
    ports: JSON.stringify(a.ports),
    provenance: JSON.stringify(a.provenance),
  };
}

/** The insert of one software item. */
export function softwareInsert(
  db: InvDb,
  row: { id: string; assetId: string; orgId: string; position: number; origin: "import" | "manual" },
  sw: InventorySoftware,
): Statement {
  return {
    ...statement(
      db.insertInto("inv_software").values({
        id: row.id,
        asset_id: row.assetId,
        org_id: row.orgId,
        position: row.position,
        name: sw.name,
        version: sw.version,
        vendor: sw.vendor,
        kind: sw.kind,
        cpe: sw.cpe,
        purl: sw.purl,
        origin: row.origin,
      }),
    ),
    cacheKey: "inv-software-insert",
  };
}

/**
 * SHA-256 of what an import says of an asset, provenance excluded: the same scan imported again,
 * or a later scan that found the same, is "unchanged".
 */
export function importDigest(a: InventoryAssetInput): string {
  const { provenance: _p, ...rest } = a;
  return createHash("sha256").update(JSON.stringify(rest)).digest("base64url");
}

/** The software of these assets, by asset id, in position order (500 ids a query). */
export async function softwareOfAssets(db: InvDb, assetIds: readonly string[]): Promise<Map<string, StoredSoftware[]>> {
  const out = new Map<string, StoredSoftware[]>();
  for (let i = 0; i < assetIds.length; i += 500) {
    const rows = await db
      .selectFrom("inv_software")
      .selectAll()
      .where("asset_id", "in", assetIds.slice(i, i + 500))
      .orderBy("asset_id")
      .orderBy("position")
      .execute();
    for (const row of rows) {
      const sw = toSoftware(row);
      const list = out.get(sw.assetId);
      if (list) list.push(sw);
      else out.set(sw.assetId, [sw]);
    }
  }
  return out;
}
