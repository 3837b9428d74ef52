import { RE2JS } from "re2js";

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

function compileUncached(source: string): CompiledRegex {
  if (source.length > MAX_REGEX_LENGTH) {
    throw new RegexSyntaxError(
      `the regular expression has ${source.length} characters; the limit is ${MAX_REGEX_LENGTH}`,
    );
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(source.normalize("NFC"));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new RegexSyntaxError(`invalid regular expression: ${why}`, { cause: error });
  }
  const binary = /^[\u0000-\u00ff]*$/.test(source);
  return {
    test: (value) => re.test(value),
    testBytes: (bytes) => binary && re.test(bytes),
  };
}
