import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { type Actor, ALL_ORGS, type AssetPatch, openStore, type Store } from "../store/index.js";
import { readInventoryFile } from "./import-file.js";
import { importInventory } from "./import-inventory.js";

/**
 * README: "Importing the same scan again updates the same assets, never duplicates them, and keeps
 * what you set by hand." Re-keying on a person's change (store/inventory-edit.ts) breaks this when
 * the change adds what the scanner cannot see — a hostname Nmap did not resolve (`-n`), or a MAC
 * of a host behind a router — because the next import of the same file computes the old key.
 */

const CLI: Actor = { userId: null, orgId: null, address: "test" };

/** One host up at 10.20.0.5, no MAC (routed) and no hostname (`nmap -n`), port 502 open. */
const SCAN = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -n -sV 10.20.0.0/24" start="1700000000" version="7.94">
<host starttime="1700000000" endtime="1700000010"><status state="up" reason="echo-reply"/>
<address addr="10.20.0.5" addrtype="ipv4"/>
<hostnames></hostnames>
<ports><port protocol="tcp" portid="502"><state state="open" reason="syn-ack"/><service name="mbap" method="probed"/></port></ports>
</host>
</nmaprun>
`;

async function fresh(t: TestContext): Promise<{ store: Store; orgId: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-inv-edit-"));
  const store = await openStore({ dataDir });
  t.after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const org = await store.directory.createOrganization(CLI, "CFE Occidente");
  return { store, orgId: org.id };
}

const importScan = (store: Store, org: { id: string; name: string }) =>
  importInventory(store, CLI, ALL_ORGS, org, readInventoryFile(SCAN, { input: "scan.xml" }));

describe("a hand edit that adds what the scanner cannot see", () => {
  const cases: Array<[string, AssetPatch]> = [
    ["a hostname Nmap did not resolve", { hostnames: ["plc-7"] }],
    ["the MAC of a routed host", { macs: ["00:80:f4:01:02:03"] }],
  ];
  for (const [what, patch] of cases) {
    it(`importing the same scan again after adding ${what} updates the asset, not a second one`, async (t) => {
      const { store, orgId } = await fresh(t);
      const org = { id: orgId, name: "CFE Occidente" };
      const first = await importScan(store, org);
      assert.equal(first.new, 1);
      const [asset] = (await store.inventory.listAssets(ALL_ORGS, orgId, { limit: 10 })).assets;
      await store.inventory.updateAsset(CLI, ALL_ORGS, orgId, asset!.id, { ...patch, owner: "Ana" });

      const again = await importScan(store, org);
      const assets = (await store.inventory.listAssets(ALL_ORGS, orgId, { limit: 10 })).assets;
      assert.equal(again.new, 0, `a second asset was made: ${assets.map((a) => `${a.id} ${a.key}`).join(", ")}`);
      assert.equal(assets.length, 1);
      assert.equal(assets[0]?.owner, "Ana", "what was set by hand is kept");
    });
  }
});
