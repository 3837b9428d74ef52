import { t } from "../i18n/index.js";
import { AssetsError } from "./errors.js";

/**
 * CPE 2.3 names (NISTIR 7695): the formatted string `cpe:2.3:part:vendor:…:other`, the CPE 2.2
 * URI `cpe:/part:vendor:product:…` that Nmap prints, and the well-formed name (WFN) both bind to.
 *
 * A WFN value is kept as a string in WFN form: "*" is the logical value ANY, "-" is NA, and any
 * other value is a string in which every character other than a letter, a digit or "_" is
 * quoted with a backslash, except the unquoted wildcards "*" and "?" at its ends. Because a
 * literal "-" or "*" is always quoted in that form, the two logical values cannot be confused
 * with a string. Values are lower-cased (CPE comparison is case-insensitive) and quoting is
 * canonical (never on a letter, digit or "_"), so two values are equal exactly when their strings are.
 */

/** The logical value ANY (matches anything). */
export const ANY = "*";
/** The logical value NA (not applicable: the attribute has no value). */
export const NA = "-";

/** The eleven attributes of a WFN, in binding order. */
export const CPE_ATTRIBUTES = [
  "part",
  "vendor",
  "product",
  "version",
  "update",
  "edition",
  "language",
  "sw_edition",
  "target_sw",
  "target_hw",
  "other",
] as const;

/** One WFN attribute name. */
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/** A well-formed CPE name: one WFN-form value per attribute (see the module comment). */
export type Wfn = Record<CpeAttribute, string>;

/** The longest CPE text accepted (longer input is hostile or broken). */
export const MAX_CPE_LENGTH = 2048;

const FS_PREFIX = "cpe:2.3:";
const URI_PREFIX = "cpe:/";

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/**
 * Reads a CPE 2.3 formatted string or a CPE 2.2 URI into a WFN. Throws AssetsError with the
 * offset of the fault for a bad prefix, a wrong number of components, an embedded wildcard, a
 * dangling escape or a character outside printable ASCII.
 */
export function parseCpe(text: string): Wfn {
  if (text.length > MAX_CPE_LENGTH) throw new AssetsError("CPE_TOO_LONG", `${text.length} > ${MAX_CPE_LENGTH}`, 0);
  const head = text.slice(0, 8).toLowerCase();
  if (head === FS_PREFIX) return parseFormattedString(text);
  if (head.startsWith(URI_PREFIX)) return parseUri(text);
  throw new AssetsError("CPE_BAD_PREFIX", JSON.stringify(text.slice(0, 16)), 0);
}

/** parseCpe that returns null instead of throwing, for bulk paths that count rejects. */
export function tryParseCpe(text: string): Wfn | null {
  try {
    return parseCpe(text);
  } catch {
    return null;
  }
}

function parseFormattedString(text: string): Wfn {
  const values: string[] = [];
  let start = FS_PREFIX.length;
  for (let i = start; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 58;
    if (code === 92) {
      if (i + 1 >= text.length) throw new AssetsError("CPE_DANGLING_ESCAPE", "", i);
      i++;
      continue;
    }
    if (code !== 58) continue;
    values.push(unbindFsValue(text.slice(start, i), start));
    if (values.length === 11 && i < text.length)
      throw new AssetsError("CPE_FIELD_COUNT", t("errors:assets.details.moreThan13"), i);
    start = i + 1;
  }
  if (values.length !== 11)
    throw new AssetsError(
      "CPE_FIELD_COUNT",
      t("errors:assets.details.found", { count: values.length + 2 }),
      text.length,
    );
  return toWfn(values, FS_PREFIX.length);
}

function toWfn(values: readonly string[], offset: number): Wfn {
  const part = values[0] as string;
  if (part !== ANY && part !== NA && part !== "a" && part !== "o" && part !== "h") {
    throw new AssetsError("CPE_BAD_PART", JSON.stringify(part), offset);
  }
  const wfn = {} as Wfn;
  for (let i = 0; i < CPE_ATTRIBUTES.length; i++) wfn[CPE_ATTRIBUTES[i] as CpeAttribute] = values[i] ?? ANY;
  return wfn;
}

/** One formatted-string component to its WFN form (NISTIR 7695 §6.2.3, unbind_value_fs). */
function unbindFsValue(raw: string, offset: number): string {
  if (raw === "*") return ANY;
  if (raw === "-") return NA;
  if (raw === "") throw new AssetsError("CPE_BAD_CHARACTER", t("errors:assets.details.emptyComponent"), offset);
  let out = "";
  // A value is [* | ?…] body [* | ?…]: one "*" or a run of "?" at either end, never both at one end.
  let leading = true;
  let prevWild = false;
  let prevStar = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    let wild = false;
    let star = false;
    if (isAlnum(code) || code === 95) {
      out += raw[i];
    } else if (code === 92) {
      // Quoting a letter, digit or "_" is needless: drop it so that every value has one WFN form.
      const next = raw.charCodeAt(i + 1);
      out += isAlnum(next) || next === 95 ? raw[i + 1] : `\\${raw[i + 1]}`;
      i++;
    } else if (code === 42) {
      if ((i !== 0 && i !== raw.length - 1) || prevWild)
        throw new AssetsError("CPE_EMBEDDED_WILDCARD", "*", offset + i);
      out += "*";
      wild = star = true;
    } else if (code === 63) {
      const trailing = !prevStar && /^\?+$/.test(raw.slice(i));
      if (!leading && !trailing) throw new AssetsError("CPE_EMBEDDED_WILDCARD", "?", offset + i);
      out += "?";
      wild = true;
    } else if (code > 32 && code < 127) {
      out += `\\${raw[i]}`;
    } else {
      throw new AssetsError("CPE_BAD_CHARACTER", `U+${code.toString(16).padStart(4, "0")}`, offset + i);
    }
    if (code !== 63) leading = false;
    prevWild = wild;
    prevStar = star;
  }
  return out.toLowerCase();
}

function parseUri(text: string): Wfn {
  const body = text.slice(URI_PREFIX.length);
  const parts = body.split(":");
  if (parts.length > 7)
    throw new AssetsError(
      "CPE_FIELD_COUNT",
      t("errors:assets.details.uriAtMost7", { count: parts.length }),
      text.length,
    );
  // URI order: part, vendor, product, version, update, edition, language.
  const values: string[] = new Array(11).fill(ANY);
  const slot = [0, 1, 2, 3, 4, 5, 6];
  let offset = URI_PREFIX.length;
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i] as string;
    if (i === 5 && raw.startsWith("~")) {
      // Packed edition (NISTIR 7695 §6.1.3.3): ~edition~sw_edition~target_sw~target_hw~other.
      const packed = raw.slice(1).split("~");
      if (packed.length !== 5)
        throw new AssetsError("CPE_FIELD_COUNT", t("errors:assets.details.packedEdition"), offset);
      const targets = [5, 7, 8, 9, 10];
      for (let k = 0; k < 5; k++) values[targets[k] as number] = decodeUriValue(packed[k] as string, offset);
    } else {
      values[slot[i] as number] = decodeUriValue(raw, offset);
    }
    offset += raw.length + 1;
  }
  return toWfn(values, URI_PREFIX.length);
}

/** One URI component to its WFN form (NISTIR 7695 §6.1.3.2, decode). */
function decodeUriValue(raw: string, offset: number): string {
  if (raw === "") return ANY;
  if (raw === "-") return NA;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (isAlnum(code) || code === 95) {
      out += raw[i];
    } else if (code === 46 || code === 45 || code === 126) {
      out += `\\${raw[i]}`;
    } else if (code === 37) {
      const hex = raw.slice(i + 1, i + 3).toLowerCase();
      if (hex === "01") {
        out += "?";
      } else if (hex === "02") {
        if (i !== 0 && i !== raw.length - 3) throw new AssetsError("CPE_EMBEDDED_WILDCARD", "%02", offset + i);
        out += "*";
      } else {
        const value = /^[0-9a-f]{2}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
        if (value < 0x21 || value > 0x7e || isAlnum(value))
          throw new AssetsError("CPE_BAD_PERCENT", `%${hex}`, offset + i);
        out += `\\${String.fromCharCode(value)}`;
      }
      i += 2;
    } else {
      throw new AssetsError("CPE_BAD_CHARACTER", JSON.stringify(raw[i]), offset + i);
    }
  }
  return out.toLowerCase();
}

/** Binds a WFN to a CPE 2.3 formatted string (NISTIR 7695 §6.2.2). */
export function formatCpe(wfn: Wfn): string {
  let out = "cpe:2.3";
  for (const attribute of CPE_ATTRIBUTES) out += `:${bindFsValue(wfn[attribute])}`;
  return out;
}

function bindFsValue(value: string): string {
  if (value === ANY || value === NA) return value;
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = value[i + 1] ?? "";
    i++;
    out += next === "." || next === "-" || next === "_" ? next : `\\${next}`;
  }
  return out;
}

/** Normalizes any CPE text (2.3 or URI) to its lower-case CPE 2.3 formatted string. */
export function normalizeCpe(text: string): string {
  return formatCpe(parseCpe(text));
}

/** A WFN value without its quoting, for display and version comparison ("1\.2" → "1.2"). */
export function plainValue(value: string): string {
  return value.indexOf("\\") < 0 ? value : value.replace(/\\(.)/g, "$1");
}

/** Builds a WFN from plain (unquoted) strings, quoting them; missing attributes are ANY. */
export function wfnOf(values: Partial<Record<CpeAttribute, string>>): Wfn {
  const wfn = {} as Wfn;
  for (const attribute of CPE_ATTRIBUTES) {
    const v = values[attribute];
    wfn[attribute] = v === undefined || v === ANY ? ANY : v === NA ? NA : quoteValue(v);
  }
  return wfn;
}

function quoteValue(plain: string): string {
  let out = "";
  for (let i = 0; i < plain.length; i++) {
    const code = plain.charCodeAt(i);
    out += isAlnum(code) || code === 95 ? plain[i] : `\\${plain[i]}`;
  }
  return out.toLowerCase();
}
