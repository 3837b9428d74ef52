import { runOrderingCases } from "../ordering.cases.js";
import { mavenOrdering } from "./index.js";

// Cases from Maven's own ComparableVersionTest and from the advisories in ../shared/data.
runOrderingCases(mavenOrdering, {
  ascending: [
    "1",
    "1.0.1",
    "1.1",
    "1.2",
    "1.5",
    "1.10",
    "2.0-alpha-1",
    "2.0-beta-1",
    "2.0-milestone-1",
    "2.0-rc-1",
    "2.0-snapshot",
    "2.0",
    "2.0-sp1",
    "2.0-jre",
    "2.4.0-rc1",
    "2.9.10",
    "2.12.6",
    "2.12.6.1",
    "4.7",
    "4.12",
    "4.13.1",
    "24.1.1",
    "24.1.1-jre",
    "29.0",
  ],
  equal: [
    ["1", "1.0"],
    ["1.0.0", "1"],
    ["1.ga", "1"],
    ["1-final", "1"],
    ["5.4.3.Final", "5.4.3"],
    ["2.0-a1", "2.0-alpha-1"],
    ["2.0-CR1", "2.0-rc-1"],
    ["2.0-RC1", "2.0-rc1"],
    ["2.9.010", "2.9.10"],
  ],
  invalid: ["", "1 2"],
});
