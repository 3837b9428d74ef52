import { readFile } from "node:fs/promises";
import { t } from "../i18n/index.js";
import type { Engine, EventContext } from "./engine.js";
import { DetectError } from "./errors.js";
import { type FieldSpec, KIND_NAMES } from "./fields.js";
import { parseTime } from "./json-scan.js";

/**
 * Generic JSON lines (a proxy, a firewall, an EDR export) read through a field-mapping file:
 *
 *   { "log": "proxy", "time": "timestamp",
 *     "fields": { "client.ip": "ip-src", "dest.host": "domain", "request.url": "url" } }
 *
 * Paths are dotted (a key that itself holds dots is tried whole first); kinds are ip, ip-src,
 * ip-dst, domain, url, email, hash, x509, user-agent, ja3. Each line is parsed with JSON.parse:
 * these logs have no fixed layout to scan.
 */

/** A compiled mapping. */
export interface FieldMapping {
  log: string;
  time: string | null;
  fields: { path: string; spec: FieldSpec }[];
  /** The mapping as normalized JSON (`log`, `time`, `fields`): what `ship` sends with each batch, so a worker reads it alone. */
  json: string;
}

/** Reads and checks a mapping file (`--mapping FILE`); throws DetectError naming the file and the bad entry. */
export async function loadFieldMapping(path: string): Promise<FieldMapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new DetectError(
      "DETECT_BAD_MAPPING",
      t("detect:badMapping", { file: path, reason: (error as Error).message }),
      { cause: error },
    );
  }
  return parseFieldMapping(json, path);
}

/** Checks a mapping given as JSON. */
export function parseFieldMapping(json: unknown, source: string): FieldMapping {
  const o = json as { log?: unknown; time?: unknown; fields?: unknown };
  if (o === null || typeof o !== "object" || typeof o.fields !== "object" || o.fields === null)
    throw new DetectError("DETECT_BAD_MAPPING", t("detect:mapping.shape", { source }));
  const fields: FieldMapping["fields"] = [];
  const named: Record<string, string> = {};
  for (const [path, kind] of Object.entries(o.fields as Record<string, unknown>)) {
    const k = typeof kind === "string" ? KIND_NAMES[kind] : undefined;
    if (k === undefined)
      throw new DetectError(
        "DETECT_BAD_MAPPING",
        t("detect:mapping.badKind", {
          source,
          field: path,
          kind: JSON.stringify(kind),
          known: Object.keys(KIND_NAMES).join(", "),
        }),
      );
    fields.push({ path, spec: { name: path, kind: k.kind, role: k.role, vector: true } });
    named[path] = kind as string;
  }
  const log = typeof o.log === "string" && o.log !== "" ? o.log : "jsonl";
  const time = typeof o.time === "string" ? o.time : null;
  return { log, time, fields, json: JSON.stringify({ log, time, fields: named }) };
}

function at(o: unknown, path: string): unknown {
  if (o === null || typeof o !== "object") return undefined;
  const rec = o as Record<string, unknown>;
  if (path in rec) return rec[path];
  let cur: unknown = o;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Scans JSON lines through a mapping. */
export class MappedJsonScanner implements EventContext {
  private text_ = "";
  private current: unknown = null;
  line = 0;

  constructor(
    private readonly engine: Engine,
    private readonly mapping: FieldMapping,
    readonly file: string,
  ) {}

  /** Scans one block of whole lines. */
  scanBlock(text: string, firstLine: number): void {
    let line = firstLine;
    let s = 0;
    const engine = this.engine;
    while (s < text.length) {
      let e = text.indexOf("\n", s);
      if (e < 0) e = text.length;
      const lineText = text.slice(s, e).trim();
      s = e + 1;
      const n = line++;
      if (lineText === "") continue;
      let json: unknown;
      try {
        json = JSON.parse(lineText);
      } catch (error) {
        engine.bad(this.file, n, `not JSON: ${(error as Error).message}`);
        continue;
      }
      if (json === null || typeof json !== "object" || Array.isArray(json)) {
        engine.bad(this.file, n, "not a JSON object");
        continue;
      }
      this.text_ = lineText;
      this.current = json;
      this.line = n;
      let wrong: string | null = null;
      for (const { path, spec } of this.mapping.fields) {
        const v = at(json, path);
        if (v === undefined || v === null || v === "") continue;
        if (typeof v === "string") engine.value(spec.kind, spec.role, path, v);
        else if (Array.isArray(v)) {
          for (const x of v) if (typeof x === "string" && x !== "") engine.value(spec.kind, spec.role, path, x);
        } else wrong = `field ${path}: ${typeof v} where a string was expected`;
      }
      if (wrong !== null) {
        engine.discardEvent();
        engine.bad(this.file, n, wrong);
      } else engine.endEvent(this);
    }
  }

  /** `jsonl:<log>`. */
  log(): string {
    return `jsonl:${this.mapping.log}`;
  }

  /** The line's text. */
  text(): string {
    return this.text_;
  }

  /** The mapped time field: ISO text or epoch seconds. */
  time(): number {
    if (this.mapping.time === null) return Number.NaN;
    const v = at(this.current, this.mapping.time);
    if (typeof v === "number") return v * 1000;
    return typeof v === "string" ? parseTime(v) : Number.NaN;
  }
}
