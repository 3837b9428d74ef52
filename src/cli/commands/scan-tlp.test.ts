import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { itemsOf, makeIndicator } from "../../detect/detect-fixture.js";
import { importItems } from "../../ingest/index.js";
import { TLP_MARKING_IDS } from "../../stix/index.js";
import { ALL_ORGS, openStore } from "../../store/index.js";
import { centinela, sqliteTarget } from "./cli-target.fixture.js";

/** `scan --org` keeps as the organization's only the alerts on indicators it may read. */

test("scan --org withholds alerts on another organization's AMBER indicator and says how many", async () => {
  const target = await sqliteTarget();
  const dir = await mkdtemp(join(tmpdir(), "centinela-scan-tlp-"));
  try {
    for (const name of ["SCT", "Pemex"]) assert.equal((await centinela(target, ["org", "add", name])).code, 0);
    const data = target.args[target.args.indexOf("--data") + 1] ?? "";
    const store = await openStore({ dataDir: data });
    try {
      const pemex = (await store.directory.findOrganization("Pemex"))?.id ?? "";
      const amber = makeIndicator(1, "[ipv4-addr:value = '66.63.168.35']", {
        object_marking_refs: [TLP_MARKING_IDS.amber],
      });
      const done = await importItems(store, itemsOf([amber]), {
        ctx: { orgId: pemex, userId: null, source: "test" },
        source: "test",
      });
      assert.equal(done.rejected, 0);
    } finally {
      await store.close();
    }
    const log = join(dir, "conn.log");
    const line = {
      _path: "conn",
      ts: 1677024003.1,
      uid: "C1",
      "id.orig_h": "192.168.1.107",
      "id.resp_h": "66.63.168.35",
    };
    await writeFile(log, `${JSON.stringify(line)}\n`);
    const run = await centinela(target, ["scan", log, "--org", "SCT", "--json", "-q"]);
    assert.equal(run.code, 0, run.stderr);
    const s = JSON.parse(run.stdout) as { alerts: number; withheld: number; stored: { added: number } };
    // The operator's own run sees the match; the organization's store does not keep it.
    assert.deepEqual([s.alerts, s.withheld, s.stored.added], [1, 1, 0]);
    const text = await centinela(target, ["scan", log, "--org", "SCT"], undefined, { LANG: "es_MX.UTF-8" });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /retenidas por TLP\s+1 alerta sobre un indicador/);
    const check = await openStore({ dataDir: data });
    try {
      const kept = await check.alerts.list(ALL_ORGS, {}, { limit: 10 });
      assert.equal(kept.alerts.length, 0);
    } finally {
      await check.close();
    }
    const own = await centinela(target, ["scan", log, "--org", "Pemex", "--json", "-q"]);
    const p = JSON.parse(own.stdout) as { withheld: number; stored: { added: number } };
    assert.deepEqual([p.withheld, p.stored.added], [0, 1]);
  } finally {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
