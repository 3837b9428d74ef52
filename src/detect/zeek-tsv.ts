import type { Engine, EventContext } from "./engine.js";
import { type FieldSpec, ZEEK_FIELDS } from "./fields.js";

/**
 * Zeek's default TSV logs: `#separator`, `#set_separator`, `#empty_field`, `#unset_field`, `#path`
 * and `#fields` headers, then one event a line. The fields the index can use are found by name in
 * `#fields`, so any log (conn, dns, http, ssl, x509, files, smtp, notice, or one Centinela does not
 * know) is read by what it has. A line is cut at tabs only up to the last column needed. A line
 * with fewer columns than the header is a bad line; so is a data line before any `#fields`.
 */
export class ZeekTsvScanner implements EventContext {
  private separator = "\t";
  private setSeparator = ",";
  private empty = "(empty)";
  private unset = "-";
  private path = "";
  private fieldCount = 0;
  /** Column numbers to read (ascending) and their specs. */
  private columns: number[] = [];
  private specs: FieldSpec[] = [];
  private tsColumn = -1;
  private readonly values: string[] = [];
  private text_ = "";
  private start = 0;
  private end = 0;
  line = 0;

  constructor(
    private readonly engine: Engine,
    readonly file: string,
    private readonly defaultKind: string,
  ) {}

  /** Scans one block of whole lines. */
  scanBlock(text: string, firstLine: number): void {
    this.text_ = text;
    const engine = this.engine;
    let line = firstLine;
    let s = 0;
    const n = text.length;
    while (s < n) {
      let e = text.indexOf("\n", s);
      if (e < 0) e = n;
      let end = e;
      if (end > s && text.charCodeAt(end - 1) === 13) end--;
      if (end === s) {
        s = e + 1;
        line++;
        continue;
      }
      // Header lines start with '#'; some real logs (Stratosphere's test10) indent the first with a
      // tab or space, which a data line never starts with before its fields are known.
      let h = s;
      if (this.fieldCount === 0) while (h < end && (text.charCodeAt(h) === 9 || text.charCodeAt(h) === 32)) h++;
      if (text.charCodeAt(h) === 35 /* # */) {
        this.header(text.slice(h, end), line);
        s = e + 1;
        line++;
        continue;
      }
      if (this.fieldCount === 0) {
        engine.bad(this.file, line, "a data line before any #fields header: not a Zeek TSV log?");
        s = e + 1;
        line++;
        continue;
      }
      this.start = s;
      this.end = end;
      this.line = line;
      if (this.readLine(s, end)) engine.endEvent(this);
      else {
        engine.discardEvent();
        engine.bad(this.file, line, `fewer columns than the ${this.fieldCount} of the #fields header`);
      }
      s = e + 1;
      line++;
    }
  }

  private readLine(s: number, end: number): boolean {
    const text = this.text_;
    const sep = this.separator;
    const columns = this.columns;
    const nc = columns.length;
    if (nc === 0) {
      // Still an event (counted), with nothing to look up; but its columns must be there.
      return true;
    }
    let col = 0;
    let pos = s;
    let want = 0;
    while (want < nc) {
      const target = columns[want]!;
      while (col < target) {
        const t = text.indexOf(sep, pos);
        if (t < 0 || t >= end) return false;
        pos = t + 1;
        col++;
      }
      let t = text.indexOf(sep, pos);
      if (t < 0 || t > end) t = end;
      this.values[want] = text.slice(pos, t);
      want++;
      pos = t + 1;
      col++;
      if (pos > end && want < nc) return false;
    }
    const engine = this.engine;
    for (let i = 0; i < nc; i++) {
      const v = this.values[i]!;
      if (v === this.unset || v === this.empty || v === "") continue;
      const spec = this.specs[i]!;
      if (spec.vector && v.indexOf(this.setSeparator) >= 0) {
        for (const part of v.split(this.setSeparator))
          if (part !== "") engine.value(spec.kind, spec.role, spec.name, part);
      } else engine.value(spec.kind, spec.role, spec.name, v);
    }
    return true;
  }

  private header(h: string, line: number): void {
    const sp = h.search(/[\t ]/);
    const name = sp < 0 ? h : h.slice(0, sp);
    const rest = sp < 0 ? "" : h.slice(sp + 1);
    switch (name) {
      case "#separator":
        this.separator = rest.replace(/\\x([0-9a-fA-F]{2})/g, (_, x: string) =>
          String.fromCharCode(Number.parseInt(x, 16)),
        );
        break;
      case "#set_separator":
        this.setSeparator = rest.split(this.separator)[0] ?? ",";
        break;
      case "#empty_field":
        this.empty = rest.split(this.separator)[0] ?? "(empty)";
        break;
      case "#unset_field":
        this.unset = rest.split(this.separator)[0] ?? "-";
        break;
      case "#path":
        this.path = rest.split(this.separator)[0] ?? "";
        break;
      case "#fields": {
        const names = rest.split(this.separator);
        this.fieldCount = names.length;
        this.tsColumn = names.indexOf("ts");
        const wanted: { col: number; spec: FieldSpec }[] = [];
        for (const spec of ZEEK_FIELDS) {
          const col = names.indexOf(spec.name);
          if (col >= 0) wanted.push({ col, spec });
        }
        // ts too, so the line's time is cut out with the rest (it is read only on a hit).
        wanted.sort((a, b) => a.col - b.col);
        this.columns = wanted.map((w) => w.col);
        this.specs = wanted.map((w) => w.spec);
        break;
      }
      default:
        // #open, #close, #types and comments carry nothing the scan needs.
        void line;
    }
  }

  // ---- EventContext ----

  /** `zeek:<#path>`. */
  log(): string {
    return `zeek:${this.path || this.defaultKind}`;
  }

  /** The line's text. */
  text(): string {
    return this.text_.slice(this.start, this.end);
  }

  /** The `ts` column (epoch seconds) in ms. */
  time(): number {
    if (this.tsColumn < 0) return Number.NaN;
    const text = this.text_;
    let pos = this.start;
    for (let c = 0; c < this.tsColumn; c++) {
      const t = text.indexOf(this.separator, pos);
      if (t < 0 || t >= this.end) return Number.NaN;
      pos = t + 1;
    }
    let t = text.indexOf(this.separator, pos);
    if (t < 0 || t > this.end) t = this.end;
    const seconds = Number(text.slice(pos, t));
    return Number.isFinite(seconds) ? seconds * 1000 : Number.NaN;
  }
}
