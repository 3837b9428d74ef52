import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import {
  type Actor,
  ALL_ORGS,
  type InventoryAssetInput,
  type InventoryScope,
  openStore,
  type Store,
} from "../store/index.js";
import { postgresSchema, sharedData } from "../testing/index.js";
import { refreshExposure } from "./exposure-lines.js";
import { summarizeExposure, summarizeExposureFull } from "./exposure-summary.js";
import { syncVulns } from "./sync.js";

/**
 * The exposure summary read from the store's exposure lines (kept up to date on write) gives
 * exactly what the whole action list gives — counts by state and sector and the first 99 items
 * — after every step of a random run of imports, edits, software changes, removals, sightings,
 * profile changes and a vulnerability record change, on SQLite and PostgreSQL, for the country
 * and for a member's organization, on days before, among and after the KEV due dates.
 */

const ACTOR: Actor = { userId: null, orgId: null, address: "test" };
const STATES = ["MX-CMX", "MX-JAL", "MX-NLE"];
const SECTORS = ["energy", "water", "health"];
const VENDORS = ["Cisco", "Dell", "Hikvision", "Huawei", "Siemens"];
const DAYS = ["2021-06-01", "2023-08-05", "2026-12-04"];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPEs the NVD records name (versioned), and versionless ones KEV names by product only. */
function cpePool(nvdDir: string): string[] {
  const out = new Set<string>();
  for (const f of readdirSync(nvdDir).slice(0, 40)) {
    for (const m of readFileSync(join(nvdDir, f), "utf8").matchAll(/"criteria":\s*"(cpe:2\.3:[^"]+)"/g)) {
      const cpe = JSON.parse(`"${m[1]}"`) as string;
      if (cpe.includes("\\")) continue;
      const parts = cpe.split(":");
      if (parts[5] === "*") parts[5] = "1.0";
      out.add(parts.join(":"));
    }
  }
  return [
    ...[...out].slice(0, 60),
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:apple:safari:*:*:*:*:*:*:*:*",
    "cpe:2.3:a:vendor1:product1:1.0:*:*:*:*:*:*:*",
  ];
}

async function open(t: TestContext, backend: "sqlite" | "postgres"): Promise<Store | null> {
  if (backend === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "centinela-exposure-"));
    const store = await openStore({ dataDir: dir });
    t.after(async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return store;
  }
  const schema = await postgresSchema(t);
  if (!schema) return null;
  const store = await openStore({ url: schema.url });
  t.after(async () => {
    await store.close();
    await schema.drop();
  });
  return store;
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`exposure lines (${backend})`, () => {
    it("give the whole action list's summary after every step of random changes", async (t) => {
      const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
      const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
      if (!kev || !nvd) return;
      const store = await open(t, backend);
      if (!store) return;
      await syncVulns(store, { kev, nvd });
      const random = rng(backend === "sqlite" ? 13 : 31);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
      const pool = cpePool(nvd);
      const orgs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const org = await store.directory.createOrganization(ACTOR, `Org ${i}`);
        orgs.push(org.id);
        await store.inventory.setOrgProfile(ACTOR, {
          orgId: org.id,
          sector: SECTORS[i % SECTORS.length] as string,
          state: STATES[i % 2] as string,
          tlp: "amber",
        });
      }
      let n = 0;
      const asset = (): InventoryAssetInput => {
        n++;
        const software = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
          const cpe = pick(pool);
          return { name: cpe.split(":")[4] ?? "x", version: null, vendor: null, kind: "application", cpe, purl: null };
        });
        return {
          key: `k-${n}`,
          name: `equipo-${n}`,
          siteId: null,
          addresses: [`10.0.${n >> 8}.${n & 255}`],
          macs: [],
          hostnames: [],
          role: pick(["server", "camera", "network-edge", "workstation"]),
          roleSource: "confirmed",
          roleEvidence: [],
          criticality: pick(["low", "medium", "high", "critical"]),
          internetExposed: random() < 0.3,
          owner: null,
          vendor: random() < 0.3 ? pick(VENDORS) : null,
          ports: [],
          software,
          provenance: { source: "test", input: "test", observedAt: null },
        };
      };
      const ids = async (org: string) => (await store.inventory.listAssets(ALL_ORGS, org, { limit: 1000 })).assets;

      const compare = async (step: string) => {
        const org = pick(orgs);
        const views: [InventoryScope, string | null][] = [
          [ALL_ORGS, null],
          [{ kind: "org", orgId: org }, org],
        ];
        for (const [scope, orgId] of views) {
          // Every day for the country; one (a different one each time) for an organization.
          for (const today of orgId === null ? DAYS : [pick(DAYS)]) {
            const full = await summarizeExposureFull(store, scope, orgId, today, 99);
            const kept = await summarizeExposure(store, scope, orgId, today, 99);
            assert.deepEqual(kept, full, `${step}: ${orgId ?? "national"} on ${today}`);
          }
        }
      };

      for (const org of orgs) {
        await store.inventory.upsertAssets(
          ACTOR,
          ALL_ORGS,
          org,
          Array.from({ length: 40 }, () => asset()),
          true,
        );
      }
      await compare("after the imports");
      const first = await refreshExposure(store);
      assert.equal(first.derived, 0, "the summary derived every marked asset");

      for (let step = 0; step < 16; step++) {
        const org = pick(orgs);
        const list = await ids(org);
        const target = pick(list);
        const op = step % 8;
        if (op === 0) {
          await store.inventory.upsertAssets(
            ACTOR,
            ALL_ORGS,
            org,
            Array.from({ length: 3 }, () => asset()),
            false,
          );
        } else if (op === 1 && target) {
          await store.inventory.updateAsset(ACTOR, ALL_ORGS, org, target.id, {
            criticality: pick(["low", "critical"]),
            internetExposed: random() < 0.5,
            vendor: pick([...VENDORS, null]),
            role: pick(["camera", "server", "control"]),
          });
        } else if (op === 2 && target) {
          const cpe = pick(pool);
          await store.inventory.addSoftware(ACTOR, ALL_ORGS, org, target.id, {
            name: "added",
            version: null,
            vendor: null,
            kind: "application",
            cpe,
            purl: null,
          });
        } else if (op === 3 && target?.software[0]) {
          await store.inventory.deleteSoftware(ACTOR, ALL_ORGS, org, target.software[0].id);
        } else if (op === 4 && target) {
          await store.inventory.deleteAsset(ACTOR, ALL_ORGS, org, target.id);
        } else if (op === 5) {
          // Sightings at a few addresses: they change scores (and the first items), not the lines.
          const at = list.slice(0, 4).map((a, i) => ({
            indicatorId: `indicator--${step}`,
            event: `e-${step}-${i}`,
            ts: null,
            src: a.addresses[0] ?? null,
            dst: null,
          }));
          await store.sightings.recordEvents(org, at);
        } else if (op === 6) {
          await store.inventory.setOrgProfile(ACTOR, {
            orgId: org,
            sector: pick(SECTORS),
            state: pick(STATES),
            tlp: "amber",
          });
        } else if (op === 7) {
          // A vulnerability record changes: every asset is derived again.
          const [record] = await store.inventory.listVulnRecords("kev");
          if (record) {
            const entry = JSON.parse(record.data) as { dueDate: string };
            entry.dueDate = pick(["2023-08-01", "2023-08-10", "2030-01-01"]);
            await store.inventory.putVulnRecords("kev", [{ id: record.id, data: JSON.stringify(entry) }]);
          }
        }
        await compare(`step ${step} (op ${op})`);
      }
      const national = await summarizeExposure(store, ALL_ORGS, null, "2026-12-04", 99);
      assert.ok(
        national.kev > 0 && national.designated > 0 && national.top.length > 0,
        "the run had lines of each kind",
      );
      assert.ok(national.byState.length === 2 || national.byState.length === 3);
    });

    it("keeps an organization's lines to its own members and refuses the national view to them", async (t) => {
      const store = await open(t, backend);
      if (!store) return;
      const a = await store.directory.createOrganization(ACTOR, "A");
      const b = await store.directory.createOrganization(ACTOR, "B");
      const row = (key: string, vendor: string): InventoryAssetInput => ({
        key,
        name: key,
        siteId: null,
        addresses: [],
        macs: [],
        hostnames: [],
        role: "camera",
        roleSource: "confirmed",
        roleEvidence: [],
        criticality: "high",
        internetExposed: false,
        owner: null,
        vendor,
        ports: [],
        software: [],
        provenance: { source: "test", input: "test", observedAt: null },
      });
      await store.inventory.upsertAssets(ACTOR, ALL_ORGS, a.id, [row("cam-a", "Hikvision")], true);
      await store.inventory.upsertAssets(ACTOR, ALL_ORGS, b.id, [row("cam-b", "Dahua"), row("cam-c", "Dahua")], true);
      const member: InventoryScope = { kind: "org", orgId: a.id };
      const mine = await summarizeExposure(store, member, a.id, "2026-12-04", 99);
      assert.deepEqual([mine.assets, mine.designated, mine.top.length], [1, 1, 1]);
      assert.ok(mine.top.every((i) => i.organizationId === a.id));
      await assert.rejects(summarizeExposure(store, member, b.id, "2026-12-04", 99), { code: "STORE_NOT_FOUND" });
      await assert.rejects(summarizeExposure(store, member, null, "2026-12-04", 99), { code: "STORE_NOT_FOUND" });
      assert.deepEqual(
        await store.inventory.getAssetsByIds(member, [
          (await store.inventory.listAssets(ALL_ORGS, b.id, { limit: 10 })).assets[0]?.id ?? "",
        ]),
        [],
      );
      const national = await summarizeExposure(store, ALL_ORGS, null, "2026-12-04", 99);
      assert.deepEqual([national.assets, national.designated], [3, 3]);
    });
  });
}
