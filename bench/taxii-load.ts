/**
 * bench/taxii-load.ts — the load generator of the TAXII bench (bench/taxii.ts): request loops on
 * raw keep-alive sockets (class Connection) against the server children, with latency
 * percentiles and the CPU both sides used over the same window.
 */
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import type { Server } from "./taxii-server.js";

/** What one scenario measured: counts, latency percentiles (ms) and CPU of both sides. */
export interface Load {
  requests: number;
  objects: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU used by the load generator (this process) and by the server, in cores (CPU s per s). */
  generatorCpu: number;
  serverCpu: number | null;
}

/**
 * Runs `concurrency` request loops for `seconds`, each on its own keep-alive connection; each
 * request returns how many objects it moved. CPU of both sides is measured over the same window.
 */
export async function load(
  servers: readonly Server[],
  seconds: number,
  concurrency: number,
  one: (connection: Connection) => Promise<{ status: number; objects: number }>,
): Promise<Load> {
  const latencies: number[] = [];
  let objects = 0;
  let errors = 0;
  const connections = Array.from(
    { length: concurrency },
    (_, i) => new Connection((servers[i % servers.length] as Server).port),
  );
  const serverCpu = () => {
    let total = 0;
    for (const server of servers) {
      const used = cpuSecondsOf(server.pid);
      if (used === null) return null;
      total += used;
    }
    return total;
  };
  const serverBefore = serverCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const r = await one(connection);
        latencies.push(performance.now() - t0);
        if (r.status >= 400) errors++;
        objects += r.objects;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverCpu();
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    requests: latencies.length,
    objects,
    seconds: elapsed,
    p50: q(0.5),
    p99: q(0.99),
    errors,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    serverCpu: serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / elapsed,
  };
}

/** One HTTP/1.1 response as the load generator sees it: status and body bytes. */
interface Answer {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/**
 * A keep-alive HTTP/1.1 connection with one request in flight, written for a cheap load
 * generator: requests are prebuilt bytes, a response is found by its content-length (the server
 * always sends one), and nothing is decoded but the status line and that header. node:http's
 * client cost the generator about as much CPU as the server it measured, on the same two cores.
 */
export class Connection {
  private readonly socket: Socket;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of the response in flight (headers and body), or -1 before its first chunk. */
  private expected = -1;
  private bodyStart = 0;
  private status = 0;
  private waiting: ((answer: Answer) => void) | null = null;
  private failed: ((error: Error) => void) | null = null;

  constructor(port: number) {
    this.socket = connect({ host: "127.0.0.1", port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.receive(chunk));
    this.socket.on("error", (error) => this.failed?.(error));
  }

  send(request: Buffer): Promise<Answer> {
    return new Promise((resolvePromise, reject) => {
      this.waiting = resolvePromise;
      this.failed = reject;
      this.socket.write(request);
    });
  }

  private receive(chunk: Buffer): void {
    if (this.expected < 0) {
      // The status line and headers come in the first chunk (they are a few hundred bytes).
      const end = chunk.indexOf(HEADER_END);
      const length = end < 0 ? null : CONTENT_LENGTH.exec(chunk.toString("latin1", 0, end));
      if (!length) throw new Error("bench: response without content-length in its first chunk");
      this.status = Number(chunk.toString("latin1", 9, 12));
      this.expected = end + 4 + Number(length[1]);
      this.bodyStart = end + 4;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.expected) return;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const answer = { status: this.status, body: data.subarray(this.bodyStart, this.expected) };
    this.chunks = [];
    this.size = 0;
    this.expected = -1;
    const done = this.waiting;
    this.waiting = null;
    done?.(answer);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The bytes of one request: a TAXII GET or POST with a Bearer token. */
export function requestBytes(method: string, path: string, token: string, body?: string): Buffer {
  const head =
    `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/taxii+json;version=2.1\r\n` +
    `authorization: Bearer ${token}\r\n`;
  if (body === undefined) return Buffer.from(`${head}\r\n`, "latin1");
  const payload = Buffer.from(body, "utf8");
  return Buffer.concat([
    Buffer.from(
      `${head}content-type: application/taxii+json;version=2.1\r\ncontent-length: ${payload.length}\r\n\r\n`,
      "latin1",
    ),
    payload,
  ]);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat(5) (utime, stime) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** How many times `key` occurs in `body`: the objects in one answer. */
export function countObjects(body: Buffer, key: Buffer): number {
  let n = 0;
  for (let i = body.indexOf(key); i >= 0; i = body.indexOf(key, i + key.length)) n++;
  return n;
}
