import type { Purl } from "../../assets/index.js";
import { composerOrdering } from "./composer/index.js";
import type { EcosystemOrdering } from "./contract.js";
import { mavenOrdering } from "./maven/index.js";
import { pep440Ordering } from "./pypi/index.js";
import { semverOrdering } from "./semver/index.js";

/**
 * ecosystems: the package ecosystems OSV advisories are matched in — which purl type each one
 * is, how a package is named in OSV, and how its versions are ordered (one folder per ordering,
 * behind the contract of contract.ts).
 */

export type { EcosystemOrdering } from "./contract.js";
export { composerOrdering, mavenOrdering, pep440Ordering, semverOrdering };

/** One ecosystem: its OSV name, its purl type, its ordering and how a purl names its packages. */
export interface Ecosystem {
  /** As OSV writes it in `affected[].package.ecosystem`. */
  osv: string;
  purlType: string;
  ordering: EcosystemOrdering;
  /** The package name as OSV writes it, from a purl's namespace and name. */
  packageName(namespace: string | null, name: string): string;
  /** The same name written another way compares equal once keyed (PyPI: case and -_. runs). */
  key(name: string): string;
}

const joined = (sep: string) => (namespace: string | null, name: string) =>
  namespace ? `${namespace}${sep}${name}` : name;
const asIs = (name: string) => name;

/** The ecosystems matched, by OSV name. */
export const ECOSYSTEMS: readonly Ecosystem[] = [
  { osv: "npm", purlType: "npm", ordering: semverOrdering, packageName: joined("/"), key: asIs },
  { osv: "crates.io", purlType: "cargo", ordering: semverOrdering, packageName: joined("/"), key: asIs },
  { osv: "Go", purlType: "golang", ordering: semverOrdering, packageName: joined("/"), key: asIs },
  { osv: "Maven", purlType: "maven", ordering: mavenOrdering, packageName: joined(":"), key: asIs },
  {
    osv: "PyPI",
    purlType: "pypi",
    ordering: pep440Ordering,
    packageName: joined("/"),
    // PEP 503: names differing in case or in runs of -, _ and . are the same project.
    key: (name) => name.toLowerCase().replace(/[-_.]+/g, "-"),
  },
  // Composer package names are lower-case by rule; Packagist advisories write them so.
  {
    osv: "Packagist",
    purlType: "composer",
    ordering: composerOrdering,
    packageName: joined("/"),
    key: (n) => n.toLowerCase(),
  },
];

const BY_OSV = new Map(ECOSYSTEMS.map((e) => [e.osv, e]));
const BY_PURL = new Map(ECOSYSTEMS.map((e) => [e.purlType, e]));

/** The ecosystem OSV calls `name` ("npm", "Maven", "PyPI:…" suffixes ignored), or null when not matched. */
export function ecosystemOf(name: string): Ecosystem | null {
  const colon = name.indexOf(":");
  return BY_OSV.get(colon < 0 ? name : name.slice(0, colon)) ?? null;
}

/** A purl's package as OSV names it: the ecosystem, the lookup key and the version; null for other purl types or no version. */
export function purlPackage(purl: Purl): { ecosystem: Ecosystem; key: string; name: string; version: string } | null {
  const ecosystem = BY_PURL.get(purl.type);
  if (!ecosystem || !purl.version) return null;
  const name = ecosystem.packageName(purl.namespace, purl.name);
  return { ecosystem, key: `${ecosystem.osv}|${ecosystem.key(name)}`, name, version: purl.version };
}

/** The lookup key of an OSV package: ecosystem and keyed name. */
export function packageKey(ecosystem: Ecosystem, name: string): string {
  return `${ecosystem.osv}|${ecosystem.key(name)}`;
}
