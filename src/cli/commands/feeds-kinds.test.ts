import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { serveFolder } from "../../feeds/folder-server.fixture.js";
import { openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { centinela, TARGETS } from "./cli-target.fixture.js";

/**
 * `feeds add|list|sync|rm` for the kinds beside TAXII, as a user runs them, on the real KEV
 * catalog served over HTTP and the NVD records folder of ../shared/data: the check at add time,
 * `--no-check`, a failing feed that does not stop the others, removal, and the messages in es-MX.
 */

for (const [name, make] of TARGETS) {
  describe(`feeds of every kind through the CLI (${name})`, () => {
    it("adds, checks, syncs, lists and removes KEV and NVD feeds; a failing one does not stop the others", async (t) => {
      const kevDir = sharedData(t, "cisa-kev");
      const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
      if (!kevDir || !nvd) return;
      const target = await make(t);
      if (!target) return;
      const server = await serveFolder(kevDir);
      t.after(async () => {
        await server.close();
        await target.dispose();
      });
      const run = (args: string[], env: Record<string, string> = {}) => centinela(target, args, undefined, env);
      const kevUrl = `${server.url}known_exploited_vulnerabilities.json`;

      assert.equal((await run(["feeds", "add", "kev", kevUrl, "--id", "kev", "--every", "12h"])).stdout, "kev\n");
      assert.equal((await run(["feeds", "add", "nvd", nvd, "--id", "nvd"])).code, 0);
      // A remote without the file: refused at add time, added with --no-check (and then it fails at sync).
      const gone = `${server.url}gone.json`;
      const refused = await run(["feeds", "add", "kev", gone, "--id", "gone"]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /gone\.json could not be checked: .*HTTP 404.*add --no-check/);
      assert.equal((await run(["feeds", "add", "kev", gone, "--id", "gone", "--no-check"])).code, 0);
      const unknown = await run(["feeds", "add", "stix", kevUrl]);
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /unknown feed kind "stix"; the kinds are taxii, kev, nvd, epss, misp, list/);

      const synced = await run(["feeds", "sync"]);
      assert.equal(synced.code, 1, "one feed failed");
      assert.match(synced.stderr, /feed gone: .*gone\.json: HTTP 404/);
      assert.match(synced.stdout, /^kev\tpages=1\tnew=1404\tchanged=0\tunchanged=0\trejected=0$/m);
      assert.match(synced.stdout, /^nvd\tpages=125\tnew=125\t/m);

      const listed = (await run(["feeds", "list"])).stdout;
      assert.match(
        listed,
        /^kev\tkev\thttp:\/\/127\.0\.0\.1:\d+\/known_exploited_vulnerabilities\.json\tauth=none\tevery=12h\t/m,
      );
      assert.match(listed, /^nvd\tnvd\t.*nvd-api-2\.0\tauth=none\tevery=6h\t/m);
      assert.match(listed, /^gone\t.*\terror=.*HTTP 404/m);

      const removed = await run(["feeds", "rm", "gone"], { LANG: "es_MX.UTF-8" });
      assert.equal(removed.stdout, "fuente gone eliminada; lo que trajo se queda en el almacén\n");
      const again = await run(["feeds", "rm", "gone"], { LANG: "es_MX.UTF-8" });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /no hay una fuente "gone"; vea `centinela feeds list`/);
      const second = await run(["feeds", "sync"], { LANG: "es_MX.UTF-8" });
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /^kev\tpáginas=1\tnuevos=0\tcambiados=0\tsin_cambio=1404\trechazados=0$/m);

      const store = await openStore(target.location);
      try {
        assert.deepEqual(
          (await store.directory.listFeeds()).map((f) => f.id),
          ["kev", "nvd"],
        );
        assert.equal((await store.inventory.countVulnRecords()).kev, 1404);
      } finally {
        await store.close();
      }
    });
  });
}
