import { RE2JS, RE2JSSyntaxException } from "re2js";
import { type MessageKey, t } from "../i18n/index.js";

/**
 * MATCHES operands compiled with re2js, a linear-time engine: a hostile expression such as
 * `(a+)+$` costs time proportional to the input, never exponential. RE2 syntax is PCRE without
 * backreferences and lookaround; an operand that uses them is rejected with PATTERN_BAD_REGEX.
 */

/** A compiled MATCHES operand. */
export interface CompiledRegex {
  /** True when the expression matches anywhere in the (NFC-normalized) string. */
  test(value: string): boolean;
  /** True when it matches anywhere in bytes held as a code-unit-per-byte string. */
  testBytes(bytes: string): boolean;
}

/** Why an operand is not a usable regular expression. */
export class RegexSyntaxError extends Error {
  override readonly name = "RegexSyntaxError";
}

/** Longest regular expression accepted, in characters. */
export const MAX_REGEX_LENGTH = 4096;

/** Recently compiled expressions: the semantic check and the compiler both need one, and feeds repeat them. */
const CACHE = new Map<string, CompiledRegex>();
const CACHE_SIZE = 1024;

/** Compiles a MATCHES operand (cached); throws RegexSyntaxError when it is not valid RE2 syntax. */
export function compileRegex(source: string): CompiledRegex {
  const cached = CACHE.get(source);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(source);
  if (CACHE.size >= CACHE_SIZE) CACHE.delete(CACHE.keys().next().value as string);
  CACHE.set(source, compiled);
  return compiled;
}

/** RE2's own error descriptions (RE2JS's Parser.ERR_*), by the catalog key that says them in the reader's language. */
const RE2_ERRORS: Record<string, MessageKey> = {
  "invalid character class range": "pattern:regex.re2.invalidCharRange",
  "invalid escape sequence": "pattern:regex.re2.invalidEscape",
  "invalid named capture": "pattern:regex.re2.invalidNamedCapture",
  "invalid or unsupported Perl syntax": "pattern:regex.re2.invalidPerlOp",
  "invalid nested repetition operator": "pattern:regex.re2.invalidRepeatOp",
  "invalid repeat count": "pattern:regex.re2.invalidRepeatSize",
  "missing closing ]": "pattern:regex.re2.missingBracket",
  "missing closing )": "pattern:regex.re2.missingParen",
  "missing argument to repetition operator": "pattern:regex.re2.missingRepeatArgument",
  "trailing backslash at end of expression": "pattern:regex.re2.trailingBackslash",
  "duplicate capture group name": "pattern:regex.re2.duplicateNamedCapture",
  "unexpected )": "pattern:regex.re2.unexpectedParen",
  "expression nests too deeply": "pattern:regex.re2.nestingDepth",
  "expression too large": "pattern:regex.re2.large",
  "invalid capture in lookbehind": "pattern:regex.re2.captureInLookbehind",
};

/** What RE2 found wrong, with the part of the expression it points at: "falta el ) de cierre: `(`". */
function describeRe2Error(error: unknown): string {
  if (error instanceof RE2JSSyntaxException) {
    const key = RE2_ERRORS[error.getDescription()];
    const why = key ? t(key) : error.getDescription();
    const input = error.getPattern();
    return input ? t("pattern:regex.at", { why, input }) : why;
  }
  return error instanceof Error ? error.message : String(error);
}

function compileUncached(source: string): CompiledRegex {
  if (source.length > MAX_REGEX_LENGTH) {
    throw new RegexSyntaxError(t("pattern:regex.tooLong", { length: source.length, limit: MAX_REGEX_LENGTH }));
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(source.normalize("NFC"));
  } catch (error) {
    throw new RegexSyntaxError(t("pattern:regex.invalid", { why: describeRe2Error(error) }), { cause: error });
  }
  const binary = /^[\u0000-\u00ff]*$/.test(source);
  return {
    test: (value) => re.test(value),
    testBytes: (bytes) => binary && re.test(bytes),
  };
}
