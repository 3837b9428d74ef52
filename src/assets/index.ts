/**
 * assets: the inventory — organizations, sites, assets, software and vendors — with CPE 2.3 and
 * purl names, the NISTIR 7696 name matching, the importers (Nmap XML, CycloneDX JSON, the CSV
 * template) and the designated-vendor registry. Pure functions over plain records: storage is
 * the store module's job.
 */

export type { CpeAttribute, Wfn } from "./cpe.js";
export {
  ANY,
  CPE_ATTRIBUTES,
  formatCpe,
  MAX_CPE_LENGTH,
  NA,
  normalizeCpe,
  parseCpe,
  plainValue,
  tryParseCpe,
  wfnOf,
} from "./cpe.js";
export type { AttributeRelation, NameComparison, NameRelation } from "./cpe-match.js";
export { compareAttribute, compareNames, hasWildcard, isCpeSuperset } from "./cpe-match.js";
export type { CsvImportResult } from "./csv-template.js";
export { CSV_TEMPLATE_COLUMNS, csvTemplateHeader, importAssetCsv } from "./csv-template.js";
export type { CycloneDxOptions, CycloneDxResult, SbomSubject } from "./cyclonedx.js";
export { DEFAULT_MAX_COMPONENTS, importCycloneDx } from "./cyclonedx.js";
export type { AssetVendorMatch, VendorEvidenceKind } from "./designated.js";
export { assetVendorMatches } from "./designated.js";
export type { AssetsCode, ImportProblem } from "./errors.js";
export { ASSETS_CODES, AssetsError } from "./errors.js";
export type { InventoryFileOptions, InventoryFileResult, InventoryFormat } from "./import-file.js";
export { detectInventoryFormat, MAX_INVENTORY_FILE_BYTES, readInventoryFile } from "./import-file.js";
export type { InventoryImportSummary } from "./import-inventory.js";
export { importInventory } from "./import-inventory.js";
export type { NmapImportOptions, NmapImportResult } from "./nmap.js";
export { importNmapXml } from "./nmap.js";
export type { OuiAssignment } from "./oui.js";
export { lookupOui, macHex } from "./oui.js";
export type { Purl } from "./purl.js";
export { MAX_PURL_LENGTH, parsePurl } from "./purl.js";
export type { InferredRole, RoleInput, ScanHints } from "./roles.js";
export { inferRole } from "./roles.js";
export type {
  Asset,
  AssetRole,
  Criticality,
  MxState,
  Organization,
  Port,
  Provenance,
  RoleSource,
  Sector,
  Site,
  Software,
  SoftwareKind,
  Vendor,
} from "./types.js";
export {
  ASSET_ROLES,
  assetKey,
  CRITICAL_ROLES,
  CRITICALITIES,
  MX_STATES,
  ROLE_SOURCES,
  SECTORS,
} from "./types.js";
export type { VendorEntry, VendorList, VendorMatch, VendorRegistry, VendorRule } from "./vendors.js";
export {
  createVendorRegistry,
  matchVendor,
  normalizeVendorName,
  readVendorList,
  shippedVendorLists,
} from "./vendors.js";
