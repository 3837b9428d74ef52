/**
 * The one thing OSV matching asks of an ecosystem: how its versions are read and ordered. Each
 * ecosystem folder (semver/, maven/, pypi/, composer/) exports one EcosystemOrdering, and every
 * one passes the same case suite (ordering.cases.ts):
 *
 *   parse("1.2.3")            → a value, or null when the text is not a version of the ecosystem
 *   compare(parse(a), parse(b)) → < 0, 0, > 0, a total order consistent over every parsed value
 */

/** How one ecosystem reads and orders its versions. */
export interface EcosystemOrdering<V = unknown> {
  /** The ordering's name, for messages ("SemVer", "Maven", "PEP 440", "Composer"). */
  readonly name: string;
  /** The version read, or null when `text` is not a version this ecosystem knows. */
  parse(text: string): V | null;
  /** Negative, zero or positive as `a` comes before, with or after `b`. */
  compare(a: V, b: V): number;
}
