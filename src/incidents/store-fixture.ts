import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { type Actor, type InventoryAssetInput, openStore, type Store } from "../store/index.js";
import { postgresSchema } from "../testing/index.js";

/** Test support: a fresh SQLite store with two organizations, their profiles and assets, and the hub. */
export interface IncidentFixture {
  store: Store;
  sct: { id: string; name: string };
  cfe: { id: string; name: string };
  csirt: { id: string; name: string };
  sctAsset: string;
  cfeAsset: string;
}

const OP: Actor = { userId: null, orgId: null, address: "test" };

/** One inventory asset for tests. */
export function testAsset(key: string, name: string, address: string): InventoryAssetInput {
  return {
    key,
    name,
    siteId: null,
    addresses: [address],
    macs: [],
    hostnames: [`${name}.local`],
    role: "server",
    roleSource: "confirmed",
    roleEvidence: [],
    criticality: "high",
    internetExposed: false,
    owner: null,
    vendor: null,
    ports: [],
    software: [],
    provenance: { source: "test", input: "test", observedAt: null },
  };
}

/** Opens the fixture on SQLite; closed and removed after the test. */
export async function incidentFixture(t: TestContext, hub = "csirt-nacional"): Promise<IncidentFixture> {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-incidents-"));
  const store = await openStore({ dataDir });
  t.after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return fill(store, hub);
}

/** The fixture on `backend`; null after skipping when PostgreSQL cannot be reached (a failure in CI). */
export async function incidentFixtureOn(
  t: TestContext,
  backend: "sqlite" | "postgres",
): Promise<IncidentFixture | null> {
  if (backend === "sqlite") return incidentFixture(t);
  const schema = await postgresSchema(t);
  if (!schema) return null;
  const store = await openStore({ url: schema.url });
  t.after(async () => {
    await store.close();
    await schema.drop();
  });
  return fill(store, "csirt-nacional");
}

async function fill(store: Store, hub: string): Promise<IncidentFixture> {
  const sct = await store.directory.createOrganization(OP, "Secretaría de Transporte");
  const cfe = await store.directory.createOrganization(OP, "CFE Occidente");
  const csirt = await store.directory.createOrganization(OP, "CSIRT Nacional");
  await store.inventory.setOrgProfile(OP, { orgId: sct.id, sector: "transport", state: "MX-CMX", tlp: "amber" });
  await store.inventory.setOrgProfile(OP, { orgId: cfe.id, sector: "energy", state: "MX-JAL", tlp: "amber" });
  const scope = { kind: "all" as const };
  const [a] = await store.inventory.upsertAssets(
    OP,
    scope,
    sct.id,
    [testAsset("ip:10.20.0.5", "srv-nomina-01", "10.20.0.5")],
    true,
  );
  const [b] = await store.inventory.upsertAssets(
    OP,
    scope,
    cfe.id,
    [testAsset("ip:10.9.0.1", "scada-gdl", "10.9.0.1")],
    true,
  );
  await store.directory.createCollection(OP, { id: hub, title: "CSIRT Nacional", description: null });
  await store.directory.setGrant(OP, { collectionId: hub, orgId: csirt.id, read: true, write: false });
  return {
    store,
    sct: { id: sct.id, name: sct.name },
    cfe: { id: cfe.id, name: cfe.name },
    csirt: { id: csirt.id, name: csirt.name },
    sctAsset: (a as { id: string }).id,
    cfeAsset: (b as { id: string }).id,
  };
}
