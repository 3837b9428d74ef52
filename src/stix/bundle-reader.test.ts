import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { readStixStream, type StixStreamItem } from "./bundle-reader.js";

async function collect(input: string | Buffer | Buffer[], options = {}): Promise<StixStreamItem[]> {
  const chunks = Array.isArray(input) ? input : [typeof input === "string" ? Buffer.from(input) : input];
  const items: StixStreamItem[] = [];
  for await (const item of readStixStream(Readable.from(chunks), options)) items.push(item);
  return items;
}

/** Splits a text into chunks of `size` bytes, so every boundary case of the scanner is crossed. */
function chunked(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

const A = '{"type":"indicator","id":"indicator--a","note":"brace } and [ in \\" string"}';
const B = '{\n  "type": "malware",\n  "id": "malware--b",\n  "nested": {"list": [1, {"x": "]"}]}\n}';
const BUNDLE = `{"type":"bundle","id":"bundle--1","objects":[${A},\n${B}]}`;

describe("readStixStream", () => {
  it("streams a bundle's objects byte for byte", async () => {
    const items = await collect(BUNDLE);
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? i.raw : i.code)),
      [A, B],
    );
    assert.equal(items[1]?.line, 2);
  });

  it("gives the same result for every chunk size, including one byte", async () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const items = await collect(chunked(BUNDLE, size));
      assert.deepEqual(
        items.map((i) => (i.kind === "object" ? i.raw : i.code)),
        [A, B],
        `chunk size ${size}`,
      );
    }
  });

  it("finds the objects array wherever it sits among the bundle's keys", async () => {
    const text = `{"objects":[${A}],"id":"bundle--1","type":"bundle","extra":[{"not":"an object of the bundle"}]}`;
    const items = await collect(text);
    assert.equal(items.length, 1);
    assert.equal(items[0]?.kind === "object" && items[0].raw, A);
  });

  it("reads a single object, a JSON array and concatenated pretty values", async () => {
    assert.deepEqual(
      (await collect(B)).map((i) => i.kind === "object" && i.raw),
      [B],
    );
    assert.deepEqual(
      (await collect(`[${A}, ${B}]`)).map((i) => i.kind === "object" && i.raw),
      [A, B],
    );
    assert.deepEqual(
      (await collect(`${B}\n${B}\n`)).map((i) => i.kind === "object" && i.raw),
      [B, B],
    );
  });

  it("detects JSON lines and keeps going past a broken line", async () => {
    const text = `${A}\n{"type":"indicator", "id": broken\n${A}\n\n${A}`;
    const items = await collect(text);
    assert.equal(items.length, 4);
    assert.deepEqual(
      items.map((i) => i.kind),
      ["object", "object", "object", "object"],
    );
    assert.equal(items[1]?.line, 2);
    // The broken line comes out as text; JSON.parse rejects it with its own position.
    assert.throws(() => JSON.parse((items[1] as { raw: string }).raw));
    assert.equal(items[3]?.line, 5);
  });

  it("reports a truncated bundle and keeps the objects before the cut", async () => {
    const items = await collect(`{"type":"bundle","id":"bundle--1","objects":[${A},{"type":"indicator","id":"indi`);
    assert.equal(items.length, 2);
    assert.equal(items[0]?.kind, "object");
    assert.equal(items[1]?.kind === "error" && items[1].code, "STIX_STREAM_TRUNCATED");
    assert.match((items[1] as { message: string }).message, /object #2/);
  });

  it("skips an object over the size limit without buffering it, and keeps the next", async () => {
    const big = `{"type":"note","id":"note--x","content":"${"x".repeat(5000)}"}`;
    const items = await collect(chunked(`{"type":"bundle","id":"bundle--1","objects":[${big},${A}]}`, 100), {
      maxObjectBytes: 1000,
    });
    assert.equal(items[0]?.kind === "error" && items[0].code, "STIX_STREAM_TOO_LARGE");
    assert.equal(items[1]?.kind === "object" && items[1].raw, A);
    assert.equal(items[1]?.index, 1);
  });

  it("skips a 2 GB line in bounded memory and reads the line after it", async () => {
    const chunk = Buffer.alloc(1 << 24, 0x61); // 16 MiB of "a"
    const total = 128; // 2 GiB
    async function* source() {
      yield Buffer.from(`${A}\n{"type":"note","content":"`);
      for (let i = 0; i < total; i++) yield chunk;
      yield Buffer.from(`"}\n${A}\n`);
    }
    const before = process.memoryUsage().rss;
    const items: StixStreamItem[] = [];
    for await (const item of readStixStream(source(), { maxObjectBytes: 1 << 20 })) items.push(item);
    const grown = process.memoryUsage().rss - before;
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? "object" : i.code)),
      ["object", "STIX_STREAM_TOO_LARGE", "object"],
    );
    assert.equal(items[1]?.line, 2);
    assert.ok(grown < 256 * 1024 * 1024, `memory grew by ${grown} bytes`);
  });

  it("names members of the objects array that are not objects", async () => {
    const items = await collect(`{"type":"bundle","id":"bundle--1","objects":[42, "text", ${A}, null]}`);
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? "object" : i.code)),
      ["STIX_STREAM_NOT_AN_OBJECT", "STIX_STREAM_NOT_AN_OBJECT", "object", "STIX_STREAM_NOT_AN_OBJECT"],
    );
  });

  it("flags an objects array on something that is not a bundle", async () => {
    const items = await collect(`{"type":"report-ish","objects":[${A}]}`);
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? "object" : i.code)),
      ["object", "STIX_STREAM_NOT_A_BUNDLE"],
    );
  });

  it("reports garbage between values and continues on the next line", async () => {
    const items = await collect(`${B}\nnot json at all\n${B}`);
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? "object" : i.code)),
      ["object", "STIX_STREAM_SYNTAX", "object"],
    );
    assert.equal(items[1]?.line, 6);
  });

  it("handles empty input and a UTF-8 BOM", async () => {
    assert.deepEqual(await collect(""), []);
    const items = await collect(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(B)]));
    assert.equal(items.length, 1);
  });

  it("keeps multi-byte characters split across chunks intact", async () => {
    const obj = '{"type":"identity","id":"identity--1","name":"Secretaría de la Defensa Nacional — 国防"}';
    const items = await collect(chunked(`[${obj}]`, 1));
    assert.equal(items[0]?.kind === "object" && items[0].raw, obj);
  });

  it("skips a top-level object with a 700 MB key in bounded memory and reads the next", async () => {
    const chunk = Buffer.alloc(1 << 23, 0x61); // 8 MiB of "a"
    const total = 84; // more than the longest string V8 can make
    async function* source() {
      yield Buffer.from('{\n"');
      for (let i = 0; i < total; i++) yield chunk;
      yield Buffer.from(`":1\n}\n{"type":"`);
      for (let i = 0; i < total; i++) yield chunk;
      yield Buffer.from(`","objects":[${A}]}\n${B}`);
    }
    const before = process.memoryUsage().rss;
    const items: StixStreamItem[] = [];
    for await (const item of readStixStream(source(), { maxObjectBytes: 1 << 20 })) items.push(item);
    const grown = process.memoryUsage().rss - before;
    assert.deepEqual(
      items.map((i) => (i.kind === "object" ? "object" : i.code)),
      ["STIX_STREAM_TOO_LARGE", "object", "STIX_STREAM_NOT_A_BUNDLE", "object"],
    );
    const notBundle = items[2];
    assert.equal(notBundle?.line, 4);
    assert.match(notBundle?.kind === "error" ? notBundle.message : "", /its type is "a{256}", not "bundle"/);
    assert.ok(grown < 256 * 1024 * 1024, `memory grew by ${grown} bytes`);
  });
});
