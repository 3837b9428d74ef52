/**
 * The byte scanner behind readStixStream (bundle-reader.ts): a state machine that cuts a byte
 * stream into the exact text of each STIX object, and into error items that say where the input
 * is wrong.
 *
 * Written by hand rather than with a streaming JSON library for two reasons that are the core of
 * the store's promise: each object comes out as the exact bytes it had in the input (the store
 * keeps and serves them byte for byte), and the scan is a tight byte loop that only tracks
 * strings and nesting, so it runs at hundreds of MB/s. Full JSON syntax is checked afterwards by
 * JSON.parse on each object's text, which reports errors with positions inside that object.
 */
import type { StixStreamItem, StreamErrorCode } from "./bundle-reader.js";

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COLON = 0x3a;
const COMMA = 0x2c;
/** Bytes kept of a top-level key or "type" value: only short names ("objects", "bundle") matter. */
const SHORT_TEXT_LIMIT = 256;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/**
 * The byte-level state machine. States, outside of strings:
 *   top     between top-level values
 *   value   inside a top-level value that is a plain object (captured whole)
 *   wrapper inside a top-level bundle object or array, whose members are captured one by one
 * A top-level object becomes a "wrapper" when its key "objects" opens an array.
 */
export class StixScanner {
  private readonly out: StixStreamItem[] = [];
  private offset = 0; // bytes consumed before the current chunk
  private line = 1;
  private index = 0; // objects seen (emitted or rejected)
  private lineMode: boolean;
  private decided: boolean;

  // Capture of the current object.
  private capturing = false;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private tooLarge = false;
  private captureStart = 0;
  private captureLine = 1;
  private captureDepth = 0; // nesting depth at which the captured value began

  // Structural state.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private topStartLine = 0;
  private topHadNewline = false;
  private topIsWrapper = false;
  private topKind: "object" | "array" | null = null;
  private topType: string | null = null;
  // Tracking of keys directly inside a top-level object (depth 1), to find "objects" and "type".
  private keyStart = -1;
  private keyParts: Buffer[] = [];
  private lastKey: string | null = null;
  private expectValueFor: string | null = null;
  private typeValueParts: Buffer[] | null = null;
  private typeStart = 0;
  private wrapperDepth = 0;

  constructor(
    private readonly maxBytes: number,
    format: "auto" | "lines",
  ) {
    this.lineMode = format === "lines";
    this.decided = format === "lines";
  }

  drain(): StixStreamItem[] {
    return this.out.splice(0, this.out.length);
  }

  push(buf: Buffer): void {
    if (this.lineMode) this.pushLines(buf);
    else this.pushStructural(buf, 0);
    this.offset += buf.length;
  }

  end(): void {
    if (this.lineMode) {
      if (this.capturing) this.finishLine();
      return;
    }
    if (this.depth > 0 || this.inString) {
      const where = this.capturing ? `inside object #${this.index + 1}` : "inside the top-level value";
      this.error(
        "STIX_STREAM_TRUNCATED",
        `input ended ${where} (started at line ${this.capturing ? this.captureLine : this.topStartLine}); ` +
          "the objects before it were read — re-export or re-download the file to get the rest",
        this.offset,
      );
      if (this.capturing) this.index++;
    }
  }

  // ── JSON lines: every line is one value, so one bad line never disturbs the next ──

  private pushLines(buf: Buffer): void {
    let start = 0;
    while (start < buf.length) {
      const nl = buf.indexOf(NEWLINE, start);
      const stop = nl === -1 ? buf.length : nl;
      if (!this.capturing) {
        this.capturing = true;
        this.captureStart = this.offset + start;
        this.captureLine = this.line;
      }
      if (stop > start) this.appendCapture(buf, start, stop);
      if (nl === -1) break;
      this.finishLine();
      this.line++;
      start = nl + 1;
    }
  }

  private finishLine(): void {
    const tooLarge = this.tooLarge;
    const text = tooLarge ? "" : this.takeCapture().trim();
    if (tooLarge) {
      this.resetCapture();
      this.error(
        "STIX_STREAM_TOO_LARGE",
        `line ${this.captureLine} is longer than the ${this.maxBytes}-byte object limit; skipped (raise --max-object-bytes if it is genuine)`,
        this.captureStart,
        this.captureLine,
      );
      this.index++;
      return;
    }
    if (text.length === 0) return;
    if (text.charCodeAt(0) !== OPEN_BRACE) {
      this.error(
        "STIX_STREAM_NOT_AN_OBJECT",
        `line ${this.captureLine} does not hold a JSON object (it starts with ${JSON.stringify(text.slice(0, 20))})`,
        this.captureStart,
        this.captureLine,
      );
      this.index++;
      return;
    }
    // A line may hold a whole bundle: hand it to the structural scanner so its objects come out one by one.
    if (text.includes('"bundle"') && text.includes('"objects"')) {
      const inner = new StixScanner(this.maxBytes, "auto");
      inner.offset = this.captureStart;
      inner.line = this.captureLine;
      inner.index = this.index;
      inner.decided = true;
      inner.push(Buffer.from(text, "utf8"));
      inner.end();
      this.out.push(...inner.drain());
      this.index = inner.index;
      return;
    }
    this.out.push({
      kind: "object",
      raw: text,
      index: this.index++,
      offset: this.captureStart,
      line: this.captureLine,
    });
  }

  // ── structural scan ──

  private pushStructural(buf: Buffer, from: number): void {
    const len = buf.length;
    let segStart = this.capturing ? from : -1; // start of the captured part within this chunk
    for (let i = from; i < len; i++) {
      const c = buf[i] as number;
      if (c === NEWLINE) {
        this.line++;
        if (this.depth > 0) this.topHadNewline = true;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyStart !== -1) this.endKey(buf, i);
          else if (this.typeValueParts) {
            keepShort(this.typeValueParts, buf, this.typeStart, i);
            this.topType = Buffer.concat(this.typeValueParts).toString("utf8");
            this.typeValueParts = null;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      // A UTF-8 byte-order mark at the very start is not content.
      if (this.offset + i < 3 && this.depth === 0 && (c === 0xef || c === 0xbb || c === 0xbf)) continue;
      if (this.depth === 0) {
        // Between top-level values.
        if (!this.decided && this.topKind !== null) {
          this.decided = true;
          if (!this.topHadNewline && !this.topIsWrapper && c === OPEN_BRACE) {
            // The first value sat on one line and another follows: JSON lines.
            this.lineMode = true;
            this.offset += i; // account for the bytes scanned in this chunk
            this.pushLines(buf.subarray(i));
            this.offset -= i;
            return;
          }
        }
        if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          this.beginTop(c);
          if (c === OPEN_BRACE) {
            this.beginCapture(i);
            segStart = i;
          }
          this.depth = 1;
          continue;
        }
        this.error(
          "STIX_STREAM_SYNTAX",
          `unexpected ${JSON.stringify(String.fromCharCode(c))} between top-level JSON values; expected "{" or "["`,
          this.offset + i,
        );
        // Skip to the next line and try again from there.
        const nl = buf.indexOf(NEWLINE, i);
        if (nl === -1) return;
        i = nl - 1;
        continue;
      }
      if (c === QUOTE) {
        this.inString = true;
        if (this.topIsWrapper && this.depth === this.wrapperDepth && !this.capturing) {
          this.error(
            "STIX_STREAM_NOT_AN_OBJECT",
            `member #${this.index + 1} of the objects array is a string, not a JSON object`,
            this.offset + i,
          );
          this.index++;
        } else if (this.depth === 1 && this.topKind === "object" && this.expectValueFor === null) {
          this.keyStart = i + 1;
          this.keyParts = [];
        } else if (this.depth === 1 && this.expectValueFor === "type") {
          this.typeValueParts = [];
          this.typeStart = i + 1;
          this.expectValueFor = null;
        }
        continue;
      }
      if (c === COLON || c === COMMA) {
        if (c === COMMA && this.depth === 1) this.expectValueFor = null;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        // A bundle's "objects" array turns its top-level object into a wrapper.
        if (this.depth === 1 && this.expectValueFor === "objects" && c === OPEN_BRACKET) {
          this.topIsWrapper = true;
          this.wrapperDepth = 2;
          this.resetCapture();
          segStart = -1;
          this.expectValueFor = null;
          this.depth = 2;
          continue;
        }
        if (this.depth === 1) this.expectValueFor = null;
        if (!this.capturing && this.topIsWrapper && this.depth === this.wrapperDepth) {
          if (c !== OPEN_BRACE) {
            this.error(
              "STIX_STREAM_NOT_AN_OBJECT",
              `member #${this.index + 1} of the objects array is not a JSON object`,
              this.offset + i,
            );
            this.index++;
          } else {
            this.beginCapture(i);
            segStart = i;
          }
        }
        this.depth++;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.capturing && this.depth === this.captureDepth) {
          this.appendCapture(buf, segStart, i + 1);
          segStart = -1;
          this.finishCapture();
        }
        if (this.depth === 0) this.endTop(i);
        // The bundle's objects array closed: later arrays in the bundle are not object lists.
        if (this.topKind === "object" && this.topIsWrapper && this.depth === 1 && c === CLOSE_BRACKET)
          this.wrapperDepth = 0;
        continue;
      }
      // A scalar at the level of a wrapper's members.
      if (this.topIsWrapper && this.depth === this.wrapperDepth && !this.capturing) {
        this.error(
          "STIX_STREAM_NOT_AN_OBJECT",
          `member #${this.index + 1} of the objects array is not a JSON object`,
          this.offset + i,
        );
        this.index++;
        while (i + 1 < len && buf[i + 1] !== COMMA && buf[i + 1] !== CLOSE_BRACKET) i++;
      }
      if (this.depth === 1) this.expectValueFor = null;
    }
    if (this.capturing && segStart !== -1) this.appendCapture(buf, segStart, len);
    if (this.keyStart !== -1 && this.inString) {
      keepShort(this.keyParts, buf, this.keyStart, len);
      this.keyStart = 0;
    }
    if (this.typeValueParts && this.inString) {
      keepShort(this.typeValueParts, buf, this.typeStart, len);
      this.typeStart = 0;
    }
  }

  private endKey(buf: Buffer, end: number): void {
    keepShort(this.keyParts, buf, this.keyStart, end);
    this.lastKey = Buffer.concat(this.keyParts).toString("utf8");
    this.keyStart = -1;
    this.keyParts = [];
    this.expectValueFor = this.lastKey === "objects" || this.lastKey === "type" ? this.lastKey : "other";
  }

  private beginTop(c: number): void {
    this.topKind = c === OPEN_BRACE ? "object" : "array";
    this.topIsWrapper = c === OPEN_BRACKET;
    this.wrapperDepth = c === OPEN_BRACKET ? 1 : 0;
    this.topType = null;
    this.topStartLine = this.line;
    this.topHadNewline = false;
    this.expectValueFor = null;
  }

  private endTop(i: number): void {
    if (this.topKind === "object" && this.topIsWrapper && this.topType !== null && this.topType !== "bundle") {
      this.error(
        "STIX_STREAM_NOT_A_BUNDLE",
        `the top-level object starting at line ${this.topStartLine} has an "objects" array but its type is "${this.topType}", not "bundle"; its members were read as objects`,
        this.offset + i,
      );
    }
    this.expectValueFor = null;
  }

  private beginCapture(i: number): void {
    this.capturing = true;
    this.captureStart = this.offset + i;
    this.captureLine = this.line;
    this.captureDepth = this.depth;
    this.parts = [];
    this.partBytes = 0;
    this.tooLarge = false;
  }

  private appendCapture(buf: Buffer, start: number, end: number): void {
    if (this.tooLarge || end <= start) return;
    this.partBytes += end - start;
    if (this.partBytes > this.maxBytes) {
      this.tooLarge = true;
      this.parts = [];
      return;
    }
    // Copy: the caller may reuse its chunk buffers.
    this.parts.push(Buffer.from(buf.subarray(start, end)));
  }

  private takeCapture(): string {
    const text =
      this.parts.length === 1 ? (this.parts[0] as Buffer).toString("utf8") : Buffer.concat(this.parts).toString("utf8");
    this.resetCapture();
    return text;
  }

  private resetCapture(): void {
    this.capturing = false;
    this.parts = [];
    this.partBytes = 0;
    this.tooLarge = false;
  }

  private finishCapture(): void {
    if (this.tooLarge) {
      this.resetCapture();
      this.error(
        "STIX_STREAM_TOO_LARGE",
        `object #${this.index + 1} (line ${this.captureLine}) is larger than the ${this.maxBytes}-byte object limit; skipped (raise --max-object-bytes if it is genuine)`,
        this.captureStart,
        this.captureLine,
      );
      this.index++;
      return;
    }
    const offset = this.captureStart;
    const line = this.captureLine;
    const raw = this.takeCapture();
    this.out.push({ kind: "object", raw, index: this.index++, offset, line });
  }

  private error(code: StreamErrorCode, message: string, offset: number, line = this.line): void {
    this.out.push({ kind: "error", code, message, index: this.index, offset, line });
  }
}

/**
 * Adds bytes of a key or "type" value to `parts`, copied (the caller may reuse its chunks) and
 * cut at SHORT_TEXT_LIMIT, so a hostile multi-gigabyte key costs no memory.
 */
function keepShort(parts: Buffer[], buf: Buffer, start: number, end: number): void {
  let have = 0;
  for (const part of parts) have += part.length;
  if (have >= SHORT_TEXT_LIMIT || end <= start) return;
  parts.push(Buffer.from(buf.subarray(start, Math.min(end, start + SHORT_TEXT_LIMIT - have))));
}
