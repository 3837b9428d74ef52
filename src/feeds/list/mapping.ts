import type { ListValueType } from "./shapes.js";

/**
 * How to read one IOC list: text (one value a line) or CSV, which column holds the value and,
 * where the list has them, its type, first-seen date, tags, confidence and reference. A mapping
 * is a JSON file the user writes, or one of the built-in ones for the lists people use most.
 */

/** A column: its header name (CSV with a header) or its 0-based position. */
export type Column = string | number;

/** Confidence: one figure for the whole list, a linear score of a column, or a figure per value of a column. */
export type ConfidenceRule =
  | number
  | { column: Column; base: number; perUnit: number }
  | { column: Column; values: Record<string, number>; otherwise?: number };

/** How long an indicator stays valid after the list last showed it, by kind of value ("30d", "12h"). */
export interface Lifetimes {
  ip?: string;
  domain?: string;
  url?: string;
  hash?: string;
  email?: string;
  regex?: string;
}

/** One IOC list's reading instructions. */
export interface ListMapping {
  /** The list's name: the key under which its membership is kept (two imports of one list share it). */
  name: string;
  /** Who publishes it, as the indicators' creator identity says. */
  title: string;
  format: "text" | "csv";
  /** CSV delimiter (default ","); text lists split on white space, "," and ";". */
  delimiter?: string;
  /** CSV: whether the first line that is not a comment names the columns (default true). */
  header?: boolean;
  /** The value; several columns are joined (URLhaus writes host and path apart). Default: the first. */
  value?: Column | Column[];
  /** The list's own type column, and what its values mean: one of ours, "shape" (decide by the value) or "reject". */
  type?: { column: Column; values: Record<string, ListValueType | "shape" | "reject"> };
  /** A column with the date the list first (or last) saw the value. */
  firstSeen?: Column;
  /** Columns whose values become the indicators' labels. */
  tags?: Column[];
  /** Labels every indicator of the list gets. */
  labels?: string[];
  confidence?: ConfidenceRule;
  /** A column holding a reference (a URL, or an id looked up in `references`). */
  reference?: Column;
  /** A CSV beside the list mapping reference ids to URLs (Maltrail's references.csv). */
  references?: { file: string; key: Column; url: Column };
  lifetimes?: Lifetimes;
}

/** Default lifetimes: addresses change hands within weeks, hashes never stop meaning the same file. */
export const DEFAULT_LIFETIMES: Required<Lifetimes> = {
  ip: "30d",
  domain: "90d",
  url: "60d",
  hash: "365d",
  email: "180d",
  regex: "90d",
};

/** The lifetime class of a value type. */
export function lifetimeClass(type: ListValueType): keyof Lifetimes {
  switch (type) {
    case "ipv4":
    case "ipv6":
    case "ipv4-cidr":
    case "ipv6-cidr":
    case "ipv4-port":
    case "ipv6-port":
      return "ip";
    case "domain":
    case "domain-suffix":
      return "domain";
    case "url":
    case "url-path":
      return "url";
    case "md5":
    case "sha1":
    case "sha256":
    case "sha512":
      return "hash";
    case "email":
      return "email";
    case "regex":
      return "regex";
  }
}

/** Milliseconds in a lifetime such as "30d", "12h", "90m"; null when it is not one. */
export function lifetimeMs(text: string): number | null {
  const m = /^(\d+)\s*([dhm])$/.exec(text.trim());
  if (!m) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[m[2] as "d" | "h" | "m"];
  const ms = Number(m[1]) * unit;
  return ms > 0 ? ms : null;
}

/** The built-in mappings, by name: `--mapping ipsum`. */
export const BUILT_IN_MAPPINGS: Readonly<Record<string, ListMapping>> = {
  // IPsum: "IP<TAB>count", count = how many blacklists name the address (1–10+).
  ipsum: {
    name: "ipsum",
    title: "IPsum (stamparm)",
    format: "text",
    value: 0,
    confidence: { column: 1, base: 20, perUnit: 10 },
    labels: ["ipsum"],
  },
  threatfox: {
    name: "threatfox",
    title: "ThreatFox (abuse.ch)",
    format: "text",
    confidence: 75,
    labels: ["threatfox"],
  },
  "urlhaus-domains": {
    name: "urlhaus-domains",
    title: "URLhaus (abuse.ch)",
    format: "text",
    confidence: 70,
    labels: ["urlhaus"],
  },
  // urlhaus-filter's Splunk lookup: "host","path","message","updated".
  urlhaus: {
    name: "urlhaus",
    title: "URLhaus (abuse.ch)",
    format: "csv",
    value: ["host", "path"],
    firstSeen: "updated",
    confidence: 80,
    labels: ["urlhaus", "malware-distribution"],
  },
  // Maltrail's trails as indicator,type,category,trail,reference_id (+ references.csv beside it).
  maltrail: {
    name: "maltrail",
    title: "Maltrail (stamparm)",
    format: "csv",
    value: "indicator",
    type: {
      column: "type",
      values: {
        domain: "domain",
        ipv4: "ipv4",
        "ipv4-cidr": "ipv4-cidr",
        "ipv4-port": "ipv4-port",
        "ipv6-port": "ipv6-port",
        url: "shape",
        regex: "regex",
        other: "reject",
      },
    },
    tags: ["category", "trail"],
    confidence: {
      column: "category",
      values: { malware: 80, malicious: 70, suspicious: 40, mass_scanner: 30, mass_scanner_cidr: 30 },
      otherwise: 50,
    },
    reference: "reference_id",
    references: { file: "references.csv", key: "reference_id", url: "url" },
  },
};
