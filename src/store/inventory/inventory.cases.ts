import assert from "node:assert/strict";
import { it } from "node:test";
import type { Actor } from "../directory/contract.js";
import type { StoreError } from "../errors.js";
import { type MakeStoreFixture, withStore } from "../store-fixture.js";
import { ALL_ORGS, type InventoryAssetInput, type InventoryScope } from "./contract.js";

/**
 * The inventory cases, run on every adapter: organization scoping, re-import by natural key,
 * manual edits surviving imports, CRUD of sites and software, and idempotent vulnerability loads.
 */

const CLI: Actor = { userId: null, orgId: null, address: "cli" };

function asset(key: string, over: Partial<InventoryAssetInput> = {}): InventoryAssetInput {
  return {
    key,
    name: key,
    siteId: null,
    addresses: ["10.0.0.1"],
    macs: [],
    hostnames: [],
    role: "other",
    roleSource: "default",
    roleEvidence: [],
    criticality: "medium",
    internetExposed: false,
    owner: null,
    vendor: null,
    ports: [{ protocol: "tcp", port: 22, service: "ssh", product: null, version: null }],
    software: [
      {
        name: "openssh",
        version: "7.4",
        vendor: "openbsd",
        kind: "application",
        cpe: "cpe:2.3:a:openbsd:openssh:7.4:*:*:*:*:*:*:*",
        purl: null,
      },
    ],
    provenance: { source: "nmap", input: "scan.xml", observedAt: "2024-01-01T00:00:00.000Z" },
    ...over,
  };
}

const notFound = (e: StoreError) => e.code === "STORE_NOT_FOUND" && e.status === 404;

/** Registers the inventory cases. */
export function runInventoryCases(make: MakeStoreFixture): void {
  it("re-importing the same assets updates by natural key and never duplicates", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const first = await inv.upsertAssets(
        CLI,
        ALL_ORGS,
        org.id,
        [asset("ip:10.0.0.1|"), asset("ip:10.0.0.2|")],
        false,
      );
      assert.deepEqual(
        first.map((r) => r.outcome),
        ["new", "new"],
      );
      const later = { ...asset("ip:10.0.0.1|"), provenance: { source: "nmap", input: "again.xml", observedAt: null } };
      const again = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [later, asset("ip:10.0.0.2|")], false);
      assert.deepEqual(
        again.map((r) => r.outcome),
        ["unchanged", "unchanged"],
      );
      assert.equal(again[0]?.id, first[0]?.id);
      const changed = asset("ip:10.0.0.2|", { ports: [], software: [] });
      const third = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [changed], false);
      assert.deepEqual(
        third.map((r) => r.outcome),
        ["updated"],
      );
      const page = await inv.listAssets(ALL_ORGS, org.id, { limit: 10 });
      assert.equal(page.assets.length, 2);
      const two = page.assets.find((a) => a.key === "ip:10.0.0.2|");
      assert.equal(two?.software.length, 0);
      assert.deepEqual(two?.ports, []);
    }));

  it("an inferred role follows the next import; a confirmed one is never replaced by an import", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const camera = { role: "camera", roleSource: "inferred", roleEvidence: ["554/tcp rtsp"] };
      const [r] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:bb", camera)], false);
      const id = r?.id as string;
      const first = await inv.getAsset(ALL_ORGS, org.id, id);
      assert.deepEqual([first.role, first.roleSource, first.roleEvidence], ["camera", "inferred", ["554/tcp rtsp"]]);
      const iot = { role: "iot", roleSource: "inferred", roleEvidence: ["Nmap: media device (X, 90%)"] };
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:bb", iot)], false);
      assert.equal((await inv.getAsset(ALL_ORGS, org.id, id)).role, "iot");
      // A person confirms (same role or another): no later import, not even the CSV template's blank role, moves it.
      await inv.updateAsset(CLI, ALL_ORGS, org.id, id, { role: "camera" });
      const confirmed = await inv.getAsset(ALL_ORGS, org.id, id);
      assert.deepEqual([confirmed.role, confirmed.roleSource], ["camera", "confirmed"]);
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:bb", { ...iot, name: "again" })], false);
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:bb", { ...iot, name: "csv" })], true);
      const kept = await inv.getAsset(ALL_ORGS, org.id, id);
      assert.deepEqual([kept.name, kept.role, kept.roleSource], ["csv", "camera", "confirmed"]);
      // An inventory that states a role is a confirmation of its own.
      const stated = { role: "server", roleSource: "confirmed", roleEvidence: [] };
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:bb", stated)], true);
      assert.equal((await inv.getAsset(ALL_ORGS, org.id, id)).role, "server");
    }));

  it("designated-vendor lists an operator adds: put, replace, list, remove", (t) =>
    withStore(t, make, async (store) => {
      const inv = store.inventory;
      assert.equal(await inv.putVendorList(CLI, { list: "mx-nacional", data: '{"v":1}' }), "new");
      assert.equal(await inv.putVendorList(CLI, { list: "mx-nacional", data: '{"v":2}' }), "updated");
      await inv.putVendorList(CLI, { list: "a-sector", data: "{}" });
      assert.deepEqual(await inv.listVendorLists(), [
        { list: "a-sector", data: "{}" },
        { list: "mx-nacional", data: '{"v":2}' },
      ]);
      await inv.deleteVendorList(CLI, "a-sector");
      assert.deepEqual(
        (await inv.listVendorLists()).map((l) => l.list),
        ["mx-nacional"],
      );
      await assert.rejects(
        inv.deleteVendorList(CLI, "a-sector"),
        (e: Error) => (e as StoreError).code === "STORE_NOT_FOUND",
      );
    }));

  it("an import keeps what a person set (criticality, role, owner, manual software)", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const [r] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:aa")], false);
      const id = r?.id as string;
      await inv.updateAsset(CLI, ALL_ORGS, org.id, id, { criticality: "critical", role: "control", owner: "Ana" });
      const manual = { name: "fw", version: "1", vendor: "x", kind: "firmware", cpe: null, purl: "pkg:generic/fw@1" };
      await inv.addSoftware(CLI, ALL_ORGS, org.id, id, manual);
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:aa", { name: "renamed" })], false);
      const got = await inv.getAsset(ALL_ORGS, org.id, id);
      assert.equal(got.name, "renamed");
      assert.equal(got.criticality, "critical");
      assert.equal(got.role, "control");
      assert.equal(got.owner, "Ana");
      assert.deepEqual(
        got.software.map((s) => [s.name, s.origin]),
        [
          ["openssh", "import"],
          ["fw", "manual"],
        ],
      );
      // The CSV template states criticality: it wins.
      await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("mac:aa", { criticality: "low", name: "csv" })], true);
      assert.equal((await inv.getAsset(ALL_ORGS, org.id, id)).criticality, "low");
    }));

  it("a member of one organization never reads or changes another's inventory", (t) =>
    withStore(t, make, async (store) => {
      const a = await store.directory.createOrganization(CLI, "A");
      const b = await store.directory.createOrganization(CLI, "B");
      const inv = store.inventory;
      const onlyA: InventoryScope = { kind: "org", orgId: a.id };
      const [rb] = await inv.upsertAssets(CLI, ALL_ORGS, b.id, [asset("name:b-host")], false);
      const idB = rb?.id as string;
      await assert.rejects(inv.listAssets(onlyA, b.id, { limit: 10 }), notFound);
      await assert.rejects(inv.getAsset(onlyA, b.id, idB), notFound);
      // B's asset id under A's own path is not found either.
      await assert.rejects(inv.getAsset(onlyA, a.id, idB), notFound);
      await assert.rejects(inv.updateAsset(CLI, onlyA, a.id, idB, { name: "x" }), notFound);
      await assert.rejects(inv.deleteAsset(CLI, onlyA, a.id, idB), notFound);
      await assert.rejects(inv.upsertAssets(CLI, onlyA, b.id, [asset("name:x")], false), notFound);
      await assert.rejects(inv.listAssets(onlyA, null, { limit: 10 }), notFound);
      const sw = (await inv.listSoftware(ALL_ORGS, b.id, { limit: 10 })).software[0];
      await assert.rejects(inv.listSoftware(onlyA, b.id, { limit: 10 }), notFound);
      await assert.rejects(inv.deleteSoftware(CLI, onlyA, a.id, sw?.id as string), notFound);
      assert.equal((await inv.getAsset(ALL_ORGS, b.id, idB)).name, "name:b-host");
      assert.equal((await inv.listAssets(ALL_ORGS, null, { limit: 10 })).assets.length, 1);
    }));

  it("refuses an unknown organization and pages assets by keyset", (t) =>
    withStore(t, make, async (store) => {
      const inv = store.inventory;
      await assert.rejects(inv.upsertAssets(CLI, ALL_ORGS, "org-none", [asset("name:x")], false), notFound);
      const org = await store.directory.createOrganization(CLI, "A");
      await inv.upsertAssets(
        CLI,
        ALL_ORGS,
        org.id,
        Array.from({ length: 5 }, (_, i) => asset(`name:h${i}`)),
        false,
      );
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page = await inv.listAssets(ALL_ORGS, org.id, { limit: 2, after });
        seen.push(...page.assets.map((x) => x.key));
        after = page.next;
      } while (after);
      assert.equal(new Set(seen).size, 5);
      await assert.rejects(
        inv.listAssets(ALL_ORGS, org.id, { limit: 0 }),
        (e: StoreError) => e.code === "STORE_BAD_PAGE",
      );
    }));

  it("keeps organization profiles, sites, software and vendors, with audit rows", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "CFE");
      const inv = store.inventory;
      await inv.setOrgProfile(CLI, { orgId: org.id, sector: "energy", state: "MX-CMX", tlp: "amber" });
      await inv.setOrgProfile(CLI, { orgId: org.id, sector: "energy", state: "MX-JAL", tlp: "green" });
      assert.deepEqual(await inv.getOrgProfile(org.id), {
        orgId: org.id,
        sector: "energy",
        state: "MX-JAL",
        tlp: "green",
      });
      const site = await inv.createSite(CLI, ALL_ORGS, org.id, { name: "Planta 1", state: "MX-JAL" });
      await assert.rejects(
        inv.createSite(CLI, ALL_ORGS, org.id, { name: "Planta 1", state: null }),
        (e: StoreError) => e.code === "STORE_DUPLICATE",
      );
      assert.equal((await inv.updateSite(CLI, ALL_ORGS, org.id, site.id, { name: "Planta 2" })).name, "Planta 2");
      // Renaming onto another site's name is a duplicate (409), and changes nothing.
      const plant3 = await inv.createSite(CLI, ALL_ORGS, org.id, { name: "Planta 3", state: null });
      await assert.rejects(
        inv.updateSite(CLI, ALL_ORGS, org.id, plant3.id, { name: "Planta 2" }),
        (e: StoreError) => e.code === "STORE_DUPLICATE" && /"Planta 2" already exists/.test(e.message),
      );
      assert.equal((await inv.updateSite(CLI, ALL_ORGS, org.id, plant3.id, { state: "MX-NLE" })).state, "MX-NLE");
      await inv.deleteSite(CLI, ALL_ORGS, org.id, plant3.id);
      const [r] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("name:plc", { siteId: site.id })], true);
      await inv.deleteSite(CLI, ALL_ORGS, org.id, site.id);
      assert.equal((await inv.getAsset(ALL_ORGS, org.id, r?.id as string)).siteId, null);
      assert.deepEqual(await inv.listSites(ALL_ORGS, org.id), []);
      // A site of another organization cannot be given to an asset.
      const other = await store.directory.createOrganization(CLI, "Other");
      const foreign = await inv.createSite(CLI, ALL_ORGS, other.id, { name: "Theirs", state: null });
      await assert.rejects(
        inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("name:x", { siteId: foreign.id })], true),
        notFound,
      );
      await assert.rejects(inv.updateAsset(CLI, ALL_ORGS, org.id, r?.id as string, { siteId: foreign.id }), notFound);
      await inv.addSoftware(CLI, ALL_ORGS, org.id, r?.id as string, {
        name: "fw",
        version: "2",
        vendor: null,
        kind: "firmware",
        cpe: null,
        purl: null,
      });
      const first = await inv.listSoftware(ALL_ORGS, org.id, { limit: 1 });
      const second = await inv.listSoftware(ALL_ORGS, org.id, { limit: 1, after: first.next });
      assert.equal(second.next, null);
      assert.equal(new Set([...first.software, ...second.software].map((s) => s.id)).size, 2);
      assert.equal((await inv.listSoftware(ALL_ORGS, org.id, { limit: 10, assetId: "asset-none" })).software.length, 0);
      const sw =
        first.software.find((s) => s.origin === "import") ?? second.software.find((s) => s.origin === "import");
      const patched = await inv.updateSoftware(CLI, ALL_ORGS, org.id, sw?.id as string, { version: "9.9" });
      assert.equal(patched.version, "9.9");
      await inv.deleteSoftware(CLI, ALL_ORGS, org.id, sw?.id as string);
      assert.equal((await inv.listSoftware(ALL_ORGS, org.id, { limit: 10 })).software.length, 1);
      await inv.deleteAsset(CLI, ALL_ORGS, org.id, r?.id as string);
      await assert.rejects(inv.getAsset(ALL_ORGS, org.id, r?.id as string), notFound);
      const vendor = { name: "Acme", aliases: ["ACME Corp"], country: "MX", parents: [], stateControl: null };
      await inv.putVendor(CLI, vendor);
      await inv.putVendor(CLI, { ...vendor, country: "US" });
      assert.deepEqual(await inv.listVendors(), [{ ...vendor, country: "US" }]);
      const actions = (await store.directory.listAudit(0, 100)).map((e) => e.action);
      for (const a of [
        "org.profile",
        "site.create",
        "assets.import",
        "software.update",
        "asset.delete",
        "vendor.put",
      ]) {
        assert.ok(actions.includes(a), `audit has ${a}`);
      }
    }));

  it("changing an asset's MACs, addresses or hostnames re-keys it, so the next scan updates it", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const scanned = (mac: string) =>
        asset(`mac:${mac.toLowerCase()}`, { name: "plc-1", macs: [mac], addresses: ["10.0.0.1"] });
      const [r] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [scanned("AA:BB:CC:00:00:01")], false);
      const id = r?.id as string;
      // The MAC was typed wrong: the analyst corrects it, and the next scan finds the real one.
      const fixed = await inv.updateAsset(CLI, ALL_ORGS, org.id, id, { macs: ["AA:BB:CC:00:00:02"] });
      assert.equal(fixed.key, "mac:aa:bb:cc:00:00:02");
      const [again] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [scanned("AA:BB:CC:00:00:02")], false);
      assert.equal(again?.id, id);
      assert.notEqual(again?.outcome, "new");

      // Without a MAC the key is the first address and hostname, as an import computes it.
      const [n] = await inv.upsertAssets(
        CLI,
        ALL_ORGS,
        org.id,
        [asset("ip:10.0.0.7|hmi", { name: "hmi", addresses: ["10.0.0.7"], hostnames: ["HMI"] })],
        false,
      );
      const hmi = n?.id as string;
      assert.equal(
        (await inv.updateAsset(CLI, ALL_ORGS, org.id, hmi, { addresses: ["10.0.0.8"] })).key,
        "ip:10.0.0.8|hmi",
      );
      assert.equal((await inv.updateAsset(CLI, ALL_ORGS, org.id, hmi, { hostnames: [] })).key, "ip:10.0.0.8|");
      // Fields that do not identify the asset leave its key alone.
      assert.equal((await inv.updateAsset(CLI, ALL_ORGS, org.id, hmi, { criticality: "high" })).key, "ip:10.0.0.8|");

      // An SBOM names what it describes and its import keys on that name alone, so addresses
      // given to such an asset by hand must not move it away from its next SBOM import.
      const sbom = asset("name:historian", {
        name: "historian",
        addresses: [],
        provenance: { source: "cyclonedx", input: "historian.cdx.json", observedAt: null },
      });
      const [h] = await inv.upsertAssets(CLI, ALL_ORGS, org.id, [sbom], false);
      const historian = h?.id as string;
      const placed = await inv.updateAsset(CLI, ALL_ORGS, org.id, historian, { addresses: ["10.0.0.9"] });
      assert.equal(placed.key, "name:historian");
      assert.equal((await inv.upsertAssets(CLI, ALL_ORGS, org.id, [sbom], false))[0]?.id, historian);
      assert.equal((await inv.listAssets(ALL_ORGS, org.id, { limit: 10 })).assets.length, 3);
    }));

  it("refuses a change that would give an asset another asset's key, naming both", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const [a, b] = await inv.upsertAssets(
        CLI,
        ALL_ORGS,
        org.id,
        [
          asset("mac:aa:00:00:00:00:01", { name: "rtu-a", macs: ["aa:00:00:00:00:01"] }),
          asset("mac:aa:00:00:00:00:02", { name: "rtu-b", macs: ["aa:00:00:00:00:02"] }),
        ],
        false,
      );
      const taken = (e: StoreError) =>
        e.code === "STORE_DUPLICATE" &&
        e.status === 409 &&
        e.message.includes(b?.id as string) &&
        e.message.includes(a?.id as string) &&
        e.message.includes('"rtu-a"') &&
        e.message.includes("mac:aa:00:00:00:00:01") &&
        /remove one of them|other MAC/.test(e.message);
      await assert.rejects(
        inv.updateAsset(CLI, ALL_ORGS, org.id, b?.id as string, { macs: ["AA:00:00:00:00:01"], owner: "Ana" }),
        taken,
      );
      // Nothing of the refused change was written.
      const kept = await inv.getAsset(ALL_ORGS, org.id, b?.id as string);
      assert.equal(kept.key, "mac:aa:00:00:00:00:02");
      assert.deepEqual(kept.macs, ["aa:00:00:00:00:02"]);
      assert.equal(kept.owner, null);

      // Two assets moved onto one new key at once: one wins, the other gets the same clear refusal.
      const [c, d] = await inv.upsertAssets(
        CLI,
        ALL_ORGS,
        org.id,
        [
          asset("mac:aa:00:00:00:00:03", { name: "rtu-c", macs: ["aa:00:00:00:00:03"] }),
          asset("mac:aa:00:00:00:00:04", { name: "rtu-d", macs: ["aa:00:00:00:00:04"] }),
        ],
        false,
      );
      const results = await Promise.allSettled(
        [c, d].map((x) => inv.updateAsset(CLI, ALL_ORGS, org.id, x?.id as string, { macs: ["aa:00:00:00:00:09"] })),
      );
      assert.equal(results.filter((x) => x.status === "fulfilled").length, 1);
      for (const x of results) {
        if (x.status === "rejected") assert.equal((x.reason as StoreError).code, "STORE_DUPLICATE", String(x.reason));
      }
      const keys = (await inv.listAssets(ALL_ORGS, org.id, { limit: 10 })).assets.map((x) => x.key);
      assert.equal(keys.filter((k) => k === "mac:aa:00:00:00:00:09").length, 1);
    }));

  it("concurrent creates of one site name: one is created, the others are told it exists", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => inv.createSite(CLI, ALL_ORGS, org.id, { name: "Subestación 4", state: null })),
      );
      assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
      for (const r of results) {
        if (r.status === "fulfilled") continue;
        const e = r.reason as StoreError;
        assert.equal(e.code, "STORE_DUPLICATE", String(e));
        assert.equal(e.status, 409);
        assert.match(e.message, /site "Subestación 4" already exists/);
      }
      assert.equal((await inv.listSites(ALL_ORGS, org.id)).length, 1);
      const created = (await store.directory.listAudit(0, 100)).filter((e) => e.action === "site.create");
      assert.equal(created.length, 1);
    }));

  it("loads vulnerability records idempotently", (t) =>
    withStore(t, make, async (store) => {
      const inv = store.inventory;
      const records = Array.from({ length: 1200 }, (_, i) => ({ id: `CVE-2024-${10000 + i}`, data: `{"n":${i}}` }));
      assert.deepEqual(await inv.putVulnRecords("epss", records), { new: 1200, updated: 0, unchanged: 0 });
      const changed = records.map((r, i) => (i < 3 ? { ...r, data: "{}" } : r));
      assert.deepEqual(await inv.putVulnRecords("epss", changed), { new: 0, updated: 3, unchanged: 1197 });
      await inv.putVulnRecords("kev", [{ id: "CVE-2024-10000", data: "{}" }]);
      assert.deepEqual(await inv.countVulnRecords(), { kev: 1, nvd: 0, epss: 1200, cve5: 0, osv: 0 });
      assert.equal((await inv.listVulnRecords("epss"))[0]?.data, "{}");
    }));

  it("planGeneration changes with an import, a changed vulnerability record or a new sighting, and only then", (t) =>
    withStore(t, make, async (store) => {
      const org = await store.directory.createOrganization(CLI, "A");
      const inv = store.inventory;
      const tokens = [await inv.planGeneration()];
      const step = async (what: string, change: () => Promise<unknown>, changes: boolean) => {
        await change();
        const token = await inv.planGeneration();
        if (changes) assert.ok(!tokens.includes(token), `${what} gives a new token`);
        else assert.equal(token, tokens.at(-1), `${what} leaves the token`);
        tokens.push(token);
      };
      await step("reading", () => inv.listAssets(ALL_ORGS, org.id, { limit: 10, after: null }), false);
      await step("an import", () => inv.upsertAssets(CLI, ALL_ORGS, org.id, [asset("ip:10.0.0.1|")], false), true);
      await step("a new record", () => inv.putVulnRecords("kev", [{ id: "CVE-2024-1", data: "{}" }]), true);
      // Same count, and at once: the update time still moves.
      await step("a changed record", () => inv.putVulnRecords("kev", [{ id: "CVE-2024-1", data: '{"a":1}' }]), true);
      await step(
        "an unchanged record",
        () => inv.putVulnRecords("kev", [{ id: "CVE-2024-1", data: '{"a":1}' }]),
        false,
      );
      const event = { indicatorId: "indicator--1", event: "e1", ts: null, src: "10.0.0.1", dst: null };
      await step("a new sighting", () => store.sightings.recordEvents(org.id, [event]), true);
      await step("the same sighting again", () => store.sightings.recordEvents(org.id, [event]), false);
    }));
}
