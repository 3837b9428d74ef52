import { type Engine, type EventContext, ValueAt } from "./engine.js";
import type { FieldSpec } from "./fields.js";
import { type KeyProbe, keyAt, keyBetween, probeOf } from "./json-keys.js";

/**
 * The JSON-lines reader for Zeek JSON and Suricata EVE, written for the per-line path: no
 * JSON.parse. For each field it searches the block for `"name":` once and remembers where the
 * next occurrence is, so a field is found in a line with one comparison and every search walks
 * the block once. Strings without escapes are cut out with indexOf; a string with an escape
 * (rare in logs) is decoded by JSON.parse of that string alone. A line that does not start with
 * `{` and end with `}` (binary garbage, a truncated write) or whose field has the wrong type is
 * a bad line, counted with its number, and the reader goes on.
 */

/** How a JSON log names its time and its kind. */
export interface JsonDialect {
  /** The key of the event's time (`ts`, `timestamp`). */
  timeKey: string;
  /** The key naming the event's kind in the line (`_path`, `event_type`), or null. */
  kindKey: string | null;
  /** Prefix of the log's name (`zeek`, `suricata`). */
  prefix: string;
  /** The kind when the line does not say (from the file's name). */
  defaultKind: string;
}

// valueAt's answers as module-local constants (an imported binding is a module-cell load per read).
const { MISS, HIT, ESCAPED } = ValueAt;
const BACKSLASH = 92;
const QUOTE = 34;

/** Scans blocks of JSON lines for `fields`, feeding `engine`. One scanner per file. */
export class JsonLineScanner implements EventContext {
  private readonly needles: string[];
  /** Per needle, the part searched for (from its rarest character on) and where that part starts. */
  private probes: KeyProbe[] | null = null;
  private readonly next: Int32Array;
  /** Where the search that found next[k] started: no occurrence of key k lies in [from[k], next[k]). */
  private readonly from: Int32Array;
  /** Zeek writes a log's fields in its record's order: read in that order, each search starts where the last ended. */
  private readonly ordered: boolean;
  /** The fields in the order the lines have them (learned: by where each was last seen). */
  private readonly order: Int32Array;
  private readonly lastOffset: Int32Array;
  /** Per field, how far after the previous field's value its key was last found. */
  private readonly gap: Int32Array;
  /**
   * Per field, its last value when that value matched nothing, and the engine's miss epoch then:
   * the next line's same text at that field is then skipped with one comparison, without cutting
   * a string out or looking it up (the resolver's address on every DNS line, the same client).
   */
  private readonly lastMiss: (string | null)[];
  private readonly lastMissEpoch: Float64Array;
  /** Per list field, its last list (as written, brackets included) when every value in it missed. */
  private readonly lastMissList: (string | null)[];
  private readonly lastMissListValue: (string | null)[];
  private readonly lastMissListEpoch: Float64Array;
  private readonly timeNeedle: string;
  private readonly kindNeedle: string | null;
  private text_ = "";
  private start = 0;
  private end = 0;
  line = 0;
  /** A value the scanner could not read in this line: the line is bad. */
  private wrongType: string | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly fields: readonly FieldSpec[],
    private readonly dialect: JsonDialect,
    readonly file: string,
  ) {
    // "ja3.hash" is the hash inside the "ja3" object: `"ja3":{"hash":`. The needles leave out the
    // key's opening quote: V8's indexOf finds a needle by its first character, and a quote is
    // every few bytes of JSON, so `"query":` costs ~2.5× `query":`; the quote is checked after.
    this.needles = fields.map((f) => (f.name === "ja3.hash" ? `ja3":{"hash":` : `${f.name}":`));
    this.next = new Int32Array(fields.length);
    this.from = new Int32Array(fields.length);
    this.ordered = dialect.prefix === "zeek";
    this.order = Int32Array.from(fields.keys());
    this.lastOffset = new Int32Array(fields.length).fill(0x7fffffff);
    this.gap = new Int32Array(fields.length);
    this.lastMiss = fields.map(() => null);
    this.lastMissEpoch = new Float64Array(fields.length);
    this.lastMissList = fields.map(() => null);
    this.lastMissListValue = fields.map(() => null);
    this.lastMissListEpoch = new Float64Array(fields.length);
    this.timeNeedle = `"${dialect.timeKey}":`;
    this.kindNeedle = dialect.kindKey === null ? null : `"${dialect.kindKey}":`;
  }

  /** Scans one block of whole lines (each ending in \n), numbered from `firstLine`. */
  scanBlock(text: string, firstLine: number): void {
    this.text_ = text;
    const next = this.next;
    next.fill(-2);
    this.from.fill(0);
    const needles = this.needles;
    this.probes ??= needles.map((n) => probeOf(n, text));
    const probes = this.probes;
    const engine = this.engine;
    const nf = needles.length;
    let line = firstLine;
    let s = 0;
    const n = text.length;
    while (s < n) {
      let e = text.indexOf("\n", s);
      if (e < 0) e = n;
      // Trim a \r and trailing blanks.
      let last = e - 1;
      while (last >= s && (text.charCodeAt(last) === 13 || text.charCodeAt(last) === 32)) last--;
      if (last < s) {
        s = e + 1;
        line++;
        continue;
      }
      if (text.charCodeAt(s) !== 123 || text.charCodeAt(last) !== 125) {
        this.engine.bad(this.file, line, describeNotJson(text, s, last + 1));
        s = e + 1;
        line++;
        continue;
      }
      this.start = s;
      this.end = e;
      this.line = line;
      this.wrongType = null;
      if (this.ordered) this.readInOrder(s, e, n);
      else
        for (let k = 0; k < nf; k++) {
          let p = next[k]!;
          if (p === -1) continue;
          if (p < s) {
            p = keyAt(text, probes[k]!, s);
            next[k] = p;
            if (p < 0) continue;
          }
          while (p >= 0 && p < e) {
            this.readValue(p + needles[k]!.length, k);
            p = keyAt(text, probes[k]!, p + 1);
            next[k] = p;
          }
        }
      if (this.wrongType !== null) {
        engine.bad(this.file, line, this.wrongType);
        engine.discardEvent();
      } else engine.endEvent(this);
      s = e + 1;
      line++;
    }
  }

  /**
   * Reads the fields of the line [s, e) in the order lines have them, each search starting where
   * the previous field ended, so a line is walked about once whatever the number of fields. A field
   * not found after that point is looked for in the part of the line before it (a line whose keys
   * come in another order loses nothing; the order is learned again from it). A key appears once
   * in a Zeek line.
   */
  private readInOrder(s: number, e: number, n: number): void {
    const text = this.text_;
    const { next, from, order, lastOffset, needles } = this;
    const probes = this.probes!;
    let pos = s;
    let reorder = false;
    const gap = this.gap;
    for (let i = 0; i < order.length; i++) {
      const k = order[i]!;
      let p = next[k]!;
      if (p < pos) {
        // Zeek writes the fields between two of ours alike on every line (fixed-width times and
        // uids, ports): the key is first looked for where it was after the last field last time.
        const guess = pos + gap[k]!;
        if (guess < e && keyIsAt(text, needles[k]!, guess)) p = guess;
        else {
          p = keyAt(text, probes[k]!, pos);
          if (p < 0) p = n;
          else gap[k] = p - pos;
        }
        next[k] = p;
        from[k] = pos;
      }
      if (p < e) {
        lastOffset[k] = p - s;
        pos = this.readValue(p + needles[k]!.length, k);
      } else if (from[k]! > s) {
        const q = keyBetween(text, probes[k]!, s, from[k]!);
        if (q >= 0) {
          lastOffset[k] = q - s;
          reorder = true;
          this.readValue(q + needles[k]!.length, k);
        }
      }
    }
    if (reorder) order.sort((a, b) => lastOffset[a]! - lastOffset[b]! || a - b);
  }

  /** Reads the value at `q` (just after the key's colon) and returns where it ends. */
  private readValue(q: number, k: number): number {
    const text = this.text_;
    const spec = this.fields[k]!;
    let c = text.charCodeAt(q);
    while (c === 32) c = text.charCodeAt(++q);
    if (c === QUOTE) {
      const engine = this.engine;
      const last = this.lastMiss[k] ?? null;
      if (
        last !== null &&
        text.charCodeAt(q + 1 + last.length) === QUOTE &&
        text.startsWith(last, q + 1) &&
        this.lastMissEpoch[k] === engine.missEpoch()
      ) {
        engine.repeatedMiss(spec.kind, spec.role, last);
        return q + 2 + last.length;
      }
      // The value in place: the pre-filter tells most misses without a string (engine.valueAt).
      const close = text.indexOf('"', q + 1);
      if (close >= 0 && close < this.end) {
        if (close === q + 1 || (close === q + 2 && text.charCodeAt(q + 1) === 45) /* - */) return close + 1;
        const r = engine.valueAt(spec.kind, spec.role, spec.name, text, q + 1, close);
        if (r === HIT) {
          this.lastMiss[k] = null;
          return close + 1;
        }
        if (r !== ESCAPED) {
          // Most values are their field's value on the line before (the resolver, the client, the
          // name asked again): kept as text, the next line's same value is one comparison.
          this.lastMiss[k] = r === MISS ? text.slice(q + 1, close) : engine.lastValue;
          this.lastMissEpoch[k] = engine.missEpoch();
          return close + 1;
        }
      }
      const end = this.stringEnd(q);
      if (end < 0) {
        this.wrongType = `field ${spec.name}: the string does not end on this line`;
        return q;
      }
      const v = this.stringAt(q, end);
      if (v === "" || v === "-") return end + 1;
      const epoch = engine.missEpoch();
      // Only a value written without escapes is compared as text next time.
      if (!engine.value(spec.kind, spec.role, spec.name, v) && v.length === end - q - 1) {
        this.lastMiss[k] = v;
        this.lastMissEpoch[k] = epoch;
      } else this.lastMiss[k] = null;
      return end + 1;
    }
    if (c === 91 /* [ */) {
      const engine = this.engine;
      // A list the same as this field's last, all of whose values missed (the same DNS answers
      // line after line): skipped like a repeated value.
      const lastList = this.lastMissList[k] ?? null;
      if (lastList !== null && text.startsWith(lastList, q) && this.lastMissListEpoch[k] === engine.missEpoch()) {
        const lastValue = this.lastMissListValue[k];
        if (lastValue != null) engine.repeatedMiss(spec.kind, spec.role, lastValue);
        return q + lastList.length;
      }
      const epoch = engine.missEpoch();
      let allMissed = true;
      // The list's last value, by its bounds: cut out only when the list is remembered.
      let lastValue = -1;
      let lastFrom = 0;
      let p = q + 1;
      for (;;) {
        c = text.charCodeAt(p);
        while (c === 32 || c === 44) c = text.charCodeAt(++p);
        if (c === 93 /* ] */) {
          if (allMissed) {
            this.lastMissList[k] = text.slice(q, p + 1);
            this.lastMissListValue[k] = lastValue < 0 ? null : text.slice(lastFrom, lastValue);
            this.lastMissListEpoch[k] = epoch;
          } else this.lastMissList[k] = null;
          return p + 1;
        }
        if (c !== QUOTE) {
          // Lists of numbers or objects are not values the index holds.
          if (c >= 48 && c <= 57) return q;
          if (c === 123) return q;
          this.wrongType = `field ${spec.name}: a list of ${describeChar(c)} where strings were expected`;
          return q;
        }
        const end = this.stringEnd(p);
        if (end < 0 || end >= this.end) {
          this.wrongType = `field ${spec.name}: the list does not end on this line`;
          return q;
        }
        if (end > p + 1) {
          const r = engine.valueAt(spec.kind, spec.role, spec.name, text, p + 1, end);
          if (r === ESCAPED) {
            // A value written with escapes is never compared as text.
            engine.value(spec.kind, spec.role, spec.name, this.stringAt(p, end));
            allMissed = false;
          } else if (r === HIT) allMissed = false;
          lastValue = end;
          lastFrom = p + 1;
        }
        p = end + 1;
      }
    }
    if (c === 110 /* null */ || c === 123 /* an object under a leaf name: not ours */) return q;
    this.wrongType = `field ${spec.name}: ${describeChar(c)} where a string was expected`;
    return q;
  }

  /** Index of the closing quote of the string opening at `q`, or -1 when it does not close in the line. */
  private stringEnd(q: number): number {
    const text = this.text_;
    let end = text.indexOf('"', q + 1);
    while (end >= 0 && end < this.end && text.charCodeAt(end - 1) === BACKSLASH) {
      // Count the backslashes: an even run escapes itself, not the quote.
      let b = end - 1;
      while (text.charCodeAt(b) === BACKSLASH) b--;
      if ((end - 1 - b) % 2 === 0) break;
      end = text.indexOf('"', end + 1);
    }
    return end >= 0 && end < this.end ? end : -1;
  }

  private stringAt(q: number, end: number): string {
    const text = this.text_;
    // Look for an escape inside this string only: an indexOf over the rest of the block would
    // cost the block's length for every value of a log without backslashes (quadratic per block).
    let escaped = false;
    for (let i = q + 1; i < end; i++) {
      if (text.charCodeAt(i) === BACKSLASH) {
        escaped = true;
        break;
      }
    }
    if (!escaped) return text.slice(q + 1, end);
    try {
      return JSON.parse(text.slice(q, end + 1)) as string;
    } catch {
      return text.slice(q + 1, end);
    }
  }

  // ---- EventContext, read by the engine only for events that hit ----

  /** The log's name: prefix and the line's kind. */
  log(): string {
    const kind = this.kindNeedle === null ? null : this.stringField(this.kindNeedle);
    return `${this.dialect.prefix}:${kind ?? this.dialect.defaultKind}`;
  }

  /** The line's text. */
  text(): string {
    return this.text_.slice(this.start, this.end);
  }

  /** The event's time: an ISO string, or a number of seconds since the epoch. */
  time(): number {
    const text = this.text_;
    const p = text.indexOf(this.timeNeedle, this.start);
    if (p < 0 || p >= this.end) return Number.NaN;
    let q = p + this.timeNeedle.length;
    while (text.charCodeAt(q) === 32) q++;
    if (text.charCodeAt(q) === QUOTE) {
      const end = text.indexOf('"', q + 1);
      return parseTime(text.slice(q + 1, end));
    }
    let r = q;
    while (r < this.end && /[0-9.eE+-]/.test(text[r]!)) r++;
    const seconds = Number(text.slice(q, r));
    return Number.isFinite(seconds) ? seconds * 1000 : Number.NaN;
  }

  private stringField(needle: string): string | null {
    const text = this.text_;
    const p = text.indexOf(needle, this.start);
    if (p < 0 || p >= this.end) return null;
    const q = p + needle.length;
    if (text.charCodeAt(q) !== QUOTE) return null;
    const end = text.indexOf('"', q + 1);
    return end < 0 || end > this.end ? null : text.slice(q + 1, end);
  }
}

/** True when the whole key `needle` (`name":`, after a quote) is at `p`. */
function keyIsAt(text: string, needle: string, p: number): boolean {
  if (p < 1 || text.charCodeAt(p - 1) !== QUOTE) return false;
  for (let i = 0; i < needle.length; i++) if (text.charCodeAt(p + i) !== needle.charCodeAt(i)) return false;
  return true;
}

/** An ISO 8601 time (also Suricata's `+0200` offsets) or epoch seconds as text, in ms; NaN when unreadable. */
export function parseTime(text: string): number {
  const c = text.charCodeAt(0);
  if (text.length > 0 && text.indexOf("-") < 0 && c >= 48 && c <= 57) {
    const seconds = Number(text);
    return Number.isFinite(seconds) ? seconds * 1000 : Number.NaN;
  }
  return Date.parse(text);
}

function describeChar(c: number): string {
  if (c >= 48 && c <= 57) return "a number";
  if (c === 116 || c === 102) return "a boolean";
  if (c === 123) return "an object";
  if (c === 91) return "a list";
  return `"${String.fromCharCode(c)}"`;
}

function describeNotJson(text: string, s: number, e: number): string {
  let printable = 0;
  const sample = Math.min(e, s + 64);
  for (let i = s; i < sample; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 32 && c < 127) || c === 9) printable++;
  }
  if (printable < (sample - s) * 0.8) return "not text (binary data?): skipped";
  if (text.charCodeAt(s) !== 123)
    return `not a JSON object (starts with ${JSON.stringify(text.slice(s, Math.min(e, s + 20)))})`;
  return "not a whole JSON object (it does not end with }): a truncated line?";
}
