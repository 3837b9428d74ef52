/**
 * bench/detect-nats.ts — the NATS JetStream path of bench/detect.ts (`--nats`): the real Zeek DNS
 * JSON log repeated to --nats-events lines in a file, `ship`ped to JetStream, then matched by 1 and
 * by 2 `centinela worker` processes against a store holding --nats-indicators indicators (the
 * same real and generated values as the in-memory run), and the results kept by the writer.
 * Needs the NATS server (CENTINELA_NATS, default nats://127.0.0.1:4222) with JetStream.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { CLI_ACTOR } from "../src/cli/commands/org.js";
import {
  connectNats,
  ensureScaleOut,
  messagesLeft,
  natsUrl,
  removeScaleOut,
  runWriter,
  scaleOutNames,
  shipFiles,
} from "../src/detect/scale-out/index.js";
import { importItems } from "../src/ingest/index.js";
import { openStore } from "../src/store/index.js";

const BIN = resolve(fileURLToPath(import.meta.url), "..", "..", "bin", "centinela.js");

/** Runs the NATS part: ship, 1 and 2 workers, the writer. */
export async function runNatsBench(
  values: ReadonlyArray<[string, string]>,
  dnsLines: readonly string[],
  options: { indicators: number; events: number; hits: readonly string[] },
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-bench-nats-"));
  const data = join(dir, "data");
  const url = natsUrl();
  const nc = await connectNats(url, "centinela-bench");
  const jsm = await jetstreamManager(nc);
  const store = await openStore({ dataDir: data });
  try {
    const org = await store.directory.createOrganization(CLI_ACTOR, "Bench");
    let started = performance.now();
    // The values that occur in the logs first, so a smaller store still holds them.
    const hits = options.hits.map((v): [string, string] => [
      /^\d+\.\d+\.\d+\.\d+$/.test(v) ? "ipv4-addr" : "domain-name",
      v,
    ]);
    const all = [...hits, ...values.filter(([, v]) => !options.hits.includes(v))];
    const n = Math.min(options.indicators, all.length);
    const summary = await importItems(
      store,
      (async function* () {
        for (let i = 0; i < n; i++) {
          const [type, value] = all[i] as [string, string];
          const o = {
            type: "indicator",
            spec_version: "2.1",
            id: `indicator--${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
            created: "2018-01-01T00:00:00.000Z",
            modified: "2018-01-01T00:00:00.000Z",
            pattern: `[${type}:value = '${value}']`,
            pattern_type: "stix",
            valid_from: "2010-01-01T00:00:00Z",
          };
          yield { kind: "object" as const, raw: JSON.stringify(o), index: i, offset: 0, line: i + 1 };
        }
      })(),
      { ctx: { orgId: null, userId: null, source: "bench" }, source: "bench" },
    );
    console.log(
      `nats: ${summary.new.toLocaleString("en")} indicators imported into the store in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const file = join(dir, "dns.log");
    const parts: string[] = [];
    for (let i = 0; i < options.events; i++) parts.push(dnsLines[i % dnsLines.length] as string);
    await writeFile(file, `${parts.join("\n")}\n`);
    parts.length = 0;
    for (const workers of [1, 2]) {
      const names = scaleOutNames(`bench${process.pid}w${workers}`);
      await ensureScaleOut(jsm, names);
      try {
        started = performance.now();
        const shipCpu = process.cpuUsage();
        const shipped = await shipFiles([file], { js: jetstream(nc), names, org: org.id, maxLineBytes: 512 << 10 });
        const shipS = (performance.now() - started) / 1000;
        const shipCpuS = ((u) => (u.user + u.system) / 1e6)(process.cpuUsage(shipCpu));
        started = performance.now();
        const ready: number[] = [];
        const exits = Array.from({ length: workers }, () => {
          const child = spawn(
            process.execPath,
            [BIN, "worker", "--drain", "--json", "--prefix", names.prefix, "--data", data],
            { env: { ...process.env, CENTINELA_NATS: url, CENTINELA_DB: "", LANG: "en_US.UTF-8" } },
          );
          let out = "";
          let err = "";
          child.stdout.setEncoding("utf8").on("data", (s: string) => {
            out += s;
          });
          child.stderr.setEncoding("utf8").on("data", (s: string) => {
            if (!err.includes("worker ready") && (err + s).includes("worker ready")) ready.push(performance.now());
            err += s;
          });
          return new Promise<{ events: number; seconds: number; cpuSeconds: number }>((resolveExit, reject) =>
            child.on("exit", (code) =>
              code === 0 ? resolveExit(JSON.parse(out)) : reject(new Error(`worker exited ${code}: ${err}`)),
            ),
          );
        });
        // Matching time: from the first worker ready (its index loaded) to the logs stream empty.
        while ((await messagesLeft(jsm, names.logsStream)) > 0) await new Promise((r) => setTimeout(r, 20));
        const emptied = performance.now();
        const done = await Promise.all(exits);
        const matchS = (emptied - (ready[0] ?? started)) / 1000;
        const events = done.reduce((a, d) => a + d.events, 0);
        const cpuS = done.reduce((a, d) => a + d.cpuSeconds, 0);
        const loadS = ((ready[0] ?? started) - started) / 1000;
        started = performance.now();
        const written = await runWriter({ nc, names, store, drain: true });
        const writeS = (performance.now() - started) / 1000;
        console.log(
          `nats, ${workers} worker${workers > 1 ? "s" : ""}: ship ${shipped.lines.toLocaleString("en")} lines in ${shipped.messages} batches ` +
            `${shipS.toFixed(1)} s (${Math.round(shipped.lines / shipS).toLocaleString("en")} lines/s wall, ` +
            `${Math.round(shipped.lines / shipCpuS).toLocaleString("en")} per CPU second)  |  ` +
            `workers start and load ${loadS.toFixed(1)} s, match ${events.toLocaleString("en")} events ${matchS.toFixed(1)} s ` +
            `(${Math.round(events / matchS).toLocaleString("en")} events/s wall, ${Math.round(events / cpuS).toLocaleString("en")} per worker CPU second)  |  writer ${written.results} results, ` +
            `${written.alerts.toLocaleString("en")} alerts (${written.stored.added.toLocaleString("en")} new in the store), ${writeS.toFixed(1)} s`,
        );
      } finally {
        await removeScaleOut(jsm, names);
      }
    }
  } finally {
    await store.close();
    await nc.close();
    await rm(dir, { recursive: true, force: true });
  }
}
