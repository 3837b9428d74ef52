/**
 * vulns: known vulnerabilities and what to fix first — the CISA KEV catalog, NVD CVE 2.0 records
 * and FIRST EPSS scores; matching of assets' CPE names to CVEs through NVD applicability
 * configurations; the ranked, explained action list and its CSV and STIX exports.
 */

export type { Cve5Record, Ssvc } from "./cve5.js";
export { isCve5Record, readCve5 } from "./cve5.js";
export type { EpssScore, EpssScores } from "./epss.js";
export { parseEpss } from "./epss.js";
export type { VulnProblem, VulnsCode } from "./errors.js";
export { VULNS_CODES, VulnsError } from "./errors.js";
export type { StixExportOptions } from "./export.js";
export { ACTION_CSV_COLUMNS, actionsToCsv, actionsToStix, CENTINELA_STIX_NAMESPACE, csvCell } from "./export.js";
export type { ExposureInputs, RefreshReport } from "./exposure-lines.js";
export { deriveLines, refreshExposure } from "./exposure-lines.js";
export type { ExposureCounts, ExposureSummary } from "./exposure-summary.js";
export { summarizeExposure, summarizeExposureFull } from "./exposure-summary.js";
export type { KevCatalog, KevEntry } from "./kev.js";
export { parseKevCsv, parseKevJson } from "./kev.js";
export type { Finding, MatchableAsset, MatchBasis } from "./match.js";
export { cveAppliesTo, matchAsset, matchAssetNaive, matchAssets } from "./match.js";
export type { LineOrganization, NationalFilter, NationalLine } from "./national.js";
export { loadLineOrganizations, matchOrganizations, nationalLines, parseSector } from "./national.js";
export type { ConfigNode, Configuration, CpeCriterion, NvdCve, NvdParseResult } from "./nvd.js";
export { parseNvd, readNvdCve } from "./nvd.js";
export type { ActionPlan, ActionPlanOptions, VulnData } from "./plan.js";
export { computeActionPlan, loadVendorRegistry, loadVulnData, toRankedAsset } from "./plan.js";
export type { ActionItem, ActionKind, RankContext, Reason } from "./rank.js";
export { rankActions, splitByOrganization } from "./rank.js";
export type { SourceDocument } from "./sources.js";
export { listSource, readDocument } from "./sources.js";
export type { SourceReport, SyncProgress, SyncReport, VulnSources } from "./sync.js";
export { syncVulns } from "./sync.js";
export type { VersionRange } from "./version.js";
export { compareVersions, describeRange, hasBounds, inRange } from "./version.js";
export type { VulnIndex } from "./vuln-index.js";
export { buildVulnIndex, criterionMatches, normalizeProductName } from "./vuln-index.js";
