import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT, sharedData } from "../../testing/index.js";
import { centinela, sqliteTarget } from "./cli-target.fixture.js";

const EVENT = join(PROJECT_ROOT, "src", "feeds", "misp", "fixtures", "event-every-type.json");

interface Summary {
  new: number;
  unchanged: number;
  rejected: number;
  misp?: { events: number; indicators: number; unknownTypes: Record<string, number> };
}

describe("centinela import of MISP content", () => {
  it("recognizes a MISP event file, accounts for its attributes, and changes nothing the second time", async (t) => {
    const target = await sqliteTarget();
    t.after(() => target.dispose());
    const first = await centinela(target, ["import", EVENT, "-q", "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const s = JSON.parse(first.stdout) as Summary;
    assert.equal(s.rejected, 0);
    assert.ok(s.new > 40, `new ${s.new}`);
    assert.equal(s.misp?.events, 1);
    assert.equal(s.misp?.indicators, 23);
    assert.deepEqual(s.misp?.unknownTypes, { "weird-new-type": 1 });
    const again = JSON.parse((await centinela(target, ["import", EVENT, "-q", "--json"])).stdout) as Summary;
    assert.deepEqual([again.new, again.rejected, again.unchanged], [0, 0, s.new]);
    const human = await centinela(target, ["import", EVENT, "-q"]);
    assert.match(human.stdout, /^MISP: 1 event\(s\), 53 attribute\(s\): 23 indicator\(s\)/m);
    assert.match(human.stdout, /unknown attribute types: weird-new-type 1/);
    assert.match(human.stdout, /"999\.1\.2\.3" is not an IPv4 or IPv6 address/);
    const report = JSON.parse((await centinela(target, ["export", "--type", "report", "--jsonl"])).stdout);
    assert.equal(report.name, "Guacamaya: filtración de correos de la SEDENA");
  });

  it("reads standard input with --misp, and refuses with --misp what is not a MISP event", async (t) => {
    const target = await sqliteTarget();
    t.after(() => target.dispose());
    const event = JSON.stringify({
      Event: {
        uuid: "3f1e2d3c-4b5a-4968-8776-655443322110",
        info: "stdin",
        timestamp: "1733200000",
        Attribute: [
          { type: "domain", value: "stdin.example", to_ids: "1", uuid: "3f1e2d3c-4b5a-4968-8776-655443322111" },
        ],
      },
    });
    const run = await centinela(target, ["import", "-", "--misp", "-q", "--json"], event);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as Summary).misp?.indicators, 1);
    const scratch = await mkdtemp(join(tmpdir(), "centinela-misp-"));
    t.after(() => rm(scratch, { recursive: true, force: true }));
    const notJson = join(scratch, "event.json");
    await writeFile(notJson, "{ this is not json");
    const bad = await centinela(target, ["import", notJson, "--misp", "-q"]);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /event\.json is not a MISP event export: not JSON/);
    assert.doesNotMatch(bad.stderr, /at .*\.ts:/);
  });

  it("imports the misp-galaxy threat-actor clusters, Guacamaya among them", async (t) => {
    const file = sharedData(t, "misp-galaxy/clusters/threat-actor.json");
    if (!file) return;
    const target = await sqliteTarget();
    t.after(() => target.dispose());
    const run = await centinela(target, ["import", file, "-q", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as Summary).rejected, 0);
    const stats = JSON.parse((await centinela(target, ["stats", "--json"])).stdout) as {
      byType: Record<string, number>;
    };
    assert.equal(stats.byType["threat-actor"], 1041);
    const actors = (await centinela(target, ["export", "--type", "threat-actor", "--jsonl"])).stdout.trim().split("\n");
    const guacamaya = actors.map((l) => JSON.parse(l)).find((a) => a.name === "Guacamaya");
    assert.match(guacamaya.description, /Latin America/);
  });
});
