import { runOrderingCases } from "../ordering.cases.js";
import { semverOrdering } from "./index.js";

runOrderingCases(semverOrdering, {
  ascending: [
    "0.0.0",
    "0.1.7",
    "0.1.10",
    "0.2.0",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
    "1.2.3",
    "1.2.13",
    "4.17.19",
    "4.17.20",
    "4.17.21",
    "10.0.0",
  ],
  equal: [
    ["1.0", "1.0.0"],
    ["v1.2.3", "1.2.3"],
    ["=2.0.0", "2.0.0"],
    ["1.0.0+build.5", "1.0.0"],
    ["v1.2.13+incompatible", "1.2.13"],
  ],
  invalid: ["", "latest", "1.2.3.4", "^1.2.3", "1.x", "dev-main"],
});
