/**
 * Token types of the STIX patterning grammar. Each type carries flags the parser reads instead of
 * comparing strings: whether it is a literal, an orderable literal, a comparison operator.
 */

/** Flags a token type may carry. */
export interface TokenFlags {
  /** A literal value (string, number, bool, hex, binary, timestamp). */
  literal?: boolean;
  /** A literal the order operators (<, <=, >, >=) accept: every literal but booleans. */
  orderable?: boolean;
  /** An operator between an object path and a literal. */
  comparison?: boolean;
  /** An order operator: <, <=, >, >=. */
  order?: boolean;
  /** A reserved word of the grammar. */
  keyword?: boolean;
}

/** One kind of token; identity comparison (`tok === TT.and`) is how the parser tests kinds. */
export class TokenType {
  readonly label: string;
  readonly literal: boolean;
  readonly orderable: boolean;
  readonly comparison: boolean;
  readonly order: boolean;
  readonly keyword: boolean;
  constructor(label: string, flags: TokenFlags = {}) {
    this.label = label;
    this.literal = flags.literal ?? false;
    this.orderable = flags.orderable ?? false;
    this.comparison = flags.comparison ?? false;
    this.order = flags.order ?? false;
    this.keyword = flags.keyword ?? false;
  }
}

const kw = (name: string, flags: TokenFlags = {}) => new TokenType(name, { ...flags, keyword: true });
const lit = (label: string, orderable = true) => new TokenType(label, { literal: true, orderable });

/** Every token type. */
export const TT = {
  eof: new TokenType("end of pattern"),
  lbrack: new TokenType("'['"),
  rbrack: new TokenType("']'"),
  lparen: new TokenType("'('"),
  rparen: new TokenType("')'"),
  colon: new TokenType("':'"),
  dot: new TokenType("'.'"),
  comma: new TokenType("','"),
  star: new TokenType("'*'"),
  eq: new TokenType("'='", { comparison: true }),
  neq: new TokenType("'!='", { comparison: true }),
  lt: new TokenType("'<'", { comparison: true, order: true }),
  le: new TokenType("'<='", { comparison: true, order: true }),
  gt: new TokenType("'>'", { comparison: true, order: true }),
  ge: new TokenType("'>='", { comparison: true, order: true }),
  ident: new TokenType("identifier"),
  string: lit("string literal"),
  int: lit("integer"),
  float: lit("float"),
  bool: lit("boolean", false),
  hex: lit("hex literal"),
  binary: lit("binary literal"),
  timestamp: lit("timestamp literal"),
  and: kw("AND"),
  or: kw("OR"),
  not: kw("NOT"),
  followedby: kw("FOLLOWEDBY"),
  like: kw("LIKE", { comparison: true }),
  matches: kw("MATCHES", { comparison: true }),
  issubset: kw("ISSUBSET", { comparison: true }),
  issuperset: kw("ISSUPERSET", { comparison: true }),
  in: kw("IN", { comparison: true }),
  exists: kw("EXISTS"),
  start: kw("START"),
  stop: kw("STOP"),
  seconds: kw("SECONDS"),
  within: kw("WITHIN"),
  repeats: kw("REPEATS"),
  times: kw("TIMES"),
} as const;

/** Reserved words (upper case, as the grammar spells them) to their token types. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ["AND", TT.and],
  ["OR", TT.or],
  ["NOT", TT.not],
  ["FOLLOWEDBY", TT.followedby],
  ["LIKE", TT.like],
  ["MATCHES", TT.matches],
  ["ISSUBSET", TT.issubset],
  ["ISSUPERSET", TT.issuperset],
  ["IN", TT.in],
  ["EXISTS", TT.exists],
  ["START", TT.start],
  ["STOP", TT.stop],
  ["SECONDS", TT.seconds],
  ["WITHIN", TT.within],
  ["REPEATS", TT.repeats],
  ["TIMES", TT.times],
]);
