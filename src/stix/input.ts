import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { pipeline, type Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";

/** An opened input: its decompressed bytes, its size on disk, and how much of it has been read. */
export interface StixInput {
  stream: Readable;
  /** Size of the file on disk (compressed when gzip), or null for standard input. */
  size: number | null;
  /** Bytes of the file read so far (on disk, before decompression), for progress. */
  bytesRead(): number;
}

/** The first chunk of a stream, put back so the stream still starts with it; null when empty. */
function peek(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const done = (value: Buffer | null): void => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", reject);
      resolve(value);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      stream.unshift(chunk);
      done(chunk);
    };
    const onEnd = (): void => done(null);
    stream.on("readable", onReadable);
    stream.once("end", onEnd);
    stream.once("error", reject);
  });
}

/**
 * Opens a file (or "-" for standard input), un-gzipping when the content starts with the gzip
 * magic. The pieces are joined with `pipeline`, so a consumer that stops early (or fails)
 * destroys the chain and the file is closed.
 */
export async function openStixInput(path: string): Promise<StixInput> {
  // Size first: a missing file then fails here, before a stream exists to emit an unhandled error.
  const size = path === "-" ? null : (await stat(path)).size;
  const raw: Readable = path === "-" ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
  const head = await peek(raw);
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      callback(null, chunk);
    },
  });
  const gzip = head !== null && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  // Errors surface on the last stream, where the reader iterates; the callback only keeps
  // pipeline from treating them as unhandled.
  const ignore = (): void => {};
  const stream = gzip ? pipeline(raw, counter, createGunzip(), ignore) : pipeline(raw, counter, ignore);
  return { stream, size, bytesRead: () => read };
}
