import { leafNode, type ObservationNode, obsJunctionNode, type Qualifier, qualifiedNode } from "./ast.js";
import { fail } from "./errors.js";
import { ComparisonParser } from "./parse-comparison.js";
import { TT } from "./tokens.js";
import type { TimestampValue } from "./values.js";

/**
 * Recursive-descent parser of the STIX 2.1 patterning grammar. Precedence, loosest first:
 * FOLLOWEDBY, then OR, then AND between observation expressions; qualifiers bind to the
 * expression just before them; inside brackets OR is looser than AND. Nesting depth and pattern
 * length are bounded so hostile input gets an error, never a stack overflow.
 */

/** Limits on what the parser accepts. */
export interface ParseOptions {
  /** Longest pattern text accepted, in UTF-16 code units (default 256 KiB). */
  maxLength?: number;
  /** Deepest nesting of brackets and parentheses (default 100). */
  maxDepth?: number;
}

/** Default longest pattern, in UTF-16 code units. */
export const DEFAULT_MAX_PATTERN_LENGTH = 256 * 1024;
/** Default deepest nesting of ( and [. */
export const DEFAULT_MAX_DEPTH = 100;

/** Parses a pattern into its tree; throws PatternError with code and position on bad input. */
export function parsePattern(text: string, options: ParseOptions = {}): ObservationNode {
  const maxLength = options.maxLength ?? DEFAULT_MAX_PATTERN_LENGTH;
  if (text.length > maxLength) {
    fail(text, "PATTERN_TOO_LONG", maxLength, `the pattern has ${text.length} characters; the limit is ${maxLength}`);
  }
  if (text.trim() === "")
    fail(text, "PATTERN_EMPTY", 0, "the pattern is empty: write e.g. [ipv4-addr:value = '198.51.100.1']");
  return new Parser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH).parse();
}

class Parser extends ComparisonParser {
  parse(): ObservationNode {
    this.lx.next();
    const node = this.followedBy();
    if (this.lx.type !== TT.eof) {
      this.unexpected(
        this.lx.type.keyword || this.lx.type === TT.rparen
          ? "an observation operator or the end"
          : "AND, OR, FOLLOWEDBY, a qualifier or the end",
      );
    }
    return node;
  }

  private followedBy(): ObservationNode {
    const start = this.lx.start;
    const first = this.obsOr();
    if (this.lx.type !== TT.followedby) return first;
    const operands = [first];
    while (this.lx.type === TT.followedby) {
      this.lx.next();
      operands.push(this.obsOr());
    }
    return obsJunctionNode("followedby", operands, start, this.lx.start);
  }

  private obsOr(): ObservationNode {
    const start = this.lx.start;
    const first = this.obsAnd();
    if (this.lx.type !== TT.or) return first;
    const operands = [first];
    while (this.lx.type === TT.or) {
      this.lx.next();
      operands.push(this.obsAnd());
    }
    return obsJunctionNode("obs-or", operands, start, this.lx.start);
  }

  private obsAnd(): ObservationNode {
    const start = this.lx.start;
    const first = this.qualified();
    if (this.lx.type !== TT.and) return first;
    const operands = [first];
    while (this.lx.type === TT.and) {
      this.lx.next();
      operands.push(this.qualified());
    }
    return obsJunctionNode("obs-and", operands, start, this.lx.start);
  }

  private qualified(): ObservationNode {
    const start = this.lx.start;
    let node = this.obsPrimary();
    for (;;) {
      const q = this.qualifier();
      if (q === null) return node;
      node = qualifiedNode(node, q, start, this.lx.start);
    }
  }

  private obsPrimary(): ObservationNode {
    const lx = this.lx;
    const start = lx.start;
    if (lx.type === TT.lbrack) {
      this.enter();
      lx.next();
      const comparison = this.compOr();
      this.expect(TT.rbrack);
      this.depth--;
      return leafNode(comparison, start, lx.start);
    }
    if (lx.type === TT.lparen) {
      this.enter();
      lx.next();
      const inner = this.followedBy();
      this.expect(TT.rparen);
      this.depth--;
      return inner;
    }
    this.unexpected("'[' to open an observation expression or '('");
  }

  private qualifier(): Qualifier | null {
    const lx = this.lx;
    const start = lx.start;
    if (lx.type === TT.within) {
      lx.next();
      if (lx.type !== TT.int && lx.type !== TT.float) this.unexpected("a number of seconds after WITHIN");
      const seconds = lx.value as number;
      if (!(seconds > 0))
        fail(this.text, "PATTERN_BAD_QUALIFIER", lx.start, "WITHIN needs a positive number of seconds");
      lx.next();
      this.expect(TT.seconds);
      return { kind: "within", seconds, start };
    }
    if (lx.type === TT.repeats) {
      lx.next();
      if (lx.type !== TT.int) this.unexpected("a whole number after REPEATS");
      const times = lx.value as number;
      if (times < 1 || !Number.isSafeInteger(times)) {
        fail(this.text, "PATTERN_BAD_QUALIFIER", lx.start, "REPEATS needs a whole number of at least 1");
      }
      lx.next();
      this.expect(TT.times);
      return { kind: "repeats", times, start };
    }
    if (lx.type === TT.start) {
      lx.next();
      const from = this.timestampLiteral("START");
      this.expect(TT.stop);
      // START not before STOP is evaluated (it never matches), as the reference matcher does;
      // the semantic check warns about it.
      const to = this.timestampLiteral("STOP");
      return { kind: "start-stop", from, to, start };
    }
    return null;
  }

  /**
   * START/STOP take t'..' literals (STIX 2.1 §9.7 grammar). The 2.0 grammar, and the reference
   * matcher built on it, took plain strings there; a 2.0 pattern gets an error saying what to write.
   */
  private timestampLiteral(after: string): TimestampValue {
    const lx = this.lx;
    if (lx.type !== TT.timestamp) this.unexpected(`a timestamp literal t'YYYY-MM-DDTHH:MM:SSZ' after ${after}`);
    const value = lx.value as TimestampValue;
    lx.next();
    return value;
  }
}
