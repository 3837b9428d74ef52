import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { openSource } from "../sources/index.js";
import { readStixStream } from "../stix/index.js";
import { openStore } from "../store/index.js";
import { sharedData } from "../testing/index.js";
import type { Rejection } from "./errors.js";
import { importItems } from "./import.js";

const SYSTEM = { kind: "system" as const, orgId: null, userId: null };

describe("importing MITRE ATT&CK", () => {
  it("accepts every object and stores the same count per type as the source", async (t) => {
    const file = sharedData(t, "mitre-attack/enterprise-attack-18.1.json.gz");
    if (!file) return;
    const source = JSON.parse(gunzipSync(await readFile(file)).toString("utf8")) as {
      objects: Array<{ type: string; id: string }>;
    };
    const expected: Record<string, number> = {};
    const ids = new Set<string>();
    for (const o of source.objects) {
      if (ids.has(o.id)) continue;
      ids.add(o.id);
      expected[o.type] = (expected[o.type] ?? 0) + 1;
    }
    const dir = await mkdtemp(join(tmpdir(), "centinela-attack-"));
    const store = await openStore({ dataDir: dir });
    try {
      const rejections: Rejection[] = [];
      const summary = await importItems(store, readStixStream((await openSource(file)).stream), {
        ctx: { orgId: null, userId: null, source: "test" },
        source: file,
        onReject: (r) => rejections.push(r),
      });
      assert.deepEqual(rejections, []);
      assert.equal(summary.read, source.objects.length);
      assert.equal(summary.new + summary.newVersion, source.objects.length);
      const stats = await store.stats(SYSTEM);
      assert.deepEqual(stats.byType, expected);
      assert.equal(stats.total, ids.size);

      // What comes out is what went in, byte for byte once both are parsed.
      const sample = source.objects.slice(0, 200).map((o) => o.id);
      const page = await store.queryObjects(SYSTEM, { ids: sample }, { limit: 1000 });
      const byId = new Map(source.objects.map((o) => [o.id, o]));
      for (const stored of page.objects) assert.deepEqual(JSON.parse(stored.raw), byId.get(stored.id));
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
