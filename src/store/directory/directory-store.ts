import type { TlpLevel } from "../../stix/index.js";
import type { Backend, Statement, WritePlan } from "../backend.js";
import { accountMethods } from "./accounts.js";
import type { Directory } from "./contract.js";
import { feedMethods } from "./feeds.js";
import { recordMethods } from "./records.js";
import { removalMethods } from "./removals.js";
import type { DirectoryKit } from "./rows.js";
import { settingMethods } from "./settings.js";

/**
 * The Directory over a Backend, the same for SQLite and PostgreSQL. Every change is one write
 * plan that also appends its audit row, so the change and its record commit together.
 */

/** Creates the Directory of a store. `unmarkedAs` is the store's rule for unmarked objects. */
export function createDirectory(backend: Backend, unmarkedAs: TlpLevel): Directory {
  let changes = 0;
  const run = async <T>(plan: () => WritePlan<T>): Promise<T> => {
    try {
      return await backend.runWrite(plan);
    } finally {
      changes++;
    }
  };
  const kit: DirectoryKit = {
    db: backend.db,
    run,
    steps: (list: Statement[]) =>
      run(function* () {
        for (const s of list) yield s;
      }),
    record: (list: Statement[]) =>
      backend.runWrite(function* () {
        for (const s of list) yield s;
      }),
    now: () => new Date().toISOString(),
    unmarkedAs,
  };
  return {
    get changes() {
      return changes;
    },
    ...accountMethods(kit),
    ...recordMethods(kit),
    ...feedMethods(kit),
    ...removalMethods(kit),
    ...settingMethods(kit),
  };
}
