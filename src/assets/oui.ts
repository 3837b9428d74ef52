import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/**
 * The IEEE registration authority's MAC address blocks (MA-L, MA-M, MA-S: 24-, 28- and 36-bit
 * prefixes) as the npm package `oui-data` ships them (BSD-2-Clause, rebuilt from the IEEE's
 * published oui.csv, mam.csv and oui36.csv). It tells who a network card was made for when a scan
 * gives a MAC but no vendor, or a vendor name shorter than the registered one.
 *
 * The table is 5.6 MB of JSON: it is read once, on the first look-up, and only the organization
 * and country of each block are kept.
 */

/** The registered holder of a MAC address block. */
export interface OuiAssignment {
  /** The prefix as hex digits, 6, 7 or 9 of them ("4419B6"). */
  prefix: string;
  /** The organization as registered ("Hangzhou Hikvision Digital Technology Co.,Ltd."). */
  organization: string;
  /** The country of the registered address, as the registry writes it ("China"), or null. */
  country: string | null;
}

let table: Map<string, string> | null = null;

function load(): Map<string, string> {
  if (table) return table;
  const path = createRequire(import.meta.url).resolve("oui-data");
  const raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  table = new Map(Object.entries(raw));
  return table;
}

/** The hex digits of a MAC address in any common notation (aa:bb:cc…, AA-BB-CC…, aabb.cc…), or null. */
export function macHex(mac: string): string | null {
  const hex = mac.replace(/[:.\-\s]/g, "").toUpperCase();
  return /^[0-9A-F]{12}$/.test(hex) ? hex : null;
}

/**
 * Whom the IEEE registered this MAC's block to, longest prefix first, or null: not a MAC, a
 * locally administered address (second-lowest bit of the first byte: Docker, VMs, randomized
 * phone addresses belong to nobody), or a block the registry does not list.
 */
export function lookupOui(mac: string): OuiAssignment | null {
  const hex = macHex(mac);
  if (!hex || (Number.parseInt(hex.slice(0, 2), 16) & 0x02) !== 0) return null;
  const t = load();
  for (const n of [9, 7, 6]) {
    const prefix = hex.slice(0, n);
    const entry = t.get(prefix);
    // MA-M and MA-S blocks sit inside MA-L blocks registered to the IEEE itself.
    if (entry === undefined || (n === 6 && entry.startsWith("IEEE Registration Authority"))) continue;
    const lines = entry.split("\n");
    const organization = (lines[0] ?? "").trim();
    if (organization === "" || organization === "Private") return null;
    const last = lines.length > 1 ? (lines[lines.length - 1] ?? "").trim() : "";
    return { prefix, organization, country: last === "" ? null : last };
  }
  return null;
}
