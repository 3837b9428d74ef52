import type { ObservationNode } from "./ast.js";
import { type Atom, extractAtoms, type PatternClass } from "./atoms.js";
import { type CompiledMatcher, compileMatcher, type MatchResult } from "./compile.js";
import { PatternError, type PatternIssue } from "./errors.js";
import { type ObservationSet, prepareObservations } from "./observations.js";
import { type ParseOptions, parsePattern } from "./parser.js";
import { checkSemantics } from "./semantic.js";

/**
 * pattern: the STIX 2.1 patterning language — parser, semantic checks, evaluator over
 * observed-data, and the compiler that turns patterns into index atoms and closures.
 */

export type { ComparisonNode, Literal, ObjectPath, ObservationNode, Operator, PathStep, Qualifier } from "./ast.js";
export type { Atom, PatternClass } from "./atoms.js";
export type { CompiledMatcher, MatchResult } from "./compile.js";
export type { PatternCode, PatternIssue, PatternSeverity } from "./errors.js";
export { PATTERN_ISSUES, PatternError } from "./errors.js";
export type { JsonObject, ObservationSet, PreparedObservation } from "./observations.js";
export { prepareObservations } from "./observations.js";
export type { ParseOptions } from "./parser.js";
export { DEFAULT_MAX_DEPTH, DEFAULT_MAX_PATTERN_LENGTH, parsePattern } from "./parser.js";
/** The index atoms of a checked pattern (the equality and subnet tests a lookup can serve), and its class. */
export { extractAtoms as patternAtoms };

/** The verdict on one pattern: valid or not, with every error and warning. */
export interface CheckResult {
  valid: boolean;
  /** The tree, when the pattern parsed (even if semantic errors were found). */
  ast: ObservationNode | null;
  errors: PatternIssue[];
  warnings: PatternIssue[];
}

const NONE: PatternIssue[] = Object.freeze([]) as unknown as PatternIssue[];

/** Parses and checks a pattern, never throwing for bad input. */
export function checkPattern(text: string, options?: ParseOptions): CheckResult {
  let ast: ObservationNode;
  try {
    ast = parsePattern(text, options);
  } catch (error) {
    if (error instanceof PatternError) return { valid: false, ast: null, errors: [error.issue], warnings: [] };
    throw error;
  }
  const issues = checkSemantics(ast, text);
  if (issues.length === 0) return { valid: true, ast, errors: NONE, warnings: NONE };
  const errors = issues.filter((i) => i.severity === "error");
  return { valid: errors.length === 0, ast, errors, warnings: issues.filter((i) => i.severity === "warning") };
}

/** A pattern ready to run: its tree, warnings, index atoms and compiled closures. */
export interface CompiledPattern extends CompiledMatcher {
  source: string;
  ast: ObservationNode;
  warnings: PatternIssue[];
  kind: PatternClass;
  atoms: Atom[];
}

/** Parses, checks and compiles a pattern; throws PatternError (the first error) when it is invalid. */
export function compilePattern(text: string, options?: ParseOptions): CompiledPattern {
  const checked = checkPattern(text, options);
  const first = checked.errors[0];
  if (first !== undefined || checked.ast === null) throw new PatternError(first!);
  const matcher = compileMatcher(checked.ast, text);
  const { kind, atoms } = extractAtoms(checked.ast);
  return Object.assign(matcher, { source: text, ast: checked.ast, warnings: checked.warnings, kind, atoms });
}

/** The result of compiling many patterns: each compiled pattern or its error, and counts per class. */
export interface CompiledSet {
  results: (CompiledPattern | PatternError)[];
  counts: Record<PatternClass | "invalid", number>;
}

/** Compiles a list of patterns, counting how many fall into each class (and how many are invalid). */
export function compilePatterns(texts: Iterable<string>, options?: ParseOptions): CompiledSet {
  const counts = { atoms: 0, prefilter: 0, closure: 0, invalid: 0 };
  const results: (CompiledPattern | PatternError)[] = [];
  for (const text of texts) {
    try {
      const c = compilePattern(text, options);
      counts[c.kind]++;
      results.push(c);
    } catch (error) {
      if (!(error instanceof PatternError)) throw error;
      counts.invalid++;
      results.push(error);
    }
  }
  return { results, counts };
}

/** One-shot: does `pattern` match the observed-data (and referenced SCOs) in `objects`? */
export function matchPattern(
  pattern: string | CompiledPattern,
  objects: readonly unknown[] | ObservationSet,
): MatchResult {
  const compiled = typeof pattern === "string" ? compilePattern(pattern) : pattern;
  const set = Array.isArray(objects) ? prepareObservations(objects) : (objects as ObservationSet);
  return compiled.match(set);
}
