import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedData } from "../../testing/index.js";
import { centinela, sqliteTarget, stixIndicator, type Target } from "./cli-target.fixture.js";

/**
 * Warninglists at ingest, end to end with MISP's real lists: `import --warninglists` flags (and
 * stores) the indicators whose values are on a list, `indicator warninglisted` shows them,
 * `scan` suppresses their alerts, and `indicator allow` makes one alert all the same.
 */

const DNS = "indicator--5c1d7e2a-0b3c-4d4e-8f5a-6b7c8d9e0f01";
const GOOGLE = "indicator--5c1d7e2a-0b3c-4d4e-8f5a-6b7c8d9e0f02";
const BAD = "indicator--5c1d7e2a-0b3c-4d4e-8f5a-6b7c8d9e0f03";

const indicator = stixIndicator;

describe("warninglists at import and the per-indicator override", () => {
  let target: Target;
  let dir: string;
  before(async () => {
    target = await sqliteTarget();
    dir = await mkdtemp(join(tmpdir(), "centinela-wl-import-"));
  });
  after(async () => {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("flags, never drops, and detection honours the override", async (t) => {
    const lists = sharedData(t, "misp-warninglists/lists");
    if (!lists) return;
    const bundle = join(dir, "iocs.json");
    await writeFile(
      bundle,
      JSON.stringify({
        type: "bundle",
        id: "bundle--5c1d7e2a-0b3c-4d4e-8f5a-6b7c8d9e0f00",
        objects: [
          indicator(DNS, "[ipv4-addr:value = '8.8.8.8']"),
          indicator(GOOGLE, "[domain-name:value = 'google.com' OR domain-name:value = 'www.google.com']"),
          indicator(BAD, "[domain-name:value = 'c2-exfil.invalid-centinela.mx']"),
        ],
      }),
    );
    // The folder comes from the environment here: what an operator sets once.
    const run = await centinela(target, ["import", bundle, "--json", "-q"], undefined, {
      CENTINELA_WARNINGLISTS: lists,
    });
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      new: number;
      warninglisted: number;
      warninglistedByList: Record<string, number>;
    };
    assert.equal(summary.new, 3, "every indicator is stored");
    assert.equal(summary.warninglisted, 2);
    assert.equal(summary.warninglistedByList["List of known IPv4 public DNS resolvers"], 1);
    assert.equal(summary.warninglistedByList["List of known google domains"], 1);

    const flagged = (await centinela(target, ["indicator", "warninglisted", "--json"])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { indicatorId: string; list: string; value: string; allowed: boolean });
    assert.ok(flagged.some((f) => f.indicatorId === DNS && f.value === "8.8.8.8" && !f.allowed));
    assert.ok(!flagged.some((f) => f.indicatorId === BAD));

    const log = join(dir, "dns.log");
    await writeFile(
      log,
      `${JSON.stringify({ ts: 1677024000.5, _path: "conn", uid: "C1", "id.orig_h": "10.0.0.5", "id.orig_p": 5353, "id.resp_h": "8.8.8.8", "id.resp_p": 53, proto: "udp" })}\n`,
    );
    const scan = async () =>
      JSON.parse(
        (
          await centinela(target, ["scan", log, "--json", "-q", "--no-analytics"], undefined, {
            CENTINELA_WARNINGLISTS: lists,
          })
        ).stdout,
      ) as {
        alerts: number;
        suppressed: number;
      };
    assert.deepEqual([(await scan()).alerts, (await scan()).suppressed], [0, 1]);
    const allow = await centinela(target, [
      "indicator",
      "allow",
      DNS,
      "--reason",
      "our resolver is the target",
      "--by",
      "ana",
    ]);
    assert.equal(allow.code, 0, allow.stderr);
    assert.equal((await scan()).alerts, 1, "an allowed indicator alerts on a warninglisted value");
    assert.equal((await centinela(target, ["indicator", "disallow", DNS])).code, 0);
    assert.equal((await scan()).alerts, 0);
  });

  it("bad input: an unknown id, a non-indicator id, a missing folder", async () => {
    const unknown = await centinela(
      target,
      ["indicator", "allow", "indicator--00000000-0000-4000-8000-000000000000"],
      undefined,
      {
        LANG: "en_US.UTF-8",
      },
    );
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no indicator indicator--0+-0000-4000-8000-0+ in the store/);
    const notOne = await centinela(
      target,
      ["indicator", "allow", "malware--00000000-0000-4000-8000-000000000000"],
      undefined,
      { LANG: "es_MX.UTF-8" },
    );
    assert.equal(notOne.code, 2);
    assert.match(notOne.stderr, /no es un id de indicador/);
    const none = await centinela(target, ["indicator", "disallow", BAD], undefined, { LANG: "en_US.UTF-8" });
    assert.match(none.stderr, /has no override to remove/);
    const missing = await centinela(target, ["import", join(dir, "iocs.json"), "--warninglists", join(dir, "nope")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder/);
  });
});
