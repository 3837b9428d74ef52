import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runStoreCases } from "../store.cases.js";
import { openSqliteStore } from "./sqlite-store.js";

runStoreCases("sqlite", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-store-"));
  return {
    location: { dataDir },
    open: (options) => openSqliteStore({ ...options, dataDir }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});
