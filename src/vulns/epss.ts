import { t } from "../i18n/index.js";
import { type VulnProblem, VulnsError } from "./errors.js";

/**
 * FIRST EPSS scores: a CSV of cve,epss,percentile whose first line is a comment such as
 * `#model_version:v2023.03.01,score_date:2023-03-14T00:00:00+0000`.
 */

/** One CVE's EPSS score: the probability of exploitation in the next 30 days, and its percentile. */
export interface EpssScore {
  epss: number;
  percentile: number;
}

/** A parsed EPSS file. */
export interface EpssScores {
  modelVersion: string | null;
  scoreDate: string | null;
  scores: Map<string, EpssScore>;
  problems: VulnProblem[];
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** Parses the EPSS CSV text (already decompressed). Bad rows are reported by line and skipped. */
export function parseEpss(text: string): EpssScores {
  const lines = text.split(/\r?\n/);
  let modelVersion: string | null = null;
  let scoreDate: string | null = null;
  let i = 0;
  while (i < lines.length && (lines[i] as string).startsWith("#")) {
    for (const pair of (lines[i] as string).slice(1).split(",")) {
      const at = pair.indexOf(":");
      if (at < 0) continue;
      const key = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (key === "model_version") modelVersion = value;
      else if (key === "score_date") scoreDate = value;
    }
    i++;
  }
  const header = (lines[i] ?? "").trim().toLowerCase();
  if (header !== "cve,epss,percentile")
    throw new VulnsError(
      "EPSS_BAD_HEADER",
      t("errors:vulns.details.atLine", { line: i + 1, text: JSON.stringify(header.slice(0, 60)) }),
    );
  const scores = new Map<string, EpssScore>();
  const problems: VulnProblem[] = [];
  for (let n = i + 1; n < lines.length; n++) {
    const line = (lines[n] as string).trim();
    if (line === "") continue;
    const cells = line.split(",");
    const bad = (path: string, message: string): void => {
      problems.push({ code: "EPSS_BAD_ROW", index: n - i - 1, line: n + 1, id: cells[0] ?? null, path, message });
    };
    if (cells.length !== 3) {
      bad("", t("errors:vulns.problem.epssCells", { cells: cells.length }));
      continue;
    }
    const [cve, e, p] = cells as [string, string, string];
    const epss = Number(e);
    const percentile = Number(p);
    if (!CVE_ID.test(cve)) bad("cve", t("errors:vulns.problem.notCveId", { value: JSON.stringify(cve) }));
    else if (e === "" || !Number.isFinite(epss) || epss < 0 || epss > 1)
      bad("epss", t("errors:vulns.problem.notProbability", { value: JSON.stringify(e) }));
    else if (p === "" || !Number.isFinite(percentile) || percentile < 0 || percentile > 1)
      bad("percentile", t("errors:vulns.problem.notFraction", { value: JSON.stringify(p) }));
    else scores.set(cve, { epss, percentile });
  }
  return { modelVersion, scoreDate, scores, problems };
}
