import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { it } from "node:test";
import { PROJECT_ROOT } from "../testing/index.js";

/**
 * About the process, so it runs the real binary: a reader that closes the pipe before the command
 * writes (`centinela export | head`, a pager quit early) stops it quietly with its own exit code,
 * not with Node's unhandled-EPIPE stack trace.
 */
it("stops quietly when the reader of its output goes away", async () => {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "bin", "centinela.js"), "version"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  assert.equal(stderr, "");
  assert.equal(code, 0);
});
