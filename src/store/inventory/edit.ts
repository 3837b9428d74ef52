import { statement, type WritePlan } from "../backend.js";
import type { Actor } from "../directory/contract.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { AssetPatch } from "./contract.js";
import { markExposure } from "./exposure.js";
import { ASSET_KEY_FIELDS, editedKeyOf } from "./key.js";
import { assetColumns, type InvDb, notFound, toAsset } from "./rows.js";
import { requireSites } from "./upsert.js";

/**
 * The write plan of a person's change to an asset. A change to what the asset's natural key is
 * made of (MACs, addresses, hostnames, name) gives it the key its next import will compute, so
 * that import finds it instead of adding a second asset (editedKeyOf: a correction moves the key,
 * an addition the importer cannot see does not); a key another asset already holds is refused
 * with both named.
 */

/** The key a plan tried to give an asset, kept to explain a refusal after the rollback. */
export interface RekeyAttempt {
  key: string | null;
  name: string;
}

/** The asset (other than `id`) of the organization that holds `key`, as a query. */
export function keyHolder(db: InvDb, orgId: string, key: string, id: string) {
  return db
    .selectFrom("inv_assets")
    .select(["id", "name"])
    .where("org_id", "=", orgId)
    .where("asset_key", "=", key)
    .where("id", "!=", id);
}

/** STORE_DUPLICATE for a change that would give asset `id` the key `holder` has. */
export function keyTaken(
  orgId: string,
  asset: { id: string; name: string },
  holder: Record<string, unknown>,
  key: string,
  options?: { cause?: unknown },
): StoreError {
  return new StoreError(
    "STORE_DUPLICATE",
    `asset "${asset.id}" ("${asset.name}") cannot be changed: its MACs, addresses and hostnames would give it ` +
      `the key "${key}", which asset "${String(holder.id)}" ("${String(holder.name)}") of organization ` +
      `"${orgId}" already has, and imports could no longer tell the two apart. If both are the same machine, ` +
      `remove one of them (\`centinela assets rm ID --org ORG\`) and change the other; if not, give this one ` +
      "another MAC, address or hostname",
    options,
  );
}

/** Applies `patch` to asset `id`, re-keying it when its identity fields change. */
export function* updateAssetPlan(
  db: InvDb,
  actor: Actor,
  orgId: string,
  id: string,
  patch: AssetPatch,
  attempt: RekeyAttempt,
): WritePlan<void> {
  const [row] = yield statement(
    db.selectFrom("inv_assets").selectAll().where("org_id", "=", orgId).where("id", "=", id),
  );
  if (!row) throw notFound("asset", id, orgId);
  const stored = toAsset(row, []);
  const next = { ...stored, ...patch };
  // A person who sets a role confirms it: later imports keep it.
  if (patch.role !== undefined && patch.roleSource === undefined) next.roleSource = "confirmed";
  yield* requireSites(db, orgId, [next.siteId]);
  const oldKey = String(row.asset_key);
  // Only a change of the key's own fields moves it: a stored key is never rewritten behind a
  // person's back for a change of role or owner.
  const key = ASSET_KEY_FIELDS.some((f) => patch[f] !== undefined) ? editedKeyOf(stored, next) : oldKey;
  if (key !== oldKey) {
    attempt.key = key;
    attempt.name = next.name;
    const [holder] = yield statement(keyHolder(db, orgId, key, id));
    if (holder) throw keyTaken(orgId, { id, name: next.name }, holder, key);
  }
  yield statement(
    db
      .updateTable("inv_assets")
      .set({ ...assetColumns(next), asset_key: key, updated: new Date().toISOString() })
      .where("id", "=", id)
      .where("org_id", "=", orgId),
  );
  yield markExposure(db, id, orgId);
  const details = { org: orgId, fields: Object.keys(patch) };
  yield audit(db, actor, "asset.update", id, key === oldKey ? details : { ...details, key: { from: oldKey, to: key } });
}
