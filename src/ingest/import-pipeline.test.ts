import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { readStixStream } from "../stix/index.js";
import { type PutResult, type Store, StoreError } from "../store/index.js";
import { importItems } from "./import.js";
import { CTX, indicator, SYSTEM, withStore } from "./ingest-fixture.js";

/**
 * What import.ts claims of its writes in flight, with no test until now: at most two writes are
 * handed to the store at once; when several fail, the first batch's failure is the one reported;
 * and importItems settles only after every write it started has ended, so the caller may close
 * the store at once.
 */

const lines = (count: number) =>
  readStixStream(Readable.from([Buffer.from(Array.from({ length: count }, (_, i) => indicator(i + 1)).join("\n"))]), {
    format: "lines",
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The real store, with each putObjects delayed (and failed) as `plan` says for its call number. */
function scripted(store: Store, plan: (call: number) => { delayMs: number; failWith?: Error }) {
  let calls = 0;
  let inFlight = 0;
  const seen = { most: 0, ended: [] as number[] };
  const wrapped: Store = Object.create(store, {
    putObjects: {
      value: async (...args: Parameters<Store["putObjects"]>): Promise<PutResult[]> => {
        const call = calls++;
        inFlight++;
        seen.most = Math.max(seen.most, inFlight);
        try {
          const { delayMs, failWith } = plan(call);
          await sleep(delayMs);
          if (failWith) throw failWith;
          return await store.putObjects(...args);
        } finally {
          inFlight--;
          seen.ended.push(call);
        }
      },
    },
  });
  return { store: wrapped, seen, calls: () => calls };
}

describe("importItems with writes in flight", () => {
  it("hands at most two writes to the store at once, and stores every batch", async () => {
    await withStore(async (store) => {
      const s = scripted(store, () => ({ delayMs: 15 }));
      const summary = await importItems(s.store, lines(10), { ctx: CTX, source: "x", batchSize: 2 });
      assert.equal(summary.new, 10);
      assert.equal(s.calls(), 5);
      assert.equal(s.seen.most, 2);
      assert.equal((await store.stats(SYSTEM)).total, 10);
    });
  });

  it("reports the first batch's failure though a later batch failed sooner, after every write has ended", async () => {
    await withStore(async (store) => {
      const first = new StoreError("STORE_UNAVAILABLE", "batch 0 failed");
      const second = new StoreError("STORE_UNAVAILABLE", "batch 1 failed");
      // Batch 0 fails late, batch 1 fails at once: batch 0's failure is the one to report.
      const s = scripted(store, (call) =>
        call === 0 ? { delayMs: 40, failWith: first } : call === 1 ? { delayMs: 1, failWith: second } : { delayMs: 1 },
      );
      await assert.rejects(
        importItems(s.store, lines(4), { ctx: CTX, source: "x", batchSize: 2 }),
        (error) => error === first,
      );
      assert.deepEqual([...s.seen.ended].sort(), [0, 1], "both writes ended before importItems settled");
    });
  });

  it("waits for a slow later write when an earlier one failed, before it settles", async () => {
    await withStore(async (store) => {
      const failed = new StoreError("STORE_UNAVAILABLE", "batch 0 failed");
      const s = scripted(store, (call) => (call === 0 ? { delayMs: 1, failWith: failed } : { delayMs: 60 }));
      await assert.rejects(
        importItems(s.store, lines(4), { ctx: CTX, source: "x", batchSize: 2 }),
        (error) => error === failed,
      );
      assert.deepEqual([...s.seen.ended].sort(), [0, 1]);
      // The later batch was written whole, and nothing is left running against the store.
      assert.equal((await store.stats(SYSTEM)).total, 2);
    });
  });
});
