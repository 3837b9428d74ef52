import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { TlpLevel } from "../stix/index.js";
import { type AccessContext, openStore } from "../store/index.js";
import { incidentVisibility } from "./national.js";
import { nationalPictureFor } from "./national-store.js";
import { operatorFor } from "./persist.js";
import { planSubmission, reportIncident, submitToHub } from "./service.js";

/**
 * Property, on a real SQLite store: for random incidents of three organizations under random TLP
 * levels, some submitted to the hub, the picture each reader gets (the local operator, a member
 * of each organization, the CSIRT, an anonymous reader) counts exactly what the rule lets that
 * reader count, by sector and by state, and lists exactly what TLP lets it read.
 */

const LEVELS: TlpLevel[] = ["clear", "green", "amber", "amber+strict", "red"];
const OP = { userId: null, orgId: null, address: "test" };
const NOW = Date.parse("2026-03-20T12:00:00Z");

const genArb = fc.array(
  fc.record({
    org: fc.integer({ min: 0, max: 2 }),
    tlp: fc.constantFrom(...LEVELS),
    submitted: fc.boolean(),
    day: fc.integer({ min: 0, max: 12 }),
  }),
  { minLength: 1, maxLength: 8 },
);

describe("national picture on the store (property)", () => {
  it("counts equal a count over what each reader may see; details only what TLP allows", async () => {
    await fc.assert(
      fc.asyncProperty(genArb, async (gen) => {
        const dir = mkdtempSync(join(tmpdir(), "centinela-national-"));
        const store = await openStore({ dataDir: dir });
        try {
          const orgs: Array<{ id: string }> = [];
          const places = [
            ["energy", "MX-JAL"],
            ["transport", "MX-CMX"],
            ["water", "MX-NLE"],
          ] as const;
          for (let i = 0; i < 3; i++) orgs.push(await store.directory.createOrganization(OP, `Org ${i}`));
          const csirt = await store.directory.createOrganization(OP, "CSIRT Nacional");
          await store.directory.createCollection(OP, { id: "csirt-nacional", title: "hub", description: null });
          await store.directory.setGrant(OP, {
            collectionId: "csirt-nacional",
            orgId: csirt.id,
            read: true,
            write: false,
          });
          const made: Array<{ id: string; org: number; tlp: TlpLevel; submitted: boolean }> = [];
          for (const g of gen) {
            const org = orgs[g.org] as { id: string };
            const [sector, state] = places[g.org] as readonly [string, string];
            await store.inventory.setOrgProfile(OP, { orgId: org.id, sector, state, tlp: g.tlp });
            const who = operatorFor(org.id);
            const r = await reportIncident(
              store,
              who,
              {
                org: org.id,
                title: `secret title ${made.length}`,
                types: ["ransomware"],
                awareAt: new Date(NOW - g.day * 86_400_000).toISOString(),
              },
              NOW,
            );
            if (g.submitted)
              await submitToHub(
                store,
                who,
                await planSubmission(store, who, r.id, { to: "csirt-nacional", anonymize: false }, NOW),
                "csirt-nacional",
              );
            made.push({ id: r.id, org: g.org, tlp: g.tlp, submitted: g.submitted });
          }
          const readers: AccessContext[] = [
            { kind: "system", orgId: null, userId: null },
            { kind: "anonymous", orgId: null, userId: null },
            { kind: "member", orgId: csirt.id, userId: "u-csirt" },
            ...orgs.map((o) => ({ kind: "member" as const, orgId: o.id, userId: `u-${o.id}` })),
          ];
          for (const reader of readers) {
            const picture = await nationalPictureFor(store, reader);
            const vis = made.map((m) => ({
              m,
              v: incidentVisibility(
                reader,
                {
                  tlp: m.tlp,
                  producerOrg: (orgs[m.org] as { id: string }).id,
                  sharedWith: m.submitted && m.tlp === "amber" ? [csirt.id] : [],
                  redRecipients: [],
                  writerUser: null,
                },
                m.submitted,
              ),
            }));
            const counted = vis.filter((x) => x.v !== "none");
            const label = `${reader.kind} ${reader.orgId ?? ""}`;
            assert.equal(picture.totals.incidents, counted.length, label);
            for (let i = 0; i < 3; i++) {
              const [sector, state] = places[i] as readonly [string, string];
              const n = counted.filter((x) => x.m.org === i).length;
              assert.equal(picture.bySector.find((b) => b.key === sector)?.incidents ?? 0, n, `${label} ${sector}`);
              assert.equal(picture.byState.find((b) => b.key === state)?.incidents ?? 0, n, `${label} ${state}`);
            }
            assert.deepEqual(
              picture.incidents.map((r) => r.id).sort(),
              vis
                .filter((x) => x.v === "detail")
                .map((x) => x.m.id)
                .sort(),
              label,
            );
            const text = JSON.stringify(picture);
            for (const x of vis) if (x.v !== "detail") assert.ok(!text.includes(x.m.id), `${label} names ${x.m.id}`);
          }
        } finally {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 8 },
    );
  });
});
