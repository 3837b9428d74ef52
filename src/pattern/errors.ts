import { CodedError } from "../errors/index.js";

/**
 * Errors and warnings of the patterning engine. Every issue has a code from PATTERN_ISSUES, an
 * offset into the pattern text, and — computed only when the issue is built — its line and
 * column, so a message reads "expected ']' at 1:27".
 */

/** How bad an issue is: an error makes the pattern unusable, a warning is reported and kept. */
export type PatternSeverity = "error" | "warning";

/** Every code the engine emits, with its severity and what it means. */
export const PATTERN_ISSUES = {
  PATTERN_EMPTY: { severity: "error", what: "the pattern is empty" },
  PATTERN_TOO_LONG: { severity: "error", what: "the pattern is longer than the engine accepts" },
  PATTERN_TOO_DEEP: { severity: "error", what: "brackets or parentheses are nested deeper than the engine accepts" },
  PATTERN_UNEXPECTED_CHAR: { severity: "error", what: "a character that starts no token of the grammar" },
  PATTERN_UNEXPECTED_TOKEN: { severity: "error", what: "a token the grammar does not allow here" },
  PATTERN_UNTERMINATED_STRING: { severity: "error", what: "a quoted literal has no closing quote" },
  PATTERN_BAD_ESCAPE: { severity: "error", what: "a string escape other than \\' or \\\\" },
  PATTERN_BAD_HEX: { severity: "error", what: "a h'..' literal that is not an even number of hex digits" },
  PATTERN_BAD_BINARY: { severity: "error", what: "a b'..' literal that is not base64" },
  PATTERN_BAD_TIMESTAMP: { severity: "error", what: "a t'..' literal that is not an RFC 3339 UTC timestamp" },
  PATTERN_BAD_NUMBER: { severity: "error", what: "a number the grammar does not allow" },
  PATTERN_BAD_QUALIFIER: {
    severity: "error",
    what: "a qualifier with an impossible value (zero repeats, WITHIN 0 SECONDS)",
  },
  PATTERN_BAD_INDEX: { severity: "error", what: "a negative list index" },
  PATTERN_BAD_REGEX: { severity: "error", what: "a MATCHES operand that is not a valid regular expression" },
  PATTERN_BAD_CIDR: { severity: "error", what: "an ISSUBSET/ISSUPERSET operand that is not an IP address or CIDR" },
  PATTERN_MIXED_SET: { severity: "error", what: "an IN set whose members are not all of one type" },
  PATTERN_TYPE_MISMATCH: { severity: "error", what: "a literal whose type cannot be compared with the property" },
  PATTERN_UNKNOWN_OBJECT_TYPE: {
    severity: "warning",
    what: "an object type the STIX 2.1 spec does not define (custom types are legal)",
  },
  PATTERN_UNKNOWN_PROPERTY: {
    severity: "warning",
    what: "a property the spec does not define for the type (custom properties are legal)",
  },
  PATTERN_AND_MIXED_TYPES: {
    severity: "warning",
    what: "comparisons joined by AND on different object types can never match one object",
  },
  PATTERN_STRING_FOR_TIMESTAMP: {
    severity: "warning",
    what: "a string literal compared with a timestamp property (use t'..')",
  },
  PATTERN_EMPTY_INTERVAL: {
    severity: "warning",
    what: "START is not before STOP: the qualified expression never matches (it is evaluated, not refused)",
  },
  PATTERN_NOT_A_TIMESTAMP: {
    severity: "error",
    what: "matching compared a timestamp literal with an observed string that is not a timestamp",
  },
  PATTERN_BAD_REFERENCE: {
    severity: "error",
    what: "matching met a _ref that is not a string or a _refs that is not a list of strings",
  },
  PATTERN_BAD_OBSERVED_DATA: { severity: "error", what: "observed-data the evaluator cannot use" },
  PATTERN_BAD_INPUT: {
    severity: "error",
    what: "a batch input line that is not JSON with a pattern and observed_data",
  },
  PATTERN_EVAL_LIMIT: { severity: "error", what: "the match needed more candidate bindings than the engine allows" },
} as const satisfies Record<string, { severity: PatternSeverity; what: string }>;

/** A code of PATTERN_ISSUES. */
export type PatternCode = keyof typeof PATTERN_ISSUES;

/** One problem found in a pattern, with where it is. */
export interface PatternIssue {
  code: PatternCode;
  severity: PatternSeverity;
  message: string;
  /** 0-based offset in the pattern text (UTF-16 code units). */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** Line and column (both 1-based) of an offset, worked out only when an issue is built. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Builds an issue at an offset; the message gets "(line:column)" appended. */
export function makeIssue(text: string, code: PatternCode, offset: number, message: string): PatternIssue {
  const { line, column } = lineColumn(text, offset);
  return {
    code,
    severity: PATTERN_ISSUES[code].severity,
    message: `${message} (${line}:${column})`,
    offset,
    line,
    column,
  };
}

/** Every pattern error answers 400: the pattern a client sent cannot be used. */
const PATTERN_STATUS = { status: 400, message: "the pattern cannot be used" } as const;

/** Thrown by the parser and evaluator; carries the issue with its code (e.g. PATTERN_UNEXPECTED_TOKEN) and position. */
export class PatternError extends CodedError {
  override readonly name = "PatternError";
  declare readonly code: PatternCode;
  readonly issue: PatternIssue;
  constructor(issue: PatternIssue, options?: { cause?: unknown }) {
    super(issue.code, PATTERN_STATUS, issue.message, options);
    this.issue = issue;
  }
}

/** Throws a PatternError for `code` at `offset` of `text`. */
export function fail(text: string, code: PatternCode, offset: number, message: string): never {
  throw new PatternError(makeIssue(text, code, offset, message));
}
