import semver from "semver";
import type { EcosystemOrdering } from "../contract.js";

/**
 * SemVer 2.0 ordering, as npm, crates.io and the Go module system use it (the `semver` package,
 * the npm client's own). Versions written short by advisories or SBOMs ("1.0", "v1.2.3", "=2.0.0")
 * are read as the full version they name ("1.0.0"), as npm and Go do; build metadata
 * ("+incompatible") does not count.
 */
export const semverOrdering: EcosystemOrdering<semver.SemVer> = {
  name: "SemVer",
  parse(text) {
    const trimmed = text.trim().replace(/^[=v]+/i, "");
    const exact = semver.parse(trimmed);
    if (exact) return exact;
    // "1.0" or "2" (no pre-release, no build): the advisory's shorthand for 1.0.0 / 2.0.0.
    const short = /^(\d+)(?:\.(\d+))?$/.exec(trimmed);
    return short ? semver.parse(`${short[1]}.${short[2] ?? 0}.0`) : null;
  },
  compare: (a, b) => semver.compare(a, b),
};
