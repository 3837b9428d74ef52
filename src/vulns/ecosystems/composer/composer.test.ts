import { runOrderingCases } from "../ordering.cases.js";
import { composerOrdering } from "./index.js";

runOrderingCases(composerOrdering, {
  ascending: [
    "1.0.0-dev",
    "1.0.0-alpha1",
    "1.0.0-beta1",
    "1.0.0-beta2-dev",
    "1.0.0-beta2",
    "1.0.0-RC1",
    "1.0.0",
    "1.0.0-patch1",
    "1.1.4",
    "1.1.10",
    "5.3.12",
    "5.4.16",
    "5.4.20",
    "6.5.6",
    "6.5.8",
    "7.30.6",
    "7.30.6.1",
  ],
  equal: [
    ["v7.30.6", "7.30.6"],
    ["7.30.6.0", "7.30.6"],
    ["1.0", "1.0.0"],
    ["1.0.0-b1", "1.0.0-beta1"],
    ["1.0.0.RC1", "1.0.0-rc1"],
    ["1.0.0-stable", "1.0.0"],
    ["1.0.0-pl1", "1.0.0-patch1"],
  ],
  invalid: ["", "dev-main", "1.2.3.4.5", "latest"],
});
