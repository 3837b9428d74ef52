import { checkPattern } from "../pattern/index.js";
import { type StixObject, type StixStreamItem, tlpOf, validateObject } from "../stix/index.js";
import { type ObjectVersionInput, termsOf } from "../store/index.js";
import { describeJsonError, REJECT_RAW_LIMIT, type Rejection, type RejectionReason } from "./errors.js";

/** An object ready for the store, with the warnings validation raised about it. */
export interface PreparedObject {
  input: ObjectVersionInput;
  /** The validated object (what `input.raw` holds), for checks after validation. */
  object: StixObject;
  warnings: RejectionReason[];
}

/**
 * Turns one item of the stream reader into a store input or a rejection: parse, validate
 * (upgrading STIX 2.0 and completing SCO ids), and pull out the columns the store indexes.
 * The raw text is kept as received unless validation had to change the object.
 */
export function prepareItem(
  item: StixStreamItem,
  source: string,
  collectionId: string | null,
): PreparedObject | Rejection {
  if (item.kind === "error") {
    return reject(item, source, null, [{ code: item.code, path: "", message: item.message }], null);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(item.raw);
  } catch (error) {
    const message = describeJsonError(item.raw, error, item.line);
    return reject(item, source, null, [{ code: "INGEST_BAD_JSON", path: "", message }], item.raw);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    const message = `expected a JSON object, found ${parsed === null ? "null" : Array.isArray(parsed) ? "an array" : typeof parsed}`;
    return reject(item, source, null, [{ code: "INGEST_NOT_AN_OBJECT", path: "", message }], item.raw);
  }
  const result = validateObject(parsed);
  const rawId = (parsed as { id?: unknown }).id;
  const id = typeof rawId === "string" ? rawId : null;
  if (!result.ok || result.object === null) {
    const reasons = result.errors.map((e) => ({ code: e.code, path: e.path, message: e.message }));
    return reject(item, source, result.object?.id ?? id, reasons, item.raw);
  }
  const object: StixObject = result.object;
  const patternErrors = stixPatternErrors(object);
  if (patternErrors !== null) return reject(item, source, object.id, patternErrors, item.raw);
  const raw = result.changed ? JSON.stringify(object) : item.raw;
  return {
    input: {
      id: object.id,
      type: object.type,
      specVersion: object.spec_version ?? "2.1",
      created: typeof object.created === "string" ? object.created : null,
      versionKey: versionKeyOf(object),
      raw,
      // Found now, while the object is parsed: the batch then holds a few strings, not the object.
      terms: termsOf(object),
      tlp: tlpOf(object),
      revoked: object.revoked === true,
      collectionId,
    },
    object,
    warnings: result.warnings.map((w) => ({ code: w.code, path: w.path, message: w.message })),
  };
}

/**
 * The pattern engine's errors for an indicator whose pattern is STIX patterning (pattern_type
 * `stix`, pattern_version absent or 2.1), each with its code and line:column; null when the
 * pattern is valid or is another language (sigma, yara, snort… are stored as they are).
 */
export function stixPatternErrors(object: StixObject): RejectionReason[] | null {
  if (object.type !== "indicator" || object.pattern_type !== "stix" || typeof object.pattern !== "string") return null;
  const version = object.pattern_version;
  if (typeof version === "string" && version !== "2.1" && !version.startsWith("2.1.")) return null;
  const checked = checkPattern(object.pattern);
  if (checked.valid) return null;
  return checked.errors.map((e) => ({
    code: e.code,
    path: "pattern",
    message: `${object.id} pattern: ${e.message}; \`centinela pattern check\` shows every error of a pattern`,
  }));
}

/** The version part of an object's key: `modified`, else `created`, else "" (SCOs are not versioned). */
export function versionKeyOf(object: StixObject): string {
  if (typeof object.modified === "string") return object.modified;
  if (typeof object.created === "string") return object.created;
  return "";
}

function reject(
  item: StixStreamItem,
  source: string,
  id: string | null,
  reasons: RejectionReason[],
  raw: string | null,
): Rejection {
  return {
    index: item.index,
    line: item.line,
    offset: item.offset,
    source,
    id,
    reasons,
    raw: raw === null ? null : raw.length > REJECT_RAW_LIMIT ? raw.slice(0, REJECT_RAW_LIMIT) : raw,
  };
}

/** True when prepareItem returned a rejection. */
export function isRejection(value: PreparedObject | Rejection): value is Rejection {
  return (value as Rejection).reasons !== undefined;
}
