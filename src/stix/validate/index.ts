/**
 * STIX 2.1 validation: validateObject for one object, validateBundle for a bundle envelope.
 * The rules are data (object-specs.ts, sco-specs.ts); this folder's other files check them.
 */

export { STIX_TYPE_NAMES } from "./type-table.js";
export type { BundleValidationResult } from "./validate-bundle.js";
export { validateBundle } from "./validate-bundle.js";
export type { ValidateOptions, ValidationResult } from "./validate-object.js";
export { validateObject } from "./validate-object.js";
