import assert from "node:assert/strict";
import { it } from "node:test";
import type { Store } from "../contract.js";
import { type MakeStoreFixture, member, SYSTEM, testId, version, withStore, writer } from "../store-fixture.js";
import type { AccessContext, ObjectSearch, ObjectVersionInput } from "./contract.js";

/**
 * The search cases of the shared suite (searchObjects over the term index): what a search
 * finds, TLP inside it, the last version only, keyset pages, and bad input.
 */

const W = writer("org-a", "user-a");
const T = "2024-01-01T00:00:00.000Z";

/** A test object of `type` with the given JSON fields. */
function stix(n: number, type: string, fields: Record<string, unknown>, over: Partial<ObjectVersionInput> = {}) {
  const id = testId(n, type);
  const modified = (over.versionKey as string | undefined) ?? T;
  const raw = JSON.stringify({ type, spec_version: "2.1", id, created: T, modified, ...fields });
  return version(n, { type, id, raw, modified, ...over });
}

async function found(store: Store, ctx: AccessContext, search: ObjectSearch, limit = 100): Promise<string[]> {
  return (await store.searchObjects(ctx, search, { limit })).objects.map((o) => o.id).sort();
}

/** Registers the search cases (called by runObjectCases). */
export function runSearchCases(make: MakeStoreFixture): void {
  it("finds objects by pattern value, URL host, name word, accents and case folded, external id and reference", (t) =>
    withStore(t, make, async (store) => {
      const ip = stix(1, "indicator", { name: "C2", pattern: "[ipv4-addr:value = '203.0.113.7']" });
      const url = stix(2, "indicator", { pattern: "[url:value = 'http://mal.example.com/a.php']" });
      const actor = stix(3, "intrusion-set", { name: "Guacamaya Grupo", aliases: ["Guacamayá"] });
      const technique = stix(4, "attack-pattern", {
        name: "Command and Scripting Interpreter",
        external_references: [{ source_name: "mitre-attack", external_id: "T1059" }],
      });
      const report = stix(5, "report", { name: "Informe", object_refs: [ip.id, actor.id] });
      await store.putObjects(W, [ip, url, actor, technique, report]);

      assert.deepEqual(await found(store, SYSTEM, { text: "203.0.113.7" }), [ip.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "mal.example.com", match: "exact" }), [url.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "GUACAMAYA" }), [actor.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "grupo" }), [actor.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "t1059" }), [technique.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "scripting" }), [technique.id]);
      // Who mentions the indicator: a search for its id.
      assert.deepEqual(await found(store, SYSTEM, { text: ip.id, match: "exact" }), [report.id]);
      // Prefix by default; exact only the whole term.
      assert.deepEqual(await found(store, SYSTEM, { text: "203.0.113" }), [ip.id]);
      assert.deepEqual(await found(store, SYSTEM, { text: "203.0.113", match: "exact" }), []);
      assert.deepEqual(await found(store, SYSTEM, { text: "guaca", types: ["report"] }), []);
      const hit = (await store.searchObjects(SYSTEM, { text: "t1059" }, { limit: 5 })).objects[0];
      assert.equal(hit?.term, "t1059");
      assert.equal(hit?.raw, technique.raw);
    }));

  it("shows a reader only the hits its organization may see", (t) =>
    withStore(t, make, async (store) => {
      const pattern = "[domain-name:value = 'evil.example']";
      await store.putObjects(W, [
        stix(1, "indicator", { pattern }, { tlp: "green" }),
        stix(2, "indicator", { pattern }, { tlp: "amber" }),
        stix(3, "indicator", { pattern }, { tlp: "amber", shareWith: ["org-b"] }),
        stix(4, "indicator", { pattern }, { tlp: "red", redRecipients: ["user-c"] }),
      ]);
      const n = (ids: string[]) => ids.map((id) => Number(id.slice(-12)));
      assert.deepEqual(n(await found(store, SYSTEM, { text: "evil.example" })), [1, 2, 3, 4]);
      assert.deepEqual(n(await found(store, member("org-a", "user-a"), { text: "evil.example" })), [1, 2, 3, 4]);
      assert.deepEqual(n(await found(store, member("org-b", "user-b"), { text: "evil.example" })), [1, 3]);
      assert.deepEqual(n(await found(store, member("org-c", "user-c"), { text: "evil.example" })), [1, 4]);
      assert.deepEqual(n(await found(store, { kind: "anonymous", orgId: null, userId: null }, { text: "evil" })), []);
    }));

  it("matches the last version a reader may see, not an older one", (t) =>
    withStore(t, make, async (store) => {
      const v1 = stix(1, "malware", { name: "Viejo nombre" }, { versionKey: T });
      const v2 = stix(1, "malware", { name: "Nuevo nombre" }, { versionKey: "2024-02-01T00:00:00.000Z" });
      await store.putObjects(W, [v1, v2]);
      assert.deepEqual(await found(store, SYSTEM, { text: "viejo" }), []);
      const hits = (await store.searchObjects(SYSTEM, { text: "nombre" }, { limit: 10 })).objects;
      assert.deepEqual(
        hits.map((h) => h.versionKey),
        ["2024-02-01T00:00:00.000Z"],
      );
    }));

  it("pages with a keyset cursor, every hit once", (t) =>
    withStore(t, make, async (store) => {
      const batch = Array.from({ length: 23 }, (_, i) => stix(i + 1, "indicator", { name: `lote ${i}` }));
      await store.putObjects(W, batch);
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page = await store.searchObjects(SYSTEM, { text: "lote", match: "exact" }, { limit: 5, after });
        seen.push(...page.objects.map((o) => o.id));
        after = page.next;
        pages++;
      } while (after !== null);
      assert.equal(pages, 5);
      assert.deepEqual([...seen].sort(), batch.map((b) => b.id).sort());
      assert.equal(new Set(seen).size, 23);
    }));

  it("refuses an empty text, a forged cursor and a bad page size with precise codes", (t) =>
    withStore(t, make, async (store) => {
      await assert.rejects(store.searchObjects(SYSTEM, { text: "  " }, { limit: 5 }), { code: "STORE_BAD_FILTER" });
      await assert.rejects(store.searchObjects(SYSTEM, { text: "x".repeat(201) }, { limit: 5 }), {
        code: "STORE_BAD_FILTER",
      });
      await assert.rejects(store.searchObjects(SYSTEM, { text: "a" }, { limit: 5, after: "bm90LWEtY3Vyc29y" }), {
        code: "STORE_BAD_CURSOR",
      });
      await assert.rejects(store.searchObjects(SYSTEM, { text: "a" }, { limit: 0 }), { code: "STORE_BAD_PAGE" });
    }));
}
