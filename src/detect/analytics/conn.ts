import { openSource } from "../../sources/index.js";
import { readLineBlocks } from "../lines.js";

/**
 * Connection records for the analytics, read from Zeek conn logs (JSON or TSV) and Suricata
 * EVE `flow` events. Only the fields the analytics need are kept; a line that is not a
 * connection (another EVE event, a comment) is passed over, a broken one counted as unreadable.
 */

/** One connection: times in seconds since the epoch, bytes as the sensor counted them. */
export interface ConnRecord {
  ts: number;
  src: string;
  dst: string;
  dstPort: number;
  /** Seconds, or 0 when the log has none. */
  duration: number;
  bytesOut: number;
  bytesIn: number;
  file: string;
  line: number;
}

/** What reading one file gave. */
export interface ConnFileResult {
  /** "zeek-json", "zeek-tsv", "eve", or null when the file holds no connections. */
  format: "zeek-json" | "zeek-tsv" | "eve" | null;
  connections: number;
  unreadable: number;
}

const num = (v: unknown): number => {
  if (typeof v === "number") return Number.isFinite(v) ? v : 0;
  if (typeof v === "string" && v !== "" && v !== "-") {
    const n = Number(v);
    return Number.isFinite(n) ? n : 0;
  }
  return 0;
};

/** Zeek's ts: epoch seconds (a number or TSV text) or ISO 8601 (JSON streaming logs). */
function seconds(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return Number.NaN;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  return Date.parse(v) / 1000;
}

function fromZeekJson(o: Record<string, unknown>, file: string, line: number): ConnRecord | null {
  const ts = seconds(o.ts);
  const src = o["id.orig_h"];
  const dst = o["id.resp_h"];
  if (!Number.isFinite(ts) || typeof src !== "string" || typeof dst !== "string") return null;
  return {
    ts,
    src,
    dst,
    dstPort: num(o["id.resp_p"]),
    duration: num(o.duration),
    bytesOut: num(o.orig_bytes),
    bytesIn: num(o.resp_bytes),
    file,
    line,
  };
}

function fromEveFlow(o: Record<string, unknown>, file: string, line: number): ConnRecord | null {
  const flow = o.flow as Record<string, unknown> | undefined;
  const src = o.src_ip;
  const dst = o.dest_ip;
  if (typeof flow !== "object" || flow === null || typeof src !== "string" || typeof dst !== "string") return null;
  const start = Date.parse(String(flow.start ?? o.timestamp)) / 1000;
  const end = Date.parse(String(flow.end ?? "")) / 1000;
  if (!Number.isFinite(start)) return null;
  return {
    ts: start,
    src,
    dst,
    dstPort: num(o.dest_port),
    duration: Number.isFinite(end) && end >= start ? end - start : num(flow.age),
    bytesOut: num(flow.bytes_toserver),
    bytesIn: num(flow.bytes_toclient),
    file,
    line,
  };
}

/** Column positions of a Zeek TSV conn log, from its #fields line. */
interface TsvColumns {
  ts: number;
  src: number;
  dst: number;
  port: number;
  duration: number;
  out: number;
  in: number;
}

function tsvColumns(fieldsLine: string): TsvColumns | null {
  const names = fieldsLine.replace(/\r$/, "").split("\t").slice(1);
  const at = (n: string) => names.indexOf(n);
  const c = {
    ts: at("ts"),
    src: at("id.orig_h"),
    dst: at("id.resp_h"),
    port: at("id.resp_p"),
    duration: at("duration"),
    out: at("orig_bytes"),
    in: at("resp_bytes"),
  };
  return c.ts < 0 || c.src < 0 || c.dst < 0 ? null : c;
}

/** True when a file's name says it is a Zeek conn log (conn.log, conn.json.gz, conn.log.labeled, conn.00:00:00-01:00:00.log). */
export function isConnName(file: string): boolean {
  const name = file.slice(file.lastIndexOf("/") + 1);
  return name.startsWith("conn.") || name === "conn";
}

/**
 * Reads the connections of one file into `onConn`. A Zeek log is read when it is a conn log
 * (`#path conn`, `"_path":"conn"` or a conn file name); an EVE file gives its `flow` events.
 * Any other file is closed after its first block.
 */
export async function readConnections(
  path: string,
  onConn: (c: ConnRecord) => void,
  /** The name records carry and the log is known by, when not the path (standard input spooled to a file: "-"). */
  file = path,
): Promise<ConnFileResult> {
  const input = await openSource(path);
  const result: ConnFileResult = { format: null, connections: 0, unreadable: 0 };
  let decided = false;
  let columns: TsvColumns | null = null;
  for await (const block of readLineBlocks(input.stream)) {
    const text = block.text;
    let lineNo = block.firstLine;
    let start = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; start = nl + 1, nl = text.indexOf("\n", start), lineNo++) {
      // Zeek TSV headers are sometimes indented; data lines never start with blanks.
      const line = text
        .slice(start, nl)
        .replace(/^\uFEFF/, "")
        .replace(/^[ \t]+#/, "#");
      if (line.trim() === "") continue;
      if (!decided) {
        decided = true;
        if (line.startsWith("#")) result.format = "zeek-tsv";
        else if (line.startsWith("{"))
          result.format = line.includes('"event_type":')
            ? "eve"
            : isConnName(file) || line.includes('"_path":"conn"')
              ? "zeek-json"
              : null;
        if (result.format === null) break;
      }
      if (result.format === "zeek-tsv") {
        if (line.startsWith("#")) {
          if (line.startsWith("#path\t") && line.slice(6).trim() !== "conn") {
            result.format = null;
            break;
          }
          if (line.startsWith("#fields\t")) columns = tsvColumns(line);
          continue;
        }
        if (columns === null) {
          result.unreadable++;
          continue;
        }
        const f = line.split("\t");
        const ts = Number(f[columns.ts]);
        const src = f[columns.src];
        const dst = f[columns.dst];
        if (!Number.isFinite(ts) || src === undefined || dst === undefined) {
          result.unreadable++;
          continue;
        }
        result.connections++;
        onConn({
          ts,
          src,
          dst,
          dstPort: columns.port < 0 ? 0 : num(f[columns.port]),
          duration: columns.duration < 0 ? 0 : num(f[columns.duration]),
          bytesOut: columns.out < 0 ? 0 : num(f[columns.out]),
          bytesIn: columns.in < 0 ? 0 : num(f[columns.in]),
          file,
          line: lineNo,
        });
        continue;
      }
      // EVE: only flow events are parsed; the cheap test skips the rest unparsed.
      if (result.format === "eve" && !/"event_type":\s*"flow"/.test(line)) continue;
      let record: ConnRecord | null = null;
      try {
        const o = JSON.parse(line) as Record<string, unknown>;
        record = result.format === "eve" ? fromEveFlow(o, file, lineNo) : fromZeekJson(o, file, lineNo);
      } catch {
        record = null;
      }
      if (record === null) result.unreadable++;
      else {
        result.connections++;
        onConn(record);
      }
    }
    if (result.format === null && decided) break;
  }
  input.stream.destroy();
  return result;
}
