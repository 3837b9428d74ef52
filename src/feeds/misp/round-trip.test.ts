import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { StixObject } from "../../stix/index.js";
import { buildMispFeed, eventsOf, type MispEvent, mispEventToStix, writeMispFeed } from "./index.js";
import { tlpOfTag } from "./tags.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "event-every-type.json");

/** A feed source over objects in memory: the last version of each, by type. */
function sourceOf(objects: StixObject[]) {
  return {
    async *objects(types: readonly string[]) {
      for (const o of objects) if (types.includes(o.type)) yield o;
    },
  };
}

/** Every value of an event with its type, to_ids and TLP (the attribute's tag, else the event's). */
function rows(event: MispEvent): string[] {
  const tlp = (tags: { name: string }[] | undefined) => tags?.map((t) => tlpOfTag(t.name)).find((l) => l) ?? null;
  const eventTlp = tlp(event.Tag);
  const out: string[] = [];
  for (const a of event.Attribute ?? []) {
    if (a.deleted === true) continue;
    // MAC addresses are lower-case in STIX (mac-addr), so they come back lower-case.
    const value = a.type === "mac-address" ? a.value.toLowerCase() : a.value;
    out.push(`${a.type}|${value}|${Boolean(a.to_ids) && a.to_ids !== "0"}|${tlp(a.Tag) ?? eventTlp}`);
  }
  for (const o of event.Object ?? []) {
    for (const a of o.Attribute ?? [])
      out.push(`${o.name}.${a.object_relation}|${a.type}|${a.value}|${tlp(a.Tag) ?? eventTlp}`);
  }
  return out.sort();
}

describe("MISP feed export and re-import", () => {
  it("writes what our importer reads back with the same values, types, to_ids and TLP", async (t) => {
    const original = eventsOf(JSON.parse(await readFile(FIXTURE, "utf8")))[0]!;
    const stix = mispEventToStix(original).objects;
    const { events, summary } = await buildMispFeed(sourceOf(stix));
    assert.equal(events.length, 1);
    assert.deepEqual(summary.notExported, {});
    const dir = await mkdtemp(join(tmpdir(), "centinela-feed-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeMispFeed(dir, events);
    assert.deepEqual((await readdir(dir)).sort(), [`${original.uuid}.json`, "hashes.csv", "manifest.json"]);
    const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8"));
    assert.equal(manifest[original.uuid].info, original.info);
    assert.deepEqual(manifest[original.uuid].Tag[0], { name: "tlp:green", colour: "#339900" });
    const hashes = (await readFile(join(dir, "hashes.csv"), "utf8")).trim().split("\n");
    const md5 = (v: string) => createHash("md5").update(v).digest("hex");
    // Each value, and each part of a composite one (filename|sha256), as PyMISP's generator lists them.
    for (const v of [
      "203.0.113.7",
      "factura.pdf.exe",
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ]) {
      assert.ok(hashes.includes(`${md5(v)},${original.uuid}`), v);
    }
    for (const line of hashes) assert.match(line, new RegExp(`^[0-9a-f]{32},${original.uuid}$`));

    const written = eventsOf(JSON.parse(await readFile(join(dir, `${original.uuid}.json`), "utf8")))[0]!;
    assert.deepEqual(rows(written), rows(original));
    assert.equal(written.info, original.info);
    assert.equal(written.date, original.date);
    const clusters = (written.Galaxy ?? [])
      .flatMap((g) => g.GalaxyCluster ?? [])
      .map((c) => c.value)
      .sort();
    assert.deepEqual(clusters, ["Guacamaya", "Spearphishing Attachment - T1566.001"]);
    // And once more around: the same STIX ids' content, the same rows.
    const again = mispEventToStix(written).objects;
    const second = (await buildMispFeed(sourceOf(again))).events[0]!;
    assert.deepEqual(rows(second), rows(original));
  });

  it("puts indicators that no report names into a catch-all event, and keeps each one's TLP", async () => {
    const loose: StixObject[] = [
      {
        type: "indicator",
        spec_version: "2.1",
        id: "indicator--6a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        created: "2025-01-01T00:00:00.000Z",
        modified: "2025-01-02T00:00:00.000Z",
        pattern: "[ipv4-addr:value = '192.0.2.9']",
        pattern_type: "stix",
        valid_from: "2025-01-01T00:00:00.000Z",
        object_marking_refs: ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"],
      },
      {
        type: "indicator",
        spec_version: "2.1",
        id: "indicator--7a3b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        created: "2025-01-01T00:00:00.000Z",
        modified: "2025-01-01T00:00:00.000Z",
        pattern: "[ipv4-addr:value = '192.0.2.10' OR ipv4-addr:value = '192.0.2.11']",
        pattern_type: "stix",
        valid_from: "2025-01-01T00:00:00.000Z",
      },
    ];
    const { events } = await buildMispFeed(sourceOf(loose));
    assert.equal(events.length, 1);
    const [ip, pattern] = events[0]!.Attribute!;
    assert.deepEqual(
      [ip!.type, ip!.value, ip!.Tag],
      ["ip-dst", "192.0.2.9", [{ name: "tlp:amber", colour: "#ffc000" }]],
    );
    assert.deepEqual([pattern!.type, pattern!.value], ["stix2-pattern", loose[1]!.pattern]);
    assert.equal(events[0]!.timestamp, String(Date.parse("2025-01-02T00:00:00Z") / 1000));
    const back = mispEventToStix(events[0]!).objects.filter((o) => o.type === "indicator");
    assert.deepEqual(back.map((o) => o.pattern).sort(), [loose[0]!.pattern, loose[1]!.pattern].sort());
  });
});
