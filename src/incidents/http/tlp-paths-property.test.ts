import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { canRead, effectiveTlp, generateToken, type Reader, tokenHash } from "../../access/index.js";
// The host and TAXII serve these incidents too: a test-only use of the modules beside this one.
import { createServer } from "../../server/index.js";
import type { TlpLevel } from "../../stix/index.js";
import { openStore } from "../../store/index.js";
import { API_ROOT_PATH, taxiiPlugin } from "../../taxii/index.js";
import { IncidentError } from "../errors.js";
import { nationalPictureFor } from "../national-store.js";
import { actorOf, operatorFor } from "../persist.js";
import {
  anonymousCopyId,
  exportBundle,
  planSubmission,
  reportIncident,
  submitToHub,
  updateIncident,
} from "../service.js";
import { incidentsPlugin } from "./plugin.js";

/**
 * Property, on a real store behind the real host: for random incidents of three organizations
 * under random TLP levels — some commented, some submitted to the national hub plainly or
 * anonymized — and random read grants on the hub, no read path shows a reader an incident (or its
 * title) that TLP does not let it read: the REST list (paged at a random size), the REST incident,
 * its comments, bundle and stage report, TAXII's hub collection, the STIX export, and the national
 * picture, whose counts equal a count over what each reader may see. The CLI reads as the
 * machine's operator (it sees everything by design); its `national --as ORG` is nationalPictureFor
 * with that organization as the reader, checked here for every organization.
 */

const LEVELS: TlpLevel[] = ["clear", "green", "amber", "amber+strict", "red"];
const OP = { userId: null, orgId: null, address: "test" };
const NOW = Date.parse("2026-03-20T12:00:00Z");
const HUB = "csirt-nacional";

const scenarioArb = fc.record({
  grants: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  limit: fc.integer({ min: 1, max: 4 }),
  incidents: fc.array(
    fc.record({
      org: fc.integer({ min: 0, max: 2 }),
      tlp: fc.constantFrom(...LEVELS),
      submit: fc.constantFrom("no", "plain", "anonymized"),
      comment: fc.boolean(),
    }),
    { minLength: 1, maxLength: 6 },
  ),
});

/** One incident as made: its id, the copy sent for it (anonymized), and what decides who reads each. */
interface Made {
  id: string;
  copy: string | null;
  title: string;
  org: number;
  tlp: TlpLevel;
  /** The id filed in the hub, if any. */
  inHub: string | null;
}

describe("TLP on every read path of incidents (property)", () => {
  it("REST, TAXII, export and the national picture show a reader only what TLP lets it read", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ grants, limit, incidents }) => {
        const dir = mkdtempSync(join(tmpdir(), "centinela-incident-tlp-"));
        const store = await openStore({ dataDir: dir });
        const app = await createServer({
          store,
          plugins: [taxiiPlugin({ store }), incidentsPlugin({ store, now: () => NOW })],
        });
        try {
          const orgs: Array<{ id: string }> = [];
          for (let i = 0; i < 3; i++) orgs.push(await store.directory.createOrganization(OP, `Org ${i}`));
          const csirt = await store.directory.createOrganization(OP, "CSIRT Nacional");
          await store.directory.createCollection(OP, { id: HUB, title: "hub", description: null });
          const hubReaders = [csirt.id, ...orgs.filter((_, i) => grants[i]).map((o) => o.id)];
          for (const orgId of orgs.map((o) => o.id).concat(csirt.id))
            await store.directory.setGrant(OP, {
              collectionId: HUB,
              orgId,
              read: hubReaders.includes(orgId),
              write: true,
            });
          // One analyst per organization, and the CSIRT's admin.
          const users: Array<{ token: string; reader: Reader; admin: boolean }> = [];
          for (const [i, org] of [...orgs, csirt].entries()) {
            const admin = i === 3;
            const user = await store.directory.createUser(OP, {
              username: `u${i}`,
              orgId: org.id,
              role: admin ? "admin" : "analyst",
              passwordHash: null,
            });
            const token = generateToken();
            await store.directory.createToken(OP, {
              userId: user.id,
              tokenHash: tokenHash(token),
              name: "t",
              expires: null,
            });
            users.push({ token, reader: { kind: "member", orgId: org.id, userId: user.id }, admin });
          }

          const made: Made[] = [];
          for (const g of incidents) {
            const org = orgs[g.org] as { id: string };
            await store.inventory.setOrgProfile(OP, {
              orgId: org.id,
              sector: `s${g.org}`,
              state: "MX-JAL",
              tlp: g.tlp,
            });
            const who = operatorFor(org.id);
            const title = `secreto-${made.length}-${g.tlp}`;
            const r = await reportIncident(
              store,
              who,
              { org: org.id, title, types: ["ransomware"], awareAt: "2026-03-19 10:00" },
              NOW,
            );
            if (g.comment) await updateIncident(store, who, r.id, { comment: `nota de ${title}` }, NOW);
            let inHub: string | null = null;
            if (g.submit !== "no") {
              const anonymize = g.submit === "anonymized";
              await submitToHub(store, who, await planSubmission(store, who, r.id, { to: HUB, anonymize }, NOW), HUB);
              inHub = anonymize ? anonymousCopyId(r.id) : r.id;
            }
            made.push({
              id: r.id,
              copy: g.submit === "anonymized" ? inHub : null,
              title,
              org: g.org,
              tlp: g.tlp,
              inHub,
            });
          }

          /** May `reader` read object `id` of `m` (the original or its copy)? access's rule, with the hub's sharing. */
          const may = (reader: Reader, m: Made, id: string) =>
            canRead(reader, {
              tlp: m.tlp,
              producerOrg: (orgs[m.org] as { id: string }).id,
              sharedWith: m.inHub === id && m.tlp === "amber" ? hubReaders : [],
              redRecipients: [],
              writerUser: null,
            });
          const ids = (m: Made) => (m.copy ? [m.id, m.copy] : [m.id]);

          for (const { token, reader, admin } of users) {
            const label = `reader ${reader.orgId}`;
            const get = (url: string) =>
              app.inject({ method: "GET", url, headers: { authorization: `Bearer ${token}` } });
            const readable = new Set(made.flatMap((m) => ids(m).filter((id) => may(reader, m, id))));
            // An anonymized copy carries the scrubbed title: hidden means neither is readable.
            const hidden = made.filter((m) => !ids(m).some((id) => readable.has(id)));

            // REST list, every page.
            const listed: string[] = [];
            let after: string | null = null;
            do {
              const q: string = `?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ""}`;
              const page = await get(`/api/v1/incidents${q}`);
              assert.equal(page.statusCode, 200, page.body);
              for (const m of hidden) assert.ok(!page.body.includes(m.title), `${label}: list names ${m.title}`);
              const body = page.json() as { incidents: Array<{ id: string }>; next: string | null };
              listed.push(...body.incidents.map((i) => i.id));
              after = body.next;
            } while (after);
            assert.deepEqual(listed.sort(), [...readable].sort(), `${label}: list`);

            // REST incident, comments, bundle, stage report; the export the CLI and REST share.
            for (const m of made)
              for (const id of ids(m)) {
                const ok = readable.has(id);
                for (const path of ["", "/comments", "/bundle", "/reports/notification"]) {
                  const res = await get(`/api/v1/incidents/${id}${path}`);
                  assert.equal(res.statusCode, ok ? 200 : 404, `${label}: ${path || "show"} of ${id}`);
                  if (!ok) assert.ok(!res.body.includes(m.title), `${label}: ${path} names ${m.title}`);
                }
                const exported = exportBundle(store, { ...actorOf(principalLike(reader)), read: reader }, id);
                if (ok) assert.ok((await exported).includes(id));
                else await assert.rejects(exported, (e: unknown) => e instanceof IncidentError && e.status === 404);
              }

            // TAXII: the hub collection as this reader.
            const taxii = await app.inject({
              method: "GET",
              url: `${API_ROOT_PATH}collections/${HUB}/objects/?match[type]=incident`,
              headers: { authorization: `Bearer ${token}`, accept: "application/taxii+json;version=2.1" },
            });
            // Without a read grant (every organization may write the hub): refused.
            if (!hubReaders.includes(reader.orgId as string)) assert.equal(taxii.statusCode, 403, `${label}: TAXII`);
            else {
              assert.equal(taxii.statusCode, 200, taxii.body);
              const got = ((taxii.json() as { objects?: Array<{ id: string }> }).objects ?? []).map((o) => o.id);
              const want = made.flatMap((m) => (m.inHub && readable.has(m.inHub) ? [m.inHub] : []));
              assert.deepEqual(got.sort(), want.sort(), `${label}: TAXII hub`);
              for (const m of hidden) assert.ok(!taxii.body.includes(m.title), `${label}: TAXII names ${m.title}`);
            }

            // The national picture (REST for the admin; `national --as ORG` for every organization).
            const detail = made.filter((m) => ids(m).some((id) => readable.has(id)));
            const counted = made.filter(
              (m) => !detail.includes(m) && m.inHub !== null && effectiveTlp(m.tlp) !== "red",
            );
            const picture = await nationalPictureFor(store, reader, { hub: HUB });
            assert.deepEqual(
              [picture.totals.incidents, picture.totals.detailed, picture.totals.countedOnly],
              [detail.length + counted.length, detail.length, counted.length],
              `${label}: national counts`,
            );
            for (let i = 0; i < 3; i++) {
              const n = [...detail, ...counted].filter((m) => m.org === i).length;
              assert.equal(
                picture.bySector.find((b) => b.key === `s${i}`)?.incidents ?? 0,
                n,
                `${label}: sector s${i}`,
              );
            }
            const rest = await get("/api/v1/national");
            assert.equal(rest.statusCode, admin ? 200 : 403, `${label}: /national`);
            if (admin) assert.deepEqual(rest.json().totals, picture.totals);
            for (const m of made.filter((x) => !detail.includes(x))) {
              assert.ok(!JSON.stringify(picture).includes(m.title), `${label}: picture names ${m.title}`);
              assert.ok(!rest.body.includes(m.title), `${label}: /national names ${m.title}`);
            }
          }
        } finally {
          await app.close();
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 10, includeErrorInReport: true },
    );
  });
});

/** A principal for a reader, as the host would make it. */
function principalLike(reader: Reader) {
  const orgId = reader.orgId as string;
  return {
    user: { id: reader.userId as string, username: "u", orgId, role: "analyst" as const, active: true, created: "" },
    read: reader,
    write: { orgId, userId: reader.userId, source: "test" },
    actor: { userId: reader.userId, orgId, address: "test" },
  };
}
