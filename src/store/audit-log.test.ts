import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../testing/index.js";

/** Every .ts file under a folder. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith(".ts") && !name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("audit log", () => {
  it("is append-only: no code updates or deletes its rows", () => {
    const forbidden = [
      /updateTable\(\s*["']audit_log["']/,
      /deleteFrom\(\s*["']audit_log["']/,
      /update\s+"?audit_log"?/i,
      /delete\s+from\s+"?audit_log"?/i,
      /truncate\s+(table\s+)?"?audit_log"?/i,
    ];
    const offenders: string[] = [];
    for (const file of sources(join(PROJECT_ROOT, "src"))) {
      const text = readFileSync(file, "utf8");
      for (const pattern of forbidden) if (pattern.test(text)) offenders.push(`${file}: ${pattern}`);
    }
    assert.deepEqual(offenders, []);
  });
});
