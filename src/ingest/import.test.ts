import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { withLocale } from "../i18n/index.js";
import { readStixStream, type StixStreamItem } from "../stix/index.js";
import { type Store, StoreError } from "../store/index.js";
import type { Rejection } from "./errors.js";
import { addSummary, emptySummary, importItems } from "./import.js";
import { CTX, indicator, SYSTEM, withStore } from "./ingest-fixture.js";

function bundle(objects: string[]): string {
  return `{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[${objects.join(",\n")}]}`;
}

async function run(store: Store, text: string, batchSize = 1000) {
  const rejections: Rejection[] = [];
  const summary = await importItems(store, readStixStream(Readable.from([Buffer.from(text)])), {
    ctx: CTX,
    source: "input.json",
    batchSize,
    onReject: (r) => rejections.push(r),
  });
  return { summary, rejections };
}

describe("importItems", () => {
  it("stores a bundle and changes nothing when it is imported again", async () => {
    await withStore(async (store) => {
      const text = bundle([indicator(1), indicator(2), indicator(3)]);
      const first = await run(store, text);
      assert.equal(first.summary.new, 3);
      const second = await run(store, text);
      assert.equal(second.summary.unchanged, 3);
      assert.equal(second.summary.new, 0);
      assert.equal((await store.stats(SYSTEM)).total, 3);
    });
  });

  it("keeps the JSON exactly as received", async () => {
    await withStore(async (store) => {
      const odd = indicator(7).replace("{", '{ "x_custom_first" : "kept" ,  ');
      await run(store, bundle([odd]));
      const page = await store.queryObjects(SYSTEM, {}, { limit: 10 });
      assert.equal(page.objects[0]?.raw, odd);
    });
  });

  it("records a later modified as a new version", async () => {
    await withStore(async (store) => {
      await run(store, bundle([indicator(1)]));
      const { summary } = await run(store, bundle([indicator(1, "2026-02-01T00:00:00.000Z")]));
      assert.equal(summary.newVersion, 1);
      const versions = await store.getVersions(SYSTEM, "indicator--00000000-0000-4000-8000-000000000001");
      assert.equal(versions.length, 2);
    });
  });

  it("keeps every good object of a bundle with 10,000 bad ones among them", async () => {
    await withStore(async (store) => {
      const objects: string[] = [];
      for (let i = 0; i < 20_000; i++) {
        if (i % 2 === 0) objects.push(indicator(i));
        else if (i % 4 === 1)
          objects.push(indicator(i).replace('"indicator--', '"indicator-x-')); // wrong id
        else objects.push(indicator(i).replace('"pattern_type":"stix",', "")); // missing required property
      }
      const { summary, rejections } = await run(store, bundle(objects), 777);
      assert.equal(summary.new, 10_000);
      assert.equal(summary.rejected, 10_000);
      assert.equal((await store.stats(SYSTEM)).total, 10_000);
      const wrongId = rejections.find((r) => r.index === 1);
      assert.ok(wrongId, "object #2 is rejected");
      assert.equal(wrongId.line, 2);
      assert.ok(
        wrongId.reasons.some((reason) => reason.path === "id"),
        JSON.stringify(wrongId.reasons),
      );
      const missing = rejections.find((r) => r.index === 3);
      assert.ok(
        missing?.reasons.some((reason) => reason.path === "pattern_type"),
        JSON.stringify(missing?.reasons),
      );
    });
  });

  it("rejects broken JSON with its line and column, and keeps the rest", async () => {
    await withStore(async (store) => {
      const text = `${indicator(1)}\n{"type": "indicator", "id": oops}\n${indicator(2)}\n`;
      const { summary, rejections } = await run(store, text);
      assert.equal(summary.new, 2);
      assert.equal(rejections.length, 1);
      assert.equal(rejections[0]?.reasons[0]?.code, "INGEST_BAD_JSON");
      assert.match(rejections[0]?.reasons[0]?.message ?? "", /line 2, column 29/);
    });
  });

  it("keeps the objects before the cut of a truncated bundle and completes on a re-run", async () => {
    await withStore(async (store) => {
      const whole = bundle([indicator(1), indicator(2), indicator(3)]);
      const cut = whole.slice(0, whole.indexOf(indicator(3)) + 40);
      const first = await run(store, cut);
      assert.equal(first.summary.new, 2);
      assert.equal(first.rejections[0]?.reasons[0]?.code, "STIX_STREAM_TRUNCATED");
      const second = await run(store, whole);
      assert.equal(second.summary.unchanged, 2);
      assert.equal(second.summary.new, 1);
    });
  });

  it("reports the same version with different content as a conflict and keeps the first", async () => {
    await withStore(async (store) => {
      await run(store, bundle([indicator(1)]));
      const changed = indicator(1).replace("10.0.0.1", "10.9.9.9");
      const { summary, rejections } = await withLocale("es-MX", () =>
        run(store, bundle([changed, changed.replace("10.9.9.9", "10.8.8.8")])),
      );
      assert.equal(summary.rejected, 2);
      assert.ok(rejections.every((r) => r.reasons[0]?.code === "INGEST_CONFLICT"));
      // In the reader's language, naming the id and version.
      const messages = rejections.map((r) => r.reasons[0]?.message ?? "").join("\n");
      assert.match(messages, /^la versión \S+ de indicator--\S+ ya está guardada con otro contenido/m);
      assert.match(messages, /^la versión \S+ de indicator--\S+ aparece dos veces en la entrada/m);
      const english = await withLocale("en", () => run(store, bundle([changed])));
      assert.match(english.rejections[0]?.reasons[0]?.message ?? "", /is already stored with different content/);
      const page = await store.queryObjects(SYSTEM, {}, { limit: 10 });
      assert.match(page.objects[0]?.raw ?? "", /10\.0\.0\.1/);
    });
  });

  it("takes one object written otherwise, or with its modified spelled otherwise, as one version", async () => {
    await withStore(async (store) => {
      const text = indicator(1);
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse()), null, 2);
      const respelled = indicator(1, "2026-01-01T00:00:00Z");
      const other = indicator(1, "2026-01-01T00:00:00.000000Z").replace("10.0.0.1", "10.9.9.9");
      // In one batch, then again in a later one.
      const first = await run(store, bundle([text, reordered, respelled, other]));
      assert.deepEqual([first.summary.new, first.summary.unchanged, first.summary.rejected], [1, 2, 1]);
      assert.equal(first.rejections[0]?.reasons[0]?.code, "INGEST_CONFLICT");
      const again = await run(store, bundle([respelled, reordered]));
      assert.deepEqual([again.summary.new, again.summary.newVersion, again.summary.unchanged], [0, 0, 2]);
      const versions = await store.getVersions(SYSTEM, JSON.parse(text).id);
      assert.deepEqual(
        versions.map((v) => v.raw),
        [text],
      );
    });
  });

  it("completes an SCO's missing id and stores the completed object", async () => {
    await withStore(async (store) => {
      const { summary } = await run(store, '{"type":"domain-name","spec_version":"2.1","value":"example.com"}');
      assert.equal(summary.new, 1);
      const page = await store.queryObjects(SYSTEM, { types: ["domain-name"] }, { limit: 10 });
      const stored = JSON.parse(page.objects[0]?.raw ?? "{}") as { id: string };
      assert.match(stored.id, /^domain-name--[0-9a-f-]{36}$/);
    });
  });
});

/** A reader that hands out the objects one per timer tick, then fails as a broken disk would. */
async function* slowItems(objects: string[], failure: Error | null): AsyncGenerator<StixStreamItem> {
  const text = Buffer.from(objects.join("\n"));
  for await (const item of readStixStream(Readable.from([text]), { format: "lines" })) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    yield item;
  }
  if (failure) throw failure;
}

/** Runs `fn` and returns the promise rejections nobody handled meanwhile. */
async function unhandledDuring(fn: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", listener);
  try {
    await fn();
    // Let any late rejection surface before looking.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return seen;
}

describe("importItems when the input or the store fails", () => {
  it("finishes the write in flight before reporting a failed input", async () => {
    await withStore(async (store) => {
      const broken = new Error("EIO: i/o error, read");
      const objects = [indicator(1), indicator(2), indicator(3), indicator(4)];
      const unhandled = await unhandledDuring(async () => {
        await assert.rejects(
          importItems(store, slowItems(objects, broken), { ctx: CTX, source: "input.jsonl", batchSize: 2 }),
          (error) => error === broken,
        );
        // Both batches were handed to the store before the input failed: both are whole now.
        assert.equal((await store.stats(SYSTEM)).total, 4);
      });
      assert.deepEqual(unhandled, []);
    });
  });

  it("rejects with the store's error, never as an unhandled rejection, when a batch cannot be written", async () => {
    await withStore(async (store) => {
      const full = new StoreError("STORE_UNAVAILABLE", "database or disk is full");
      // The real store, with its writes failing as they do on a full disk.
      const failing: Store = Object.create(store, {
        putObjects: { value: () => new Promise((_resolve, reject) => setTimeout(() => reject(full), 1)) },
      });
      const objects = Array.from({ length: 12 }, (_, i) => indicator(i + 1));
      const unhandled = await unhandledDuring(async () => {
        await assert.rejects(
          importItems(failing, slowItems(objects, null), { ctx: CTX, source: "input.jsonl", batchSize: 2 }),
          (error) => error === full,
        );
      });
      assert.deepEqual(unhandled, []);
      assert.equal((await store.stats(SYSTEM)).total, 0);
    });
  });
});

describe("addSummary", () => {
  it("adds every count and merges the counts by code", () => {
    const total = emptySummary();
    const one = { ...emptySummary(), read: 3, new: 2, rejected: 1, rejectedByCode: { INGEST_BAD_JSON: 1 } };
    const two = {
      ...emptySummary(),
      read: 4,
      newVersion: 1,
      unchanged: 1,
      rejected: 2,
      warned: 1,
      rejectedByCode: { INGEST_BAD_JSON: 1, INGEST_CONFLICT: 1 },
      warningsByCode: { STIX_UNKNOWN_PROPERTY: 1 },
      warninglisted: 2,
      warninglistedByList: { "Google DNS": 1, "Top sites": 1 },
    };
    addSummary(total, one);
    addSummary(total, { ...emptySummary(), warninglisted: 1, warninglistedByList: { "Google DNS": 1 } });
    addSummary(total, two);
    assert.deepEqual(total, {
      read: 7,
      new: 2,
      newVersion: 1,
      unchanged: 1,
      rejected: 3,
      warned: 1,
      rejectedByCode: { INGEST_BAD_JSON: 2, INGEST_CONFLICT: 1 },
      warningsByCode: { STIX_UNKNOWN_PROPERTY: 1 },
      warninglisted: 3,
      warninglistedByList: { "Google DNS": 2, "Top sites": 1 },
    });
  });
});
