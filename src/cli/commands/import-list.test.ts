import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { listIndicatorId } from "../../feeds/list/index.js";
import { openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { SYSTEM_READER } from "../context.js";
import { centinela, sqliteTarget, type Target } from "./cli-target.fixture.js";

/** `import --list` end to end: the real binary, a real store, lists as snapshots. */

describe("centinela import --list", () => {
  let target: Target;
  let dir: string;
  before(async () => {
    target = await sqliteTarget();
    dir = await mkdtemp(join(tmpdir(), "centinela-lists-"));
  });
  after(async () => {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function lastVersion(id: string): Promise<Record<string, unknown> | null> {
    const store = await openStore(target.location);
    try {
      const page = await store.queryObjects(SYSTEM_READER, { ids: [id], versions: ["last"] }, { limit: 2 });
      return page.objects[0] ? (JSON.parse(page.objects[0].raw) as Record<string, unknown>) : null;
    } finally {
      await store.close();
    }
  }

  it("a list is a snapshot: again unchanged, later a value gone is expired and a new one added", async () => {
    const v1 = join(dir, "blocklist.txt");
    await writeFile(v1, "# my list\n203.0.113.7\nevil.example.com\nhxxp://evil.example.com/login\nnot-a-value!\n");
    const first = await centinela(target, ["import", "--list", "text", v1, "--listed-at", "2026-11-01"]);
    assert.equal(first.code, 1, first.stderr); // one line rejected
    assert.match(first.stderr, /blocklist\.txt:5: "not-a-value!": not an IP address/);
    assert.match(first.stdout, /list blocklist as of 2026-11-01T00:00:00.000Z/);
    assert.match(first.stdout, /new indicators\s+3/);

    const again = await centinela(target, ["import", "--list", "text", v1, "--listed-at", "2026-11-02", "-q"]);
    assert.match(again.stdout, /new indicators\s+0[\s\S]*still valid\s+3/);

    const v2 = join(dir, "blocklist-v2.txt");
    await writeFile(v2, "evil.example.com\n198.51.100.20\n");
    const later = await centinela(target, [
      "import",
      "--list",
      "text",
      "--list-name",
      "blocklist",
      v2,
      "--listed-at",
      "2026-12-20",
      "-q",
    ]);
    assert.equal(later.code, 0, later.stderr);
    assert.match(later.stdout, /new indicators\s+1[\s\S]*validity extended\s+1[\s\S]*expired \(left list\)\s+1/);

    // The URL (60 days) left the list while valid: expired at the list's date, same object.
    const gone = await lastVersion(listIndicatorId("blocklist", "url", "http://evil.example.com/login"));
    assert.equal(gone?.valid_until, "2026-12-20T00:00:00.000Z");
    assert.equal(gone?.created, "2026-11-01T00:00:00.000Z");
    // The address (30 days) had run out by itself on 2026-12-01: left as it was.
    const ran = await lastVersion(listIndicatorId("blocklist", "ipv4", "203.0.113.7"));
    assert.equal(ran?.valid_until, "2026-12-01T00:00:00.000Z");
    const kept = await lastVersion(listIndicatorId("blocklist", "domain", "evil.example.com"));
    // Less than half of its 90 days left on 2026-12-20: extended to 90 days after that.
    assert.equal(kept?.valid_until, "2027-03-20T00:00:00.000Z");
    assert.equal(kept?.valid_from, "2026-11-01T00:00:00.000Z");
    assert.equal(kept?.pattern, "[domain-name:value = 'evil.example.com']");
    assert.deepEqual(kept?.object_marking_refs, ["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"]);
    const ref = (kept?.external_references as Array<{ source_name: string; description: string }> | undefined)?.[0];
    assert.equal(ref?.source_name, "blocklist");
    assert.match(ref?.description ?? "", /blocklist-v2\.txt, line 1/);
  });

  it("mistakes get a sentence saying what to write, in Spanish by default", async () => {
    const file = join(dir, "l.txt");
    await writeFile(file, "203.0.113.9\n");
    const cases: Array<[string[], RegExp]> = [
      [["--list", "txt", file], /--list txt: indique el tipo de lista: text .*ipsum/],
      [["--list", "text", "--tlp", "purple", file], /--tlp purple: no es un nivel TLP; use uno de clear, green/],
      [["--list", "text", "--listed-at", "ayer", file], /--listed-at ayer: no es una fecha/],
      [["--tlp", "green", file], /--tlp solo aplica a listas de indicadores: agregue --list text/],
      [["--list", "text", join(dir, "nope.txt")], /nope\.txt: no existe el archivo/],
      [["--list", "csv", "--mapping", "maltrail", file], /--list csv con --mapping maltrail|la lista no se importó/],
      [["--list", "text", "--mapping", join(dir, "missing.json"), file], /no built-in mapping/],
    ];
    for (const [args, expected] of cases) {
      const run = await centinela(target, ["import", ...args], undefined, { LANG: "es_MX.UTF-8" });
      assert.notEqual(run.code, 0, args.join(" "));
      assert.match(run.stderr, expected, args.join(" "));
    }
  });

  it("a plain list handed to import without --list names the command that reads it", async () => {
    const file = join(dir, "ips.txt");
    await writeFile(file, "203.0.113.9\n198.51.100.1\n");
    const run = await centinela(target, ["import", file]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /plain list of IP addresses.*centinela import --list text/);
  });

  it("the real ThreatFox list imports whole, then again with nothing written", async (t) => {
    const file = sharedData(t, "abusech-threatfox/threatfox-ioc-ips.txt");
    if (!file) return;
    const run = await centinela(target, ["import", "--list", "threatfox", file, "--json", "-q"]);
    assert.equal(run.code, 0, run.stderr);
    const [summary] = JSON.parse(run.stdout) as Array<{
      added: number;
      linesRejected: number;
      ingest: { rejected: number };
    }>;
    assert.equal(summary?.added, 19_863);
    assert.equal(summary?.linesRejected, 0);
    assert.equal(summary?.ingest.rejected, 0);
    const again = await centinela(target, ["import", "--list", "threatfox", file, "--json", "-q"]);
    const [second] = JSON.parse(again.stdout) as Array<{ added: number; current: number; expired: number }>;
    assert.deepEqual([second?.added, second?.current, second?.expired], [0, 19_863, 0]);
  });
});
