import pep440 from "@renovatebot/pep440";
import type { EcosystemOrdering } from "../contract.js";

/**
 * PEP 440 ordering for PyPI (epochs, pre-, post- and dev-releases, local versions), through
 * `@renovatebot/pep440`, a port of the `packaging` library's rules. Versions are kept as their
 * normalized text, which the library compares.
 */
export const pep440Ordering: EcosystemOrdering<string> = {
  name: "PEP 440",
  parse: (text) => (pep440.valid(text.trim()) === null ? null : text.trim()),
  compare: (a, b) => pep440.compare(a, b),
};
