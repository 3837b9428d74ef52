import {
  type ComparisonNode,
  type ComparisonTest,
  type ExistsTest,
  forEachLeaf,
  forEachTest,
  type ObservationNode,
} from "./ast.js";
import { parseIpBlock } from "./cidr.js";
import { makeIssue, type PatternCode, type PatternIssue } from "./errors.js";
import { compileRegex, RegexSyntaxError } from "./regex.js";
import { type PropertyKind, SCO_PROPERTIES } from "./sco-types.js";

/**
 * Checks beyond the grammar. Unknown object types and properties are warnings (custom objects
 * are legal, STIX 2.1 §9.2); a literal whose type cannot be compared with the property is an
 * error, as are MATCHES operands that are not regular expressions and ISSUBSET/ISSUPERSET
 * operands that are not addresses or CIDR blocks.
 */

/** Literal kinds each property kind can be compared with. */
const ACCEPTS: Record<PropertyKind, ReadonlySet<string> | null> = {
  string: new Set(["string", "hex", "binary"]),
  integer: new Set(["int", "float"]),
  float: new Set(["int", "float"]),
  boolean: new Set(["bool"]),
  timestamp: new Set(["timestamp", "string"]),
  binary: new Set(["hex", "binary", "string"]),
  list: null,
  dict: null,
  ref: null,
  any: null,
};

/** Returns the errors and warnings of a parsed pattern (its text is used for positions). */
export function checkSemantics(root: ObservationNode, text: string): PatternIssue[] {
  const out: Issues = { text, issues: [] };
  forEachLeaf(root, (leaf) => {
    const c = leaf.comparison;
    if (c.kind === "test" || c.kind === "exists") checkTest(c, out);
    else {
      forEachTest(c, (t) => checkTest(t, out));
      checkAndTypes(c, out);
    }
  });
  checkIntervals(root, out);
  return out.issues;
}

/** Warns about START/STOP qualifiers whose START is not before STOP (they never match). */
function checkIntervals(node: ObservationNode, out: Issues): void {
  if (node.kind === "observation") return;
  if (node.kind === "qualified") {
    const q = node.qualifier;
    if (q.kind === "start-stop" && q.from.key >= q.to.key) {
      add(
        out,
        "PATTERN_EMPTY_INTERVAL",
        q.start,
        `START ${q.from.key === q.to.key ? "equals" : "is later than"} STOP, so no observation falls in [START, STOP) and this expression never matches; swap the times or widen them`,
      );
    }
    checkIntervals(node.operand, out);
    return;
  }
  for (const o of node.operands) checkIntervals(o, out);
}

/** Where issues are collected, with the text their positions refer to. */
interface Issues {
  text: string;
  issues: PatternIssue[];
}

function add(out: Issues, code: PatternCode, offset: number, message: string): void {
  out.issues.push(makeIssue(out.text, code, offset, message));
}

function checkTest(t: ComparisonTest | ExistsTest, out: Issues): void {
  const { objectType, steps } = t.path;
  const props = SCO_PROPERTIES.get(objectType);
  let kind: PropertyKind = "any";
  const first = steps[0];
  const firstName = first?.kind === "key" ? first.name : "";
  if (props === undefined) {
    add(
      out,
      "PATTERN_UNKNOWN_OBJECT_TYPE",
      t.path.start,
      `'${objectType}' is not a STIX 2.1 object type; it matches only custom objects of that type`,
    );
  } else if (!Object.hasOwn(props, firstName)) {
    if (!firstName.startsWith("x_")) {
      add(
        out,
        "PATTERN_UNKNOWN_PROPERTY",
        t.path.start,
        `'${objectType}' has no property '${firstName}' in STIX 2.1; check the spelling`,
      );
    }
  } else if (steps.length === 1) kind = props[firstName] ?? "any";
  if (t.kind === "exists") return;
  const lits = t.value !== null ? [t.value] : (t.set ?? []);
  const accepts = ACCEPTS[kind];
  for (const lit of lits) {
    if (accepts !== null && !accepts.has(lit.kind)) {
      add(
        out,
        "PATTERN_TYPE_MISMATCH",
        lit.start,
        `${objectType}:${firstName} holds ${kind} values; a ${lit.kind} literal never compares with it`,
      );
    } else if (kind === "timestamp" && lit.kind === "string") {
      add(
        out,
        "PATTERN_STRING_FOR_TIMESTAMP",
        lit.start,
        `${objectType}:${firstName} is a timestamp; write t'...' to compare it as one`,
      );
    }
  }
  const lit = t.value;
  if (lit === null) return;
  if ((t.op === "LIKE" || t.op === "ISSUBSET" || t.op === "ISSUPERSET") && accepts !== null && !accepts.has("string")) {
    add(
      out,
      "PATTERN_TYPE_MISMATCH",
      t.start,
      `${t.op} compares strings; ${objectType}:${firstName} holds ${kind} values`,
    );
  }
  if (t.op === "MATCHES") {
    try {
      compileRegex(lit.value as string);
    } catch (error) {
      if (error instanceof RegexSyntaxError) add(out, "PATTERN_BAD_REGEX", lit.start, error.message);
      else throw error;
    }
  }
  if ((t.op === "ISSUBSET" || t.op === "ISSUPERSET") && parseIpBlock(lit.value as string) === null) {
    add(
      out,
      "PATTERN_BAD_CIDR",
      lit.start,
      `'${String(lit.value).slice(0, 60)}' is not an IPv4/IPv6 address or CIDR block such as '198.51.100.0/24'`,
    );
  }
}

/** Root object types a comparison tree can be satisfied by; warns where AND joins disjoint ones. */
function checkAndTypes(node: ComparisonNode, out: Issues): Set<string> {
  if (node.kind === "test" || node.kind === "exists") return new Set([node.path.objectType]);
  const sets = node.operands.map((o) => checkAndTypes(o, out));
  if (node.kind === "or") return new Set(sets.flatMap((s) => [...s]));
  let acc = sets[0]!;
  for (const s of sets.slice(1)) acc = new Set([...acc].filter((x) => s.has(x)));
  if (acc.size === 0) {
    add(
      out,
      "PATTERN_AND_MIXED_TYPES",
      node.start,
      "comparisons joined by AND must hold for one object, and these name different object types; split them into [..] AND [..]",
    );
  }
  return acc;
}
