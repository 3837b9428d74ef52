import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import {
  checkPattern,
  compilePattern,
  matchPattern,
  PatternError,
  type PatternIssue,
  prepareObservations,
} from "../../pattern/index.js";
import { describeForeign, foreignKindOf, HEAD_BYTES } from "../file-kind.js";

/**
 * `centinela pattern check|match`: validate STIX patterns and run them against observed-data.
 * Exit codes: 0 valid / matched, 1 no match, 2 invalid pattern or input.
 */

const formatIssue = (i: PatternIssue) => `${t(`pattern:severity.${i.severity}`)} ${i.code}: ${i.message}`;

/**
 * Reads observed-data (and SCOs) from a bundle, a JSON array, one object, or JSON lines; gzip is
 * opened. A file that is something else (a Zeek log, a list, a scan) or holds no observed-data is
 * an error saying what was expected and what was found, never a silent {"matched":false}.
 */
function readObjects(path: string): unknown[] {
  const raw = readFileSync(path === "-" ? 0 : path);
  const text = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString("utf8");
  const head = text.slice(0, HEAD_BYTES);
  const kind = foreignKindOf(head);
  if (kind !== null) throw new Error(t("cli:pattern.foreign", { found: describeForeign(path, kind, head) }));
  const objects = parseObjects(path, text);
  if (!objects.some((o) => typeOf(o) === "observed-data")) {
    const types = [...new Set(objects.map(typeOf))].slice(0, 5).join(", ");
    throw new Error(t("cli:pattern.noObservedData", { file: path, count: objects.length, types }));
  }
  return objects;
}

const typeOf = (o: unknown): string =>
  typeof o === "object" && o !== null && typeof (o as { type?: unknown }).type === "string"
    ? (o as { type: string }).type
    : t("cli:pattern.untyped");

function parseObjects(path: string, text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
    if (typeof value === "object" && value !== null && Array.isArray((value as { objects?: unknown }).objects)) {
      const v = value as { type?: unknown; objects: unknown[] };
      if (v.type === "bundle") return v.objects;
    }
    return [value];
  } catch {
    const objects: unknown[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? "";
      if (line.trim() === "") continue;
      try {
        objects.push(JSON.parse(line));
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        throw new Error(t("cli:pattern.notJson", { file: path, line: i + 1, why }));
      }
    }
    return objects;
  }
}

function errorLine(error: unknown, inputLine: number): string {
  if (error instanceof PatternError) {
    const { code, message, line, column } = error.issue;
    return JSON.stringify({ error: { code, message, line, column } });
  }
  // Not a pattern error: the input line itself is bad; line/column 0 say "not in the pattern".
  const why = error instanceof Error ? error.message : String(error);
  const message = why.startsWith("line ") ? why : `line ${inputLine}: ${why}`;
  return JSON.stringify({ error: { code: "PATTERN_BAD_INPUT", message, line: 0, column: 0 } });
}

/** Runs the JSON-lines batch: one {"matched"} or {"error"} line out per line in. */
async function runCases(path: string, out: NodeJS.WritableStream): Promise<void> {
  const input = path === "-" ? process.stdin : createReadStream(path, "utf8");
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (raw.trim() === "") continue;
    let line: string;
    try {
      const item = JSON.parse(raw) as { pattern?: unknown; observed_data?: unknown };
      if (typeof item.pattern !== "string") throw new Error(`line ${n}: "pattern" must be a string`);
      if (!Array.isArray(item.observed_data)) throw new Error(`line ${n}: "observed_data" must be an array`);
      const result = matchPattern(compilePattern(item.pattern), prepareObservations(item.observed_data));
      line = JSON.stringify({ matched: result.matched });
    } catch (error) {
      line = errorLine(error, n);
    }
    out.write(`${line}\n`);
  }
}

/** Adds `pattern check` and `pattern match` to the program. */
export function registerPatternCommand(program: import("commander").Command): void {
  const pattern: Command = program.command("pattern").description(t("help:pattern._"));

  pattern
    .command("check")
    .description(t("help:pattern.check._"))
    .argument("<pattern>", t("help:pattern.check.pattern"))
    .action((text: string) => {
      const result = checkPattern(text);
      for (const i of [...result.errors, ...result.warnings]) process.stdout.write(`${formatIssue(i)}\n`);
      process.stdout.write(
        `${result.valid ? t("pattern:check.valid", { count: result.warnings.length }) : t("pattern:check.invalid")}\n`,
      );
      process.exitCode = result.valid ? 0 : 2;
    });

  pattern
    .command("match")
    .description(t("help:pattern.match._"))
    .argument("[pattern]", t("help:pattern.match.pattern"))
    .argument("[file]", t("help:pattern.match.file"))
    .option("--cases <file>", t("help:pattern.match.cases"))
    .action(async (text: string | undefined, file: string | undefined, options: { cases?: string }) => {
      if (options.cases !== undefined) {
        await runCases(options.cases, process.stdout);
        process.exitCode = 0;
        return;
      }
      if (text === undefined || file === undefined) {
        process.stderr.write(`centinela: ${t("pattern:check.matchNeeds")}\n`);
        process.exitCode = 2;
        return;
      }
      try {
        const result = matchPattern(compilePattern(text), readObjects(file));
        process.stdout.write(`${JSON.stringify(result)}\n`);
        process.exitCode = result.matched ? 0 : 1;
      } catch (error) {
        if (error instanceof PatternError) process.stderr.write(`centinela: ${formatIssue(error.issue)}\n`);
        else process.stderr.write(`centinela: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
      }
    });
}
