import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../../testing/index.js";

const BIN = join(PROJECT_ROOT, "bin", "centinela.js");
const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");

function centinela(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env, ...env };
  delete base.CENTINELA_DB;
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: base, cwd: PROJECT_ROOT });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Starts `centinela serve --port 0` and resolves with the process and its discovery URL. */
function serve(
  data: string,
  env: Record<string, string>,
  extra: string[] = [],
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const base = { ...process.env, ...env };
  delete base.CENTINELA_DB;
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", data, ...extra], {
    env: base,
    cwd: PROJECT_ROOT,
  });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const m = /server at (http:\/\/\S+)/.exec(err);
      if (m) resolve({ child, url: m[1] as string, stderr: () => err });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

describe("centinela serve, accounts, push and feeds", () => {
  it("runs the server, manages accounts, pushes, and syncs a feed under TLP and grants", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-serve-"));
    const hub = join(dir, "hub");
    const member = join(dir, "member");
    const server = await serve(hub, { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" });
    t.after(async () => {
      server.child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    });
    assert.match(server.stderr(), /created user "admin" with the password from CENTINELA_ADMIN_PASSWORD/);
    assert.equal(server.stderr().includes("admin-pw-123"), false);
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");

    const pushed = centinela(["push", SAMPLE, "--to", root, "--collection", "default", "--user", "admin"], {
      CENTINELA_PUSH_PASSWORD: "admin-pw-123",
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /total=11\tsuccesses=11\tfailures=0\tpending=0/);

    assert.equal(centinela(["org", "add", "Partner", "--data", hub]).code, 0);
    assert.equal(centinela(["user", "add", "mach", "--org", "Partner", "--role", "partner", "--data", hub]).code, 0);
    const token = centinela(["token", "create", "mach", "--data", hub]).stdout.trim();
    assert.match(token, /^cnt_/);
    assert.equal(centinela(["collection", "grant", "default", "Partner", "--read", "--data", hub]).code, 0);
    assert.match(centinela(["collection", "grants", "default", "--data", hub]).stdout, /read\n/);

    const added = centinela(
      ["feeds", "add", "taxii", root, "--collection", "default", "--id", "hub", "--data", member],
      {
        CENTINELA_FEED_TOKEN: token,
      },
    );
    assert.equal(added.code, 0, added.stderr);
    const listed = centinela(["feeds", "list", "--data", member]);
    assert.equal(listed.stdout.includes(token), false);
    assert.match(listed.stdout, /hub\t.*\ttoken\t/);
    const synced = centinela(["feeds", "sync", "--data", member, "--page-size", "4"]);
    assert.equal(synced.code, 0, synced.stderr);
    // The partner sees CLEAR, GREEN, and the AMBER the hub's organization put into a collection it may read.
    assert.match(synced.stdout, /hub\tpages=3\tnew=11\t/);
    assert.match(centinela(["feeds", "sync", "--data", member]).stdout, /new=0\t/);

    const tokenId = /^(tok-\S+)/m.exec(centinela(["token", "list", "mach", "--data", hub]).stdout)?.[1] ?? "";
    assert.equal(centinela(["token", "revoke", tokenId, "--data", hub]).code, 0);
    const refused = centinela(["feeds", "sync", "hub", "--data", member]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /answered 401/);
  });

  it("runs several server processes on one port, and a `next` from one is accepted by the others", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-workers-"));
    const server = await serve(join(dir, "hub"), { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" }, ["--workers", "2"]);
    t.after(async () => {
      server.child.kill("SIGTERM");
      await rm(dir, { recursive: true, force: true });
    });
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
    const pushed = centinela(["push", SAMPLE, "--to", root, "--collection", "default", "--user", "admin"], {
      CENTINELA_PUSH_PASSWORD: "admin-pw-123",
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    const headers = {
      accept: "application/taxii+json;version=2.1",
      authorization: `Basic ${Buffer.from("admin:admin-pw-123").toString("base64")}`,
    };
    // Pages of 2 over 11 objects: six requests, handed round-robin to the two processes.
    const seen: string[] = [];
    let next: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = `limit=2${next ? `&next=${encodeURIComponent(next)}` : ""}`;
      const response = await fetch(`${root}collections/default/objects/?${query}`, { headers });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { more?: boolean; next?: string; objects?: Array<{ id: string }> };
      for (const object of body.objects ?? []) seen.push(object.id);
      if (!body.more) break;
      next = body.next;
    }
    assert.equal(seen.length, 11);
    assert.equal(new Set(seen).size, 11);
    assert.equal(centinela(["serve", "--workers", "zero"]).code, 2);
  });
});
