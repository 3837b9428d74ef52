import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { centinela, TARGETS } from "./cli-target.fixture.js";

/**
 * `collection rm` and `org rm` as a user meets them: refused while something depends on the
 * collection or organization, with what it is (in es-MX and en), and done once it is gone.
 */

const [, makeSqlite] = TARGETS[0];

describe("collection rm and org rm", () => {
  it("refuse while something depends on them, naming it, and remove once nothing does", async (t) => {
    const target = await makeSqlite();
    t.after(() => target.dispose());
    const run = (args: string[], lang = "en_US.UTF-8") => centinela(target, args, undefined, { LANG: lang });
    assert.equal((await run(["org", "add", "Secretaría de Energía"])).code, 0);
    assert.equal((await run(["collection", "add", "energia"])).code, 0);
    assert.equal((await run(["collection", "grant", "energia", "Secretaria de Energia", "--read"])).code, 0);
    assert.equal(
      (
        await run([
          "feeds",
          "add",
          "taxii",
          "http://127.0.0.1:9/taxii2/main/",
          "--collection",
          "c1",
          "--into",
          "energia",
          "--id",
          "k",
          "--no-check",
        ])
      ).code,
      0,
    );

    const collection = await run(["collection", "rm", "energia"]);
    assert.equal(collection.code, 2);
    assert.match(
      collection.stderr,
      /collection "energia" is not removed while these depend on it: grants \(Secretaría de Energía\) and feeds that add to it \(k\); remove them first/,
    );
    const org = await run(["org", "rm", "secretaria de energia"], "es_MX.UTF-8");
    assert.equal(org.code, 2);
    assert.match(
      org.stderr,
      /la organización "Secretaría de Energía" no se elimina mientras dependan de ella: permisos \(energia\)/,
    );
    assert.match(
      (await run(["collection", "rm", "nada"])).stderr,
      /no collection "nada"; see `centinela collection list`/,
    );

    assert.equal((await run(["collection", "revoke", "energia", "Secretaría de Energía"])).code, 0);
    assert.equal((await run(["feeds", "rm", "k"])).code, 0);
    assert.equal((await run(["collection", "rm", "energia"])).stdout, "collection energia removed\n");
    assert.equal(
      (await run(["org", "rm", "Secretaría de Energía"], "es_MX.UTF-8")).stdout,
      "organización Secretaría de Energía eliminada\n",
    );
    assert.equal((await run(["org", "list"])).stdout, "");
  });
});
