import { CodedError } from "../errors/index.js";

/**
 * Issue codes of STIX validation and upgrade. Each code has one severity: an `error` makes an
 * object unacceptable (the spec says MUST), a `warning` marks a SHOULD or a suggestion the
 * object departs from (it is still stored). Messages are built per issue; this table is the
 * catalogue a reader (or the API's OpenAPI text) can list.
 */

/** How bad an issue is: errors reject the object, warnings are reported and kept. */
export type StixSeverity = "error" | "warning";

/** Every validation code with its severity and what it means. */
export const STIX_ISSUES = {
  STIX_NOT_AN_OBJECT: { severity: "error", what: "the value is not a JSON object" },
  STIX_MISSING_PROPERTY: { severity: "error", what: "a required property is absent" },
  STIX_FORBIDDEN_PROPERTY: { severity: "error", what: "a property the spec says does not apply to this type" },
  STIX_WRONG_JSON_TYPE: { severity: "error", what: "a property has the wrong JSON type" },
  STIX_EMPTY_LIST: { severity: "error", what: "a list property is empty (lists MUST have at least one item)" },
  STIX_EMPTY_DICTIONARY: { severity: "error", what: "a dictionary/extension property has no keys" },
  STIX_OUT_OF_RANGE: { severity: "error", what: "a number is outside the range the spec allows" },
  STIX_INVALID_TYPE_NAME: { severity: "error", what: "`type` is not a legal STIX type name" },
  STIX_INVALID_ID: { severity: "error", what: "an identifier is not `type--UUID` (RFC 4122)" },
  STIX_ID_TYPE_MISMATCH: { severity: "error", what: "the id prefix differs from `type`" },
  STIX_INVALID_SPEC_VERSION: { severity: "error", what: "spec_version is not 2.1" },
  STIX_INVALID_TIMESTAMP: { severity: "error", what: "a timestamp is not RFC 3339 UTC ending in Z" },
  STIX_TIMESTAMP_PRECISION: { severity: "warning", what: "created/modified coarser than milliseconds" },
  STIX_TIMESTAMP_ORDER: { severity: "error", what: "two timestamps are in the wrong order" },
  STIX_INVALID_VALUE: { severity: "error", what: "a value breaks a format rule of the spec" },
  STIX_ENUM_VALUE: { severity: "error", what: "a value is not in a closed enumeration" },
  STIX_VOCAB_VALUE: { severity: "warning", what: "a value is not in the suggested open vocabulary" },
  STIX_REF_TARGET: { severity: "error", what: "a reference points at a type the property does not allow" },
  STIX_CONSTRAINT: { severity: "error", what: "a co-occurrence rule (one of / not both) is broken" },
  STIX_CUSTOM_PROPERTY_NAME: { severity: "warning", what: "a custom property name breaks §11.1 naming rules" },
  STIX_CUSTOM_REF_VALUE: { severity: "warning", what: "a custom _ref/_refs property does not hold identifiers" },
  STIX_UNKNOWN_EXTENSION: {
    severity: "warning",
    what: "an extension key is neither an extension-definition id nor predefined",
  },
  STIX_INVALID_EXTENSION: { severity: "error", what: "a predefined extension is misplaced or malformed" },
  STIX_SCO_ID_MISMATCH: { severity: "warning", what: "an SCO id differs from its deterministic UUIDv5" },
  STIX_DEPRECATED: { severity: "warning", what: "a deprecated construct is used" },
  STIX_UPGRADED_FROM_20: { severity: "warning", what: "the object was STIX 2.0 and was upgraded to 2.1" },
} as const satisfies Record<string, { severity: StixSeverity; what: string }>;

/** A validation issue code (see STIX_ISSUES). */
export type StixIssueCode = keyof typeof STIX_ISSUES;

/**
 * One problem found in one object: which object (`objectId`, or null with "object #N" in the
 * message when it has none), which property (`path`, a JSON path such as
 * `external_references[2].url`, empty for the object itself) and why (`message`).
 */
export interface StixIssue {
  code: StixIssueCode;
  severity: StixSeverity;
  objectId: string | null;
  objectType: string | null;
  path: string;
  message: string;
}

/** Thrown by the 2.0 → 2.1 upgrade when its input is not an object it can upgrade. */
export class StixUpgradeError extends CodedError {
  /** Always `STIX_UPGRADE_FAILED`. */
  declare readonly code: "STIX_UPGRADE_FAILED";
  /** @param message what could not be upgraded and why. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(
      "STIX_UPGRADE_FAILED",
      { status: 400, message: "the object cannot be upgraded to STIX 2.1" },
      message,
      options,
    );
    this.name = "StixUpgradeError";
  }
}
