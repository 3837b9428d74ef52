import {
  type ComparisonNode,
  existsNode,
  junctionNode,
  type Literal,
  type ObjectPath,
  type Operator,
  type PathStep,
  testNode,
} from "./ast.js";
import { fail, type PatternCode } from "./errors.js";
import { Lexer } from "./lexer.js";
import { type TokenType, TT } from "./tokens.js";

/**
 * The inside of an observation expression: comparisons, object paths and literals, plus the
 * token helpers every level of the parser shares. parser.ts adds the observation level on top.
 */

const OPERATORS = new Map<TokenType, Operator>([
  [TT.eq, "="],
  [TT.neq, "!="],
  [TT.lt, "<"],
  [TT.le, "<="],
  [TT.gt, ">"],
  [TT.ge, ">="],
  [TT.in, "IN"],
  [TT.like, "LIKE"],
  [TT.matches, "MATCHES"],
  [TT.issubset, "ISSUBSET"],
  [TT.issuperset, "ISSUPERSET"],
]);

const LITERAL_KINDS = new Map<TokenType, Literal["kind"]>([
  [TT.string, "string"],
  [TT.int, "int"],
  [TT.float, "float"],
  [TT.bool, "bool"],
  [TT.hex, "hex"],
  [TT.binary, "binary"],
  [TT.timestamp, "timestamp"],
]);

/** Most steps after the first property of an object path (paths are walked recursively). */
export const MAX_PATH_STEPS = 63;

/** Literal kinds that may share one IN set: numbers with numbers, bytes with bytes. */
const SET_FAMILY: Record<Literal["kind"], string> = {
  string: "string",
  int: "number",
  float: "number",
  bool: "bool",
  hex: "bytes",
  binary: "bytes",
  timestamp: "timestamp",
};

/** Token handling and the comparison level of the grammar. */
export class ComparisonParser {
  protected readonly lx: Lexer;
  protected readonly text: string;
  private readonly maxDepth: number;
  protected depth = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.lx = new Lexer(text);
    this.maxDepth = maxDepth;
  }

  protected describe(): string {
    const lx = this.lx;
    if (lx.type === TT.eof) return "the end of the pattern";
    if (lx.type === TT.ident) return `'${lx.value as string}'`;
    if (lx.type.literal) return `${lx.type.label} ${this.text.slice(lx.start, Math.min(lx.end, lx.start + 40))}`;
    return lx.type.label;
  }

  protected unexpected(expected: string, code: PatternCode = "PATTERN_UNEXPECTED_TOKEN"): never {
    fail(this.text, code, this.lx.start, `expected ${expected}, found ${this.describe()}`);
  }

  protected expect(type: TokenType): void {
    if (this.lx.type !== type) this.unexpected(type.label);
    this.lx.next();
  }

  protected enter(): void {
    if (++this.depth > this.maxDepth) {
      fail(
        this.text,
        "PATTERN_TOO_DEEP",
        this.lx.start,
        `brackets and parentheses are nested more than ${this.maxDepth} deep`,
      );
    }
  }

  protected compOr(): ComparisonNode {
    const start = this.lx.start;
    const first = this.compAnd();
    if (this.lx.type !== TT.or) return first;
    const operands = [first];
    while (this.lx.type === TT.or) {
      this.lx.next();
      operands.push(this.compAnd());
    }
    return junctionNode("or", operands, start, this.lx.start);
  }

  private compAnd(): ComparisonNode {
    const start = this.lx.start;
    const first = this.compPrimary();
    if (this.lx.type !== TT.and) return first;
    const operands = [first];
    while (this.lx.type === TT.and) {
      this.lx.next();
      operands.push(this.compPrimary());
    }
    return junctionNode("and", operands, start, this.lx.start);
  }

  private compPrimary(): ComparisonNode {
    const lx = this.lx;
    const start = lx.start;
    if (lx.type === TT.lparen) {
      this.enter();
      lx.next();
      const inner = this.compOr();
      this.expect(TT.rparen);
      this.depth--;
      return inner;
    }
    if (lx.type === TT.exists) {
      lx.next();
      const path = this.objectPath();
      return existsNode(path, start, lx.start);
    }
    if (lx.type !== TT.ident) this.unexpected("an object path such as file:name, EXISTS or '('");
    const path = this.objectPath();
    let negated = false;
    if (lx.type === TT.not) {
      negated = true;
      lx.next();
    }
    const op = OPERATORS.get(lx.type);
    if (op === undefined)
      this.unexpected("a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)");
    lx.next();
    if (op === "IN") {
      const set = this.setLiteral();
      return testNode(path, op, negated, null, set, start, lx.start);
    }
    let value: Literal;
    if (op === "=" || op === "!=") value = this.literal("a literal");
    else if (op.length <= 2) {
      if (lx.type === TT.bool) this.unexpected(`a number, string, binary or timestamp (booleans have no order)`);
      value = this.literal("a literal");
    } else {
      if (lx.type !== TT.string) this.unexpected(`a string literal after ${op}`);
      value = this.literal("a string literal");
    }
    return testNode(path, op, negated, value, null, start, lx.start);
  }

  private literal(expected: string): Literal {
    const lx = this.lx;
    const kind = LITERAL_KINDS.get(lx.type);
    if (kind === undefined) this.unexpected(expected);
    const lit: Literal = { kind, value: lx.value as Literal["value"], start: lx.start, end: lx.end };
    lx.next();
    return lit;
  }

  private setLiteral(): Literal[] {
    const lx = this.lx;
    const open = lx.start;
    this.expect(TT.lparen);
    const members: Literal[] = [];
    if (lx.type !== TT.rparen) {
      members.push(this.literal("a literal in the set"));
      while (lx.type === TT.comma) {
        lx.next();
        members.push(this.literal("a literal after ','"));
      }
    }
    this.expect(TT.rparen);
    const first = members[0];
    if (first !== undefined) {
      for (const m of members) {
        const same = m.kind === first.kind || SET_FAMILY[m.kind] === SET_FAMILY[first.kind];
        if (!same)
          fail(
            this.text,
            "PATTERN_MIXED_SET",
            m.start,
            `the set opened at offset ${open} mixes ${first.kind} and ${m.kind} values`,
          );
      }
    }
    return members;
  }

  private objectPath(): ObjectPath {
    const lx = this.lx;
    const start = lx.start;
    const objectType = lx.value as string;
    lx.next();
    this.expect(TT.colon);
    const steps: PathStep[] = [this.keyStep("a property name after ':'")];
    for (;;) {
      if (steps.length > MAX_PATH_STEPS && (lx.type === TT.dot || lx.type === TT.lbrack)) {
        fail(this.text, "PATTERN_TOO_DEEP", lx.start, `an object path may have at most ${MAX_PATH_STEPS + 1} steps`);
      }
      if (lx.type === TT.dot) {
        lx.next();
        steps.push(this.keyStep("a property name after '.'"));
      } else if (lx.type === TT.lbrack) {
        lx.next();
        if (lx.type === TT.star) steps.push({ kind: "any" });
        else if (lx.type === TT.int) {
          const index = lx.value as number;
          if (index < 0 || Object.is(index, -0))
            fail(this.text, "PATTERN_BAD_INDEX", lx.start, "list indexes start at 0; use [*] for any element");
          steps.push({ kind: "index", index });
        } else this.unexpected("a list index or '*'");
        lx.next();
        this.expect(TT.rbrack);
      } else break;
    }
    return { objectType, steps, start, end: lx.start };
  }

  private keyStep(expected: string): PathStep {
    const lx = this.lx;
    let name: string;
    if (lx.type === TT.ident) {
      if (lx.hyphen) {
        fail(
          this.text,
          "PATTERN_UNEXPECTED_TOKEN",
          lx.start,
          `a property name with '-' must be quoted: '${lx.value as string}'`,
        );
      }
      name = lx.value as string;
    } else if (lx.type === TT.string) name = lx.value as string;
    else this.unexpected(expected);
    lx.next();
    return { kind: "key", name };
  }
}
