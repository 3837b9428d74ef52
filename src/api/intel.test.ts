import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { generateToken, tokenHash } from "../access/index.js";
// The host the API runs on (a test-only use of the module above this one).
import { createServer } from "../server/index.js";
import { organizationIdentityId } from "../stix/index.js";
import { type Actor, openStore, type Store } from "../store/index.js";
import { apiPlugin } from "./index.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };
const T = "2024-05-01T00:00:00.000Z";
const id = (type: string, n: number) => `${type}--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const IND = id("indicator", 1);
const ACTOR = id("intrusion-set", 2);
const REL = id("relationship", 3);
const REPORT = id("report", 4);
const SECRET = id("indicator", 5);
const SIGHTING = id("sighting", 6);
const SEEN_AT_A = id("sighting", 7);

describe("intelligence REST API", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  let orgA = "";

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "centinela-intel-"));
    store = await openStore({ dataDir: dir });
    const a = await store.directory.createOrganization(CLI, "A");
    const b = await store.directory.createOrganization(CLI, "B");
    orgA = a.id;
    for (const [username, orgId] of [
      ["ana", a.id],
      ["bob", b.id],
    ] as const) {
      const user = await store.directory.createUser(CLI, { username, orgId, role: "reader", passwordHash: null });
      const token = generateToken();
      await store.directory.createToken(CLI, {
        userId: user.id,
        tokenHash: tokenHash(token),
        name: "t",
        expires: null,
      });
      tokens[username] = token;
    }
    const put = (tlp: "green" | "amber", o: Record<string, unknown>) => ({
      id: o.id as string,
      type: o.type as string,
      specVersion: "2.1",
      created: T,
      versionKey: (o.modified as string | undefined) ?? T,
      raw: JSON.stringify({ spec_version: "2.1", created: T, modified: T, ...o }),
      tlp,
      revoked: false,
    });
    await store.putObjects({ orgId: a.id, userId: null, source: "test" }, [
      put("green", {
        type: "indicator",
        id: IND,
        name: "C2 de Guacamaya",
        pattern: "[ipv4-addr:value = '203.0.113.7']",
      }),
      put("green", {
        type: "intrusion-set",
        id: ACTOR,
        name: "Guacamaya",
        external_references: [
          { source_name: "mitre-attack", external_id: "G9999", url: "https://attack.example/G9999" },
        ],
      }),
      put("green", {
        type: "relationship",
        id: REL,
        relationship_type: "indicates",
        source_ref: IND,
        target_ref: ACTOR,
      }),
      put("green", { type: "report", id: REPORT, name: "Informe semanal", object_refs: [IND, ACTOR] }),
      put("green", { type: "sighting", id: SIGHTING, sighting_of_ref: IND, count: 3 }),
      put("amber", { type: "indicator", id: SECRET, name: "Interno", pattern: "[ipv4-addr:value = '203.0.113.8']" }),
      put("amber", {
        type: "sighting",
        id: SEEN_AT_A,
        sighting_of_ref: SECRET,
        count: 719,
        first_seen: "2024-04-01T10:00:00.000Z",
        last_seen: "2024-04-02T11:00:00.000Z",
        where_sighted_refs: [organizationIdentityId(a.id)],
      }),
    ]);
    await store.putObjects({ orgId: a.id, userId: null, source: "test" }, [
      put("green", {
        type: "indicator",
        id: IND,
        modified: "2024-06-01T00:00:00.000Z",
        name: "C2 de Guacamaya",
        pattern: "[ipv4-addr:value = '203.0.113.7']",
      }),
    ]);
    app = await createServer({ store, plugins: [apiPlugin({ store })], bodyLimit: 64 * 1024 });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (user: string | null, url: string) =>
    app.inject({ method: "GET", url, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });

  it("finds an IP's indicator, and the report, sighting and relationship that mention it", async () => {
    const res = await get("bob", "/api/v1/intel/search?q=203.0.113.7");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      body.objects.map((o: { id: string }) => o.id),
      [IND],
    );
    assert.equal(body.objects[0].title, "C2 de Guacamaya");
    assert.equal(body.objects[0].term, "203.0.113.7");
    assert.deepEqual(body.related.map((o: { id: string }) => o.id).sort(), [REL, REPORT, SIGHTING].sort());
    assert.equal(body.next, null);
  });

  it("searches by name without accents, by ATT&CK id, and lists by type; TLP hides what the org may not see", async () => {
    const byName = (await get("bob", "/api/v1/intel/search?q=guacamaya&type=intrusion-set")).json();
    assert.deepEqual(
      byName.objects.map((o: { id: string }) => o.id),
      [ACTOR],
    );
    assert.deepEqual((await get("bob", "/api/v1/intel/search?q=G9999")).json().objects.length, 1);
    assert.equal((await get("bob", "/api/v1/intel/search?q=203.0.113.8")).json().objects.length, 0);
    assert.equal((await get("ana", "/api/v1/intel/search?q=203.0.113.8")).json().objects.length, 1);
    const byType = (await get("ana", "/api/v1/intel/search?type=indicator&limit=1")).json();
    assert.equal(byType.objects.length, 1);
    assert.ok(byType.next);
    const second = (await get("ana", `/api/v1/intel/search?type=indicator&limit=1&after=${byType.next}`)).json();
    assert.equal(second.objects.length, 1);
    assert.notEqual(second.objects[0].id, byType.objects[0].id);
    const bobs = (await get("bob", "/api/v1/intel/search?type=indicator&limit=1")).json();
    assert.equal(bobs.next, null, "bob sees one indicator: the AMBER one is not his");
  });

  it("shows an object's versions, provenance and graph", async () => {
    const res = await get("bob", `/api/v1/intel/objects/${IND}`);
    assert.equal(res.statusCode, 200);
    const d = res.json();
    assert.equal(d.versions.length, 2);
    assert.equal(d.provenance.organization, "A");
    assert.equal(JSON.parse(d.raw).modified, "2024-06-01T00:00:00.000Z");
    assert.deepEqual(d.mentionedBy.map((o: { id: string }) => o.id).sort(), [REPORT, SIGHTING].sort());
    assert.deepEqual(d.graph.nodes.map((n: { id: string }) => n.id).sort(), [ACTOR, IND, REPORT, SIGHTING].sort());
    assert.ok(
      d.graph.edges.some((e: { label: string; target: string }) => e.label === "indicates" && e.target === ACTOR),
    );
    const actor = (await get("bob", `/api/v1/intel/objects/${ACTOR}`)).json();
    assert.deepEqual(actor.provenance.externalReferences[0], {
      sourceName: "mitre-attack",
      externalId: "G9999",
      url: "https://attack.example/G9999",
    });
  });

  it("answers bad input and hidden objects precisely", async () => {
    assert.equal((await get(null, "/api/v1/intel/search?q=x")).statusCode, 401);
    const none = await get("bob", "/api/v1/intel/search");
    assert.equal(none.statusCode, 400);
    assert.match(none.json().message, /\?q=/);
    assert.equal((await get("bob", "/api/v1/intel/search?q=x&type=Not%20A%20Type")).statusCode, 400);
    assert.equal((await get("bob", "/api/v1/intel/search?q=x&after=garbage!")).statusCode, 400);
    assert.equal((await get("bob", "/api/v1/intel/search?q=x&limit=0")).statusCode, 400);
    const hidden = await get("bob", `/api/v1/intel/objects/${SECRET}`);
    assert.equal(hidden.statusCode, 404);
    assert.equal((await get("ana", `/api/v1/intel/objects/${SECRET}`)).statusCode, 200);
    assert.equal((await get("bob", "/api/v1/intel/objects/not-an-id")).statusCode, 400);
  });

  it("lists sightings with their indicator and where they were seen, under TLP, filtered by organization", async () => {
    const ana = await get("ana", "/api/v1/sightings");
    assert.equal(ana.statusCode, 200);
    const rows = ana.json().sightings as Array<Record<string, unknown>>;
    assert.deepEqual(rows.map((r) => r.id).sort(), [SIGHTING, SEEN_AT_A].sort());
    const atA = rows.find((r) => r.id === SEEN_AT_A) as Record<string, unknown>;
    assert.equal(atA.count, 719);
    assert.equal(atA.firstSeen, "2024-04-01T10:00:00.000Z");
    assert.deepEqual(atA.sightingOf, {
      id: SECRET,
      type: "indicator",
      title: "Interno",
      pattern: "[ipv4-addr:value = '203.0.113.8']",
    });
    assert.deepEqual(atA.where, [{ identity: organizationIdentityId(orgA), orgId: orgA, name: "A" }]);
    // B may not read the AMBER sighting of A, nor its indicator.
    const bob = (await get("bob", "/api/v1/sightings")).json().sightings as Array<Record<string, unknown>>;
    assert.deepEqual(
      bob.map((r) => r.id),
      [SIGHTING],
    );
    const onlyA = (await get("ana", `/api/v1/sightings?org=${orgA}`)).json().sightings as Array<{ id: string }>;
    assert.deepEqual(
      onlyA.map((r) => r.id),
      [SEEN_AT_A],
    );
    const paged = (await get("ana", "/api/v1/sightings?limit=1")).json();
    assert.equal(paged.sightings.length, 1);
    assert.ok(paged.next);
    assert.equal((await get("ana", "/api/v1/sightings?limit=0")).statusCode, 400);
    assert.equal((await get("ana", "/api/v1/sightings?colour=red")).statusCode, 400);
    assert.equal((await get(null, "/api/v1/sightings")).statusCode, 401);
  });
});
