import type { BinaryValue, TimestampValue } from "./values.js";

/**
 * The pattern tree. Nodes of one kind always have the same fields, set by the factory functions
 * below, so objects keep one shape. AND, OR and FOLLOWEDBY are n-ary (a chain of 10,000 ORs is one
 * node with 10,000 operands, not a tree 10,000 deep).
 */

/** One step of an object path after the first property: `.key`, `[n]` or `[*]`. */
export type PathStep = { kind: "key"; name: string } | { kind: "index"; index: number } | { kind: "any" };

/** `type:prop.sub[0].'quoted key'` */
export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  start: number;
  end: number;
}

/** A literal value as written in the pattern. */
export type LiteralValue = string | number | boolean | BinaryValue | TimestampValue;

/** A literal with its kind (the token it came from) and position. */
export interface Literal {
  kind: "string" | "int" | "float" | "bool" | "hex" | "binary" | "timestamp";
  value: LiteralValue;
  start: number;
  end: number;
}

/** A comparison operator. */
export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "IN" | "LIKE" | "MATCHES" | "ISSUBSET" | "ISSUPERSET";

/** `path [NOT] op literal`; `set` holds the members for IN, `value` is null then. */
export interface ComparisonTest {
  kind: "test";
  path: ObjectPath;
  op: Operator;
  negated: boolean;
  value: Literal | null;
  set: Literal[] | null;
  start: number;
  end: number;
}

/** `EXISTS path` */
export interface ExistsTest {
  kind: "exists";
  path: ObjectPath;
  start: number;
  end: number;
}

/** AND / OR between comparison expressions inside one observation expression. */
export interface ComparisonJunction {
  kind: "and" | "or";
  operands: ComparisonNode[];
  start: number;
  end: number;
}

/** A node inside [ ... ]. */
export type ComparisonNode = ComparisonTest | ExistsTest | ComparisonJunction;

/** A qualifier on an observation expression. */
export type Qualifier =
  | { kind: "within"; seconds: number; start: number }
  | { kind: "repeats"; times: number; start: number }
  | { kind: "start-stop"; from: TimestampValue; to: TimestampValue; start: number };

/** `[ comparison ]` */
export interface ObservationLeaf {
  kind: "observation";
  comparison: ComparisonNode;
  start: number;
  end: number;
}

/** AND / OR / FOLLOWEDBY between observation expressions. */
export interface ObservationJunction {
  kind: "obs-and" | "obs-or" | "followedby";
  operands: ObservationNode[];
  start: number;
  end: number;
}

/** An observation expression with one qualifier (chained qualifiers nest). */
export interface QualifiedObservation {
  kind: "qualified";
  operand: ObservationNode;
  qualifier: Qualifier;
  start: number;
  end: number;
}

/** A node of the observation level; the whole pattern is one of these. */
export type ObservationNode = ObservationLeaf | ObservationJunction | QualifiedObservation;

/** Builds a comparison test node. */
export function testNode(
  path: ObjectPath,
  op: Operator,
  negated: boolean,
  value: Literal | null,
  set: Literal[] | null,
  start: number,
  end: number,
): ComparisonTest {
  return { kind: "test", path, op, negated, value, set, start, end };
}

/** Builds an EXISTS node. */
export function existsNode(path: ObjectPath, start: number, end: number): ExistsTest {
  return { kind: "exists", path, start, end };
}

/** Builds an AND/OR node of comparisons. */
export function junctionNode(
  kind: "and" | "or",
  operands: ComparisonNode[],
  start: number,
  end: number,
): ComparisonJunction {
  return { kind, operands, start, end };
}

/** Builds an observation leaf. */
export function leafNode(comparison: ComparisonNode, start: number, end: number): ObservationLeaf {
  return { kind: "observation", comparison, start, end };
}

/** Builds an AND/OR/FOLLOWEDBY node of observation expressions. */
export function obsJunctionNode(
  kind: "obs-and" | "obs-or" | "followedby",
  operands: ObservationNode[],
  start: number,
  end: number,
): ObservationJunction {
  return { kind, operands, start, end };
}

/** Builds a qualified observation node. */
export function qualifiedNode(
  operand: ObservationNode,
  qualifier: Qualifier,
  start: number,
  end: number,
): QualifiedObservation {
  return { kind: "qualified", operand, qualifier, start, end };
}

/** Every comparison test and EXISTS in a comparison tree, in order. */
export function forEachTest(node: ComparisonNode, visit: (test: ComparisonTest | ExistsTest) => void): void {
  if (node.kind === "test" || node.kind === "exists") visit(node);
  else for (const o of node.operands) forEachTest(o, visit);
}

/** Every observation leaf of a pattern, in order. */
export function forEachLeaf(node: ObservationNode, visit: (leaf: ObservationLeaf) => void): void {
  if (node.kind === "observation") visit(node);
  else if (node.kind === "qualified") forEachLeaf(node.operand, visit);
  else for (const o of node.operands) forEachLeaf(o, visit);
}
