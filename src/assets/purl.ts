import { t } from "../i18n/index.js";
import { AssetsError } from "./errors.js";

/**
 * Package URLs (purl): `pkg:type/namespace/name@version?qualifiers#subpath`, as CycloneDX SBOMs
 * name components. Components are percent-decoded; type and qualifier keys are lower-cased.
 */

/** A parsed package URL. */
export interface Purl {
  type: string;
  namespace: string | null;
  name: string;
  version: string | null;
  qualifiers: Record<string, string>;
  subpath: string | null;
}

/** The longest purl accepted. */
export const MAX_PURL_LENGTH = 4096;

function decode(text: string, offset: number): string {
  try {
    return decodeURIComponent(text);
  } catch (cause) {
    throw new AssetsError("PURL_BAD_ENCODING", JSON.stringify(text), offset, { cause });
  }
}

/** Parses a package URL; throws AssetsError with the offset of the fault. */
export function parsePurl(text: string): Purl {
  if (text.length > MAX_PURL_LENGTH)
    throw new AssetsError("PURL_BAD_SCHEME", t("errors:assets.details.longerThan", { max: MAX_PURL_LENGTH }), 0);
  if (!text.toLowerCase().startsWith("pkg:"))
    throw new AssetsError("PURL_BAD_SCHEME", JSON.stringify(text.slice(0, 12)), 0);
  let rest = text.slice(4).replace(/^\/+/, "");
  const base = text.length - rest.length;
  let subpath: string | null = null;
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    subpath = rest
      .slice(hash + 1)
      .split("/")
      .filter((s) => s !== "" && s !== "." && s !== "..")
      .map((s) => decode(s, base + hash + 1))
      .join("/");
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf("?");
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split("&")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) continue;
      const value = decode(pair.slice(eq + 1), base + question + 1);
      if (value !== "") qualifiers[pair.slice(0, eq).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  const slash = rest.indexOf("/");
  if (slash <= 0) throw new AssetsError("PURL_NO_TYPE", JSON.stringify(text.slice(0, 40)), base);
  const type = rest.slice(0, slash).toLowerCase();
  if (!/^[a-z.+-][a-z0-9.+-]*$/.test(type))
    throw new AssetsError("PURL_NO_TYPE", t("errors:assets.details.badType", { type: JSON.stringify(type) }), base);
  let path = rest.slice(slash + 1).replace(/\/+$/, "");
  let version: string | null = null;
  const at = path.lastIndexOf("@");
  if (at >= 0) {
    version = decode(path.slice(at + 1), base + slash + 1 + at + 1);
    path = path.slice(0, at);
  }
  const segments = path.split("/").filter((s) => s !== "");
  const rawName = segments.pop();
  if (!rawName) throw new AssetsError("PURL_NO_NAME", JSON.stringify(text.slice(0, 40)), base + slash + 1);
  const name = decode(rawName, base + slash + 1);
  const namespace = segments.length > 0 ? segments.map((s) => decode(s, base + slash + 1)).join("/") : null;
  return { type, namespace, name, version: version === "" ? null : version, qualifiers, subpath: subpath || null };
}
