import { randomUUID } from "node:crypto";
import { fromCatalog } from "../../errors/index.js";
import { type Row, statement, type WritePlan } from "../backend.js";
import type { Actor } from "../directory/contract.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { AssetUpsertResult, InventoryAssetInput } from "./contract.js";
import { markExposure } from "./exposure.js";
import { assetColumns, type InvDb, importDigest, softwareInsert } from "./rows.js";

/**
 * The write plan of an import: assets matched to stored ones by (organization, natural key),
 * inserted, updated or left alone, their imported software replaced, and one audit row.
 */

const CHUNK = 200;

/** Fails the plan with STORE_NOT_FOUND when the organization does not exist. */
export function* requireOrg(db: InvDb, orgId: string): WritePlan<void> {
  const rows = yield statement(db.selectFrom("organizations").select("id").where("id", "=", orgId));
  if (rows.length === 0) {
    throw new StoreError(
      "STORE_NOT_FOUND",
      `organization "${orgId}" does not exist; create it with \`centinela org add\``,
    );
  }
}

/** Fails the plan with STORE_NOT_FOUND when a site id is not one of the organization's sites. */
export function* requireSites(db: InvDb, orgId: string, siteIds: Iterable<string | null>): WritePlan<void> {
  const wanted = [...new Set([...siteIds].filter((s): s is string => s !== null))];
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const chunk = wanted.slice(i, i + CHUNK);
    const rows = yield statement(
      db.selectFrom("inv_sites").select("id").where("org_id", "=", orgId).where("id", "in", chunk),
    );
    const found = new Set(rows.map((r) => String(r.id)));
    const missing = chunk.find((id) => !found.has(id));
    if (missing)
      throw new StoreError("STORE_NOT_FOUND", fromCatalog("errors:store.siteNotInOrg", { id: missing, org: orgId }));
  }
}

/** Upserts assets of one organization by natural key; see InventoryStore.upsertAssets. */
export function* upsertPlan(
  db: InvDb,
  actor: Actor,
  orgId: string,
  input: readonly InventoryAssetInput[],
  authoritative: boolean,
): WritePlan<AssetUpsertResult[]> {
  yield* requireOrg(db, orgId);
  yield* requireSites(
    db,
    orgId,
    input.map((a) => a.siteId),
  );
  const now = new Date().toISOString();
  // The same key twice in one input: the later record wins, as a second import would.
  const byKey = new Map<string, InventoryAssetInput>();
  for (const a of input) byKey.set(a.key, a);
  const keys = [...byKey.keys()];
  const existing = new Map<string, Row>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = yield statement(
      db
        .selectFrom("inv_assets")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("asset_key", "in", keys.slice(i, i + CHUNK)),
    );
    for (const row of rows) existing.set(String(row.asset_key), row);
  }
  const results: AssetUpsertResult[] = [];
  const counts = { new: 0, updated: 0, unchanged: 0 };
  for (const a of byKey.values()) {
    const digest = importDigest(a);
    const old = existing.get(a.key);
    let id: string;
    if (!old) {
      id = `asset-${randomUUID()}`;
      yield {
        ...statement(
          db.insertInto("inv_assets").values({
            id,
            org_id: orgId,
            asset_key: a.key,
            ...assetColumns(a),
            import_digest: digest,
            created: now,
            updated: now,
          }),
        ),
        cacheKey: "inv-asset-insert",
      };
      counts.new++;
      results.push({ key: a.key, id, outcome: "new" });
    } else if (old.import_digest === digest) {
      counts.unchanged++;
      results.push({ key: a.key, id: String(old.id), outcome: "unchanged" });
      continue;
    } else {
      id = String(old.id);
      // A confirmed role stays whatever the import says, unless the import confirms one itself.
      const keepRole = old.role_source === "confirmed" && a.roleSource !== "confirmed";
      const role = keepRole
        ? { role: String(old.role), roleSource: "confirmed", roleEvidence: JSON.parse(String(old.role_evidence)) }
        : {};
      const merged = authoritative
        ? { ...a, ...role }
        : {
            ...a,
            ...role,
            criticality: String(old.criticality),
            owner: (old.owner as string | null) ?? a.owner,
            siteId: (old.site_id as string | null) ?? a.siteId,
            internetExposed: Number(old.internet_exposed) === 1 || a.internetExposed,
          };
      yield statement(
        db
          .updateTable("inv_assets")
          .set({ ...assetColumns(merged), import_digest: digest, updated: now })
          .where("id", "=", id),
      );
      yield statement(db.deleteFrom("inv_software").where("asset_id", "=", id).where("origin", "=", "import"));
      counts.updated++;
      results.push({ key: a.key, id, outcome: "updated" });
    }
    // Imported software goes first (positions 0…); software added by hand keeps its own positions above.
    for (let p = 0; p < a.software.length; p++) {
      const sw = a.software[p];
      if (!sw) continue;
      yield softwareInsert(db, { id: `sw-${randomUUID()}`, assetId: id, orgId, position: p, origin: "import" }, sw);
    }
    yield markExposure(db, id, orgId);
  }
  yield audit(db, actor, "assets.import", orgId, { ...counts, authoritative });
  return results;
}
