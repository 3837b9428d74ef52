import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../../testing/index.js";
import { centinela, sqliteTarget } from "./cli-target.fixture.js";

const EVENT = join(PROJECT_ROOT, "src", "feeds", "misp", "fixtures", "event-every-type.json");
const EVENT_UUID = "5c3b2e2a-1f4d-4e3b-8a8e-6d3f2b1a0c9e";

interface FeedEvent {
  Event: { Attribute: { type: string; value: string; Tag?: { name: string }[] }[]; Tag: { name: string }[] };
}

describe("centinela export --misp-feed", () => {
  it("writes a feed our import reads back, and --for a user leaves out what that user may not read", async (t) => {
    const target = await sqliteTarget();
    t.after(() => target.dispose());
    assert.equal((await centinela(target, ["import", EVENT, "-q"])).code, 0);
    const all = join(target.location.dataDir!, "..", "feed-all");
    const run = await centinela(target, ["export", "--misp-feed", all]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /MISP feed in .*feed-all: 1 event\(s\), 32 attribute\(s\), 6 object\(s\), 2 galaxy cluster\(s\)/,
    );
    assert.deepEqual((await readdir(all)).sort(), [`${EVENT_UUID}.json`, "hashes.csv", "manifest.json"]);
    const event = JSON.parse(await readFile(join(all, `${EVENT_UUID}.json`), "utf8")) as FeedEvent;
    const ipSrc = event.Event.Attribute.find((a) => a.type === "ip-src")!;
    assert.deepEqual(ipSrc.Tag, [{ name: "tlp:amber+strict", colour: "#ffc000" }]);

    // Another organization's reader: GREEN is for every member, the AMBER+STRICT attribute is not.
    assert.equal((await centinela(target, ["org", "add", "SICT"])).code, 0);
    const added = await centinela(target, ["user", "add", "lucia", "--org", "SICT", "--role", "reader"], undefined, {
      CENTINELA_USER_PASSWORD: "una contraseña larga de prueba",
    });
    assert.equal(added.code, 0, added.stderr);
    const theirs = join(target.location.dataDir!, "..", "feed-lucia");
    assert.equal((await centinela(target, ["export", "--misp-feed", theirs, "--for", "lucia"])).code, 0);
    const seen = JSON.parse(await readFile(join(theirs, `${EVENT_UUID}.json`), "utf8")) as FeedEvent;
    assert.equal(
      seen.Event.Attribute.find((a) => a.type === "ip-src"),
      undefined,
      "AMBER+STRICT of another org",
    );
    assert.ok(
      seen.Event.Attribute.some((a) => a.value === "198.51.100.23"),
      "GREEN reaches every member",
    );

    // The feed goes back in, into a fresh store, with the same report.
    const other = await sqliteTarget();
    t.after(() => other.dispose());
    const back = await centinela(other, ["import", join(all, `${EVENT_UUID}.json`), "-q", "--json"]);
    assert.equal(back.code, 0, back.stderr);
    assert.equal((JSON.parse(back.stdout) as { misp: { indicators: number } }).misp.indicators, 23);

    const typo = await centinela(target, ["export", "--misp-feed", theirs, "--for", "lucai"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /--for lucai: no active user of that name/);
  });
});
