import { fail } from "./errors.js";
import { KEYWORDS, type TokenType, TT } from "./tokens.js";
import { BinaryValue, decodeBase64, decodeHex, parseTimestamp, type TimestampValue } from "./values.js";

/**
 * The lexer reads one token at a time into its own fields (no token objects are allocated):
 * `type`, `start`, `end` and `value`. Positions are offsets; line and column are only worked out
 * when an error is thrown.
 */

/** A literal's decoded value as the lexer produces it. */
export type TokenValue = string | number | boolean | BinaryValue | TimestampValue | null;

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57) || c === 45;
const isDigit = (c: number) => c >= 48 && c <= 57;

/** Pulls tokens from pattern text. */
export class Lexer {
  readonly text: string;
  pos = 0;
  type: TokenType = TT.eof;
  start = 0;
  end = 0;
  value: TokenValue = null;
  /** For identifiers: whether it contains a hyphen (only object types may). */
  hyphen = false;

  constructor(text: string) {
    this.text = text;
  }

  /** Advances to the next token. */
  next(): void {
    const text = this.text;
    this.skipSpace();
    const pos = this.pos;
    this.start = pos;
    this.value = null;
    if (pos >= text.length) {
      this.finish(TT.eof, pos);
      return;
    }
    const c = text.charCodeAt(pos);
    switch (c) {
      case 91: {
        this.finish(TT.lbrack, pos + 1);
        return;
      }
      case 93: {
        this.finish(TT.rbrack, pos + 1);
        return;
      }
      case 40: {
        this.finish(TT.lparen, pos + 1);
        return;
      }
      case 41: {
        this.finish(TT.rparen, pos + 1);
        return;
      }
      case 58: {
        this.finish(TT.colon, pos + 1);
        return;
      }
      case 44: {
        this.finish(TT.comma, pos + 1);
        return;
      }
      case 42: {
        this.finish(TT.star, pos + 1);
        return;
      }
      case 61: {
        this.finish(TT.eq, pos + 1);
        return;
      }
      case 33:
        if (text.charCodeAt(pos + 1) === 61) {
          this.finish(TT.neq, pos + 2);
          return;
        }
        break;
      case 60: {
        const n = text.charCodeAt(pos + 1);
        if (n === 61) {
          this.finish(TT.le, pos + 2);
          return;
        }
        if (n === 62) {
          this.finish(TT.neq, pos + 2);
          return;
        }
        this.finish(TT.lt, pos + 1);
        return;
      }
      case 62:
        if (text.charCodeAt(pos + 1) === 61) {
          this.finish(TT.ge, pos + 2);
          return;
        }
        {
          this.finish(TT.gt, pos + 1);
          return;
        }
      case 39: {
        this.readString(pos);
        return;
      }
      case 46:
        if (isDigit(text.charCodeAt(pos + 1))) {
          this.readNumber(pos);
          return;
        }
        {
          this.finish(TT.dot, pos + 1);
          return;
        }
      case 43:
      case 45: {
        this.readNumber(pos);
        return;
      }
    }
    if (isDigit(c)) {
      this.readNumber(pos);
      return;
    }
    if (isIdentStart(c)) {
      if (text.charCodeAt(pos + 1) === 39 && (c === 104 || c === 98 || c === 116)) {
        this.readPrefixed(pos, c);
        return;
      }
      this.readWord(pos);
      return;
    }
    const ch = String.fromCodePoint(text.codePointAt(pos) ?? c);
    fail(text, "PATTERN_UNEXPECTED_CHAR", pos, `unexpected character ${JSON.stringify(ch)}`);
  }

  private finish(type: TokenType, end: number): void {
    this.type = type;
    this.end = end;
    this.pos = end;
  }

  private skipSpace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) pos++;
      else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
        const close = text.indexOf("*/", pos + 2);
        if (close < 0) fail(text, "PATTERN_UNEXPECTED_TOKEN", pos, "comment opened with /* is never closed with */");
        pos = close + 2;
      } else if (c === 47 && text.charCodeAt(pos + 1) === 47) {
        while (pos < text.length && text.charCodeAt(pos) !== 10 && text.charCodeAt(pos) !== 13) pos++;
      } else break;
    }
    this.pos = pos;
  }

  private readWord(pos: number): void {
    const text = this.text;
    let end = pos + 1;
    let hyphen = false;
    while (end < text.length && isIdentPart(text.charCodeAt(end))) {
      if (text.charCodeAt(end) === 45) hyphen = true;
      end++;
    }
    const word = text.slice(pos, end);
    const keyword = KEYWORDS.get(word);
    if (keyword !== undefined) {
      this.finish(keyword, end);
      return;
    }
    const lower = word.length <= 5 ? word.toLowerCase() : "";
    if (lower === "true" || lower === "false") {
      this.value = lower === "true";
      this.finish(TT.bool, end);
      return;
    }
    this.value = word;
    this.hyphen = hyphen;
    this.finish(TT.ident, end);
  }

  /** Reads a quoted body from `open` (the quote) and returns the end offset after the closing quote. */
  private quotedEnd(open: number, what: string): number {
    const text = this.text;
    let i = open + 1;
    for (;;) {
      const q = text.indexOf("'", i);
      if (q < 0) fail(text, "PATTERN_UNTERMINATED_STRING", open, `${what} opened here has no closing quote`);
      // A quote preceded by an odd number of backslashes is escaped.
      let bs = 0;
      for (let j = q - 1; j > open && text.charCodeAt(j) === 92; j--) bs++;
      if (bs % 2 === 0) return q + 1;
      i = q + 1;
    }
  }

  private readString(pos: number): void {
    const text = this.text;
    const end = this.quotedEnd(pos, "string literal");
    let value = "";
    let from = pos + 1;
    let i = text.indexOf("\\", from);
    while (i >= 0 && i < end - 1) {
      const n = text.charCodeAt(i + 1);
      if (n !== 39 && n !== 92) {
        fail(
          text,
          "PATTERN_BAD_ESCAPE",
          i,
          `invalid escape \\${text[i + 1] ?? ""}: only \\' and \\\\ are allowed in strings`,
        );
      }
      value += text.slice(from, i) + text[i + 1];
      from = i + 2;
      i = text.indexOf("\\", from);
    }
    value += text.slice(from, end - 1);
    this.value = value;
    this.finish(TT.string, end);
  }

  private readPrefixed(pos: number, c: number): void {
    const text = this.text;
    const end = this.quotedEnd(pos + 1, "literal");
    const body = text.slice(pos + 2, end - 1);
    if (c === 104) {
      const bytes = decodeHex(body);
      if (bytes === null)
        fail(text, "PATTERN_BAD_HEX", pos, `h'${body.slice(0, 40)}' is not an even number of hex digits`);
      this.value = new BinaryValue(bytes);
      this.finish(TT.hex, end);
      return;
    }
    if (c === 98) {
      const bytes = decodeBase64(body);
      if (bytes === null) fail(text, "PATTERN_BAD_BINARY", pos, `b'${body.slice(0, 40)}' is not padded base64`);
      this.value = new BinaryValue(bytes);
      this.finish(TT.binary, end);
      return;
    }
    const ts = parseTimestamp(body);
    if (ts === null) {
      fail(
        text,
        "PATTERN_BAD_TIMESTAMP",
        pos,
        `t'${body.slice(0, 40)}' is not a timestamp like t'2026-01-31T12:00:00Z'`,
      );
    }
    this.value = ts;
    this.finish(TT.timestamp, end);
  }

  private readNumber(pos: number): void {
    const text = this.text;
    let i = pos;
    const sign = text.charCodeAt(i);
    if (sign === 43 || sign === 45) i++;
    const intStart = i;
    while (isDigit(text.charCodeAt(i))) i++;
    const intDigits = i - intStart;
    let isFloat = false;
    if (text.charCodeAt(i) === 46) {
      const fracStart = ++i;
      while (isDigit(text.charCodeAt(i))) i++;
      if (i === fracStart) fail(text, "PATTERN_BAD_NUMBER", pos, "a number with a '.' needs digits after it");
      isFloat = true;
    } else if (intDigits === 0) {
      fail(text, "PATTERN_BAD_NUMBER", pos, `'${text[pos]}' must be followed by a number`);
    }
    if (!isFloat && intDigits > 1 && text.charCodeAt(intStart) === 48) {
      fail(text, "PATTERN_BAD_NUMBER", pos, "integers may not have leading zeros");
    }
    if (isIdentStart(text.charCodeAt(i))) fail(text, "PATTERN_BAD_NUMBER", pos, "a number runs into letters");
    this.value = Number(text.slice(pos, i));
    this.finish(isFloat ? TT.float : TT.int, i);
  }
}
