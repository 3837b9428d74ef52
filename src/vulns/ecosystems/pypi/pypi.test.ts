import { runOrderingCases } from "../ordering.cases.js";
import { pep440Ordering } from "./index.js";

// PEP 440's own example order, with a local version and an epoch.
runOrderingCases(pep440Ordering, {
  ascending: [
    "1.0.dev456",
    "1.0a1",
    "1.0a2.dev456",
    "1.0a12.dev456",
    "1.0a12",
    "1.0b1.dev456",
    "1.0b2",
    "1.0b2.post345.dev456",
    "1.0b2.post345",
    "1.0rc1.dev456",
    "1.0rc1",
    "1.0",
    "1.0+abc.5",
    "1.0+abc.7",
    "1.0+5",
    "1.0.post456.dev34",
    "1.0.post456",
    "1.0.15",
    "1.1.dev1",
    "2.0",
    "1!0.5",
  ],
  equal: [
    ["1.0", "1.0.0"],
    ["1.0RC1", "1.0rc1"],
    ["1.0-alpha-1", "1.0a1"],
    ["v2.0", "2.0"],
  ],
  invalid: ["", "1.0-foo", "latest", "1..0"],
});
