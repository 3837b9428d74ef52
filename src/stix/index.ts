/**
 * stix: the STIX 2.1 model — identifiers, TLP markings, validation, the 2.0 → 2.1 upgrade and
 * the streaming bundle reader. It depends on nothing else in Centinela.
 */

export type { StixStreamItem, StixStreamOptions, StreamErrorCode } from "./bundle-reader.js";
export { DEFAULT_MAX_OBJECT_BYTES, readStixStream } from "./bundle-reader.js";
export type { StixIssue, StixIssueCode, StixSeverity } from "./errors.js";
export { STIX_ISSUES, StixUpgradeError } from "./errors.js";
export {
  CENTINELA_STIX_NAMESPACE,
  isStixId,
  isTypeName,
  newStixId,
  organizationIdentityId,
  STIX_SCO_NAMESPACE,
  typeOfId,
  uuidV5,
} from "./identifier.js";
export { canonicalJson, computeScoId, SCO_ID_CONTRIBUTING } from "./sco-id.js";
export { TLP_MARKING_IDS, TLP1_MARKING_IDS, tlpLevelOfMarking, tlpMarkingDefinition, tlpOf } from "./tlp.js";
export type { ExternalReference, GranularMarking, StixBundle, StixObject, TlpLevel } from "./types.js";
export { TLP_LEVELS } from "./types.js";
export { upgradeFrom20 } from "./upgrade.js";
export type { BundleValidationResult, ValidateOptions, ValidationResult } from "./validate/index.js";
export { STIX_TYPE_NAMES, validateBundle, validateObject } from "./validate/index.js";
export type { EnumName, OpenVocabName } from "./vocabularies.js";
export { ENUMERATIONS, OPEN_VOCABULARIES } from "./vocabularies.js";
