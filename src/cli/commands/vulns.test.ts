import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { PROJECT_ROOT, sharedData } from "../../testing/index.js";
import { type CliRun, runCli } from "../run-in-process.fixture.js";

/** Runs the CLI on the store in `data`; asynchronous, since the test's own HTTP server must answer it. */
function centinela(data: string, args: string[]): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.CENTINELA_DB;
  return runCli([...args, "--data", data], { env, cwd: PROJECT_ROOT });
}

interface Report {
  documents: number;
  records: number;
  new: number;
  updated: number;
  unchanged: number;
  problems: { code: string; line: number; id: string | null; document: string }[];
}

const EPSS =
  "#model_version:v2023.03.01,score_date:2024-10-20T00:00:00+0000\n" +
  "cve,epss,percentile\n" +
  "CVE-2023-4966,0.97,0.999\n" +
  "CVE-2021-44228,0.975,1.0\n" +
  "CVE-2024-0001,1.7,0.5\n";

describe("centinela vulns sync", () => {
  let dir: string;
  let data: string;
  let server: Server;
  let base: string;
  const served = new Map<string, Buffer>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-vulns-"));
    data = join(dir, "data");
    served.set("/epss.csv.gz", gzipSync(EPSS));
    server = createServer((request, response) => {
      const body = served.get(request.url ?? "");
      response.writeHead(body ? 200 : 404).end(body ?? "not here");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("loads the real KEV catalog and NVD records, and a second load changes nothing", async (t) => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!kev || !nvd) return;
    const first = await centinela(data, ["vulns", "sync", "--kev", kev, "--nvd", nvd, "--json"]);
    assert.equal(first.code, 0, first.stderr);
    const r = JSON.parse(first.stdout) as { kev: Report; nvd: Report };
    const catalog = JSON.parse(await readFile(kev, "utf8")) as { count: number };
    assert.equal(r.kev.new, catalog.count);
    assert.equal(r.kev.problems.length, 0);
    assert.equal(r.nvd.documents, 125);
    assert.equal(r.nvd.new, 125);
    const again = JSON.parse(
      (await centinela(data, ["vulns", "sync", "--kev", kev, "--nvd", nvd, "--json"])).stdout,
    ) as { kev: Report; nvd: Report };
    assert.deepEqual([again.kev.new, again.kev.updated, again.kev.unchanged], [0, 0, catalog.count]);
    assert.deepEqual([again.nvd.new, again.nvd.updated, again.nvd.unchanged], [0, 0, 125]);
  });

  it("fetches KEV (CSV) and gzipped EPSS from URLs, reporting each bad row", async (t) => {
    const kevCsv = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.csv");
    if (!kevCsv) return;
    served.set("/kev.csv", await readFile(kevCsv));
    const run = await centinela(data, [
      "vulns",
      "sync",
      "--kev",
      `${base}/kev.csv`,
      "--epss",
      `${base}/epss.csv.gz`,
      "--json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const r = JSON.parse(run.stdout) as { kev: Report; epss: Report };
    // The same catalog as the JSON already stored: nothing new.
    assert.equal(r.kev.new, 0);
    assert.ok(r.kev.unchanged > 1000);
    assert.deepEqual([r.epss.new, r.epss.records], [2, 2]);
    assert.deepEqual(
      r.epss.problems.map((p) => [p.code, p.line, p.id]),
      [["EPSS_BAD_ROW", 5, "CVE-2024-0001"]],
    );
    const status = JSON.parse((await centinela(data, ["vulns", "status", "--json"])).stdout) as Record<string, number>;
    assert.equal(status.epss, 2);
  });

  it("fails with a code on a missing source, an HTTP error or a file of the wrong kind", async () => {
    const missing = await centinela(data, ["vulns", "sync", "--kev", join(dir, "nope.json")]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /SOURCE_UNREADABLE/);
    const http404 = await centinela(data, ["vulns", "sync", "--epss", `${base}/gone.csv`]);
    assert.equal(http404.code, 1);
    assert.match(http404.stderr, /SOURCE_UNREADABLE.*HTTP 404/);
    const notEpss = join(dir, "x.csv");
    await writeFile(notEpss, "a,b,c\n1,2,3\n");
    const wrong = await centinela(data, ["vulns", "sync", "--epss", notEpss]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /EPSS_BAD_HEADER/);
    const damaged = join(dir, "damaged.gz");
    await writeFile(damaged, gzipSync(EPSS).subarray(0, 20));
    assert.match((await centinela(data, ["vulns", "sync", "--epss", damaged])).stderr, /SOURCE_UNREADABLE/);
    assert.equal((await centinela(data, ["vulns", "sync"])).code, 2);
  });
});
