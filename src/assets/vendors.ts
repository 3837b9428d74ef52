import { readFileSync } from "node:fs";
import { AssetsError } from "./errors.js";

/**
 * The registry of designated vendors: lists published by governments (the shipped ones are the
 * U.S. FCC Covered List and NDAA FY2019 §889), plus any list an operator adds in the same JSON
 * shape. Vendor names are matched after normalization (case, accents, punctuation, legal
 * suffixes such as "Co., Ltd.", "S.A. de C.V.", "LLC"), against each entry's name, aliases and
 * subsidiaries, and every match says which rule and which registered name produced it.
 */

/** One designated entity of a list. */
export interface VendorEntry {
  id: string;
  name: string;
  aliases: string[];
  subsidiaries: string[];
  parents: string[];
  /** ISO 3166-1 alpha-2 country of origin. */
  country: string | null;
  /** What is known of state ownership or control, in one sentence, or null. */
  stateControl: string | null;
  /** What the designation covers. */
  scope: string;
  /** YYYY-MM-DD the entity was designated. */
  dateAdded: string;
  /** Where the designation is published. */
  source: string;
}

/** A list of designated vendors. */
export interface VendorList {
  list: string;
  title: string;
  publisher: string;
  url: string;
  note?: string;
  entries: VendorEntry[];
}

/** How a name matched: the entry's own name, one of its aliases, a subsidiary, or its leading words. */
export type VendorRule = "name" | "alias" | "subsidiary" | "prefix";

/** One match of a vendor name against one list entry, with the explanation. */
export interface VendorMatch {
  list: string;
  entry: VendorEntry;
  rule: VendorRule;
  /** The registered name (name, alias or subsidiary) that matched. */
  matched: string;
  explanation: { en: string; es: string };
}

const LEGAL_SUFFIXES = new Set([
  "co",
  "ltd",
  "inc",
  "corp",
  "corporation",
  "company",
  "llc",
  "limited",
  "plc",
  "gmbh",
  "ag",
  "sa",
  "de",
  "cv",
  "sab",
  "srl",
  "spa",
  "bv",
  "nv",
  "ao",
  "jsc",
  "pjsc",
  "oao",
  "zao",
  "ooo",
  "pte",
  "pty",
  "kk",
  "group",
  "holdings",
]);

/**
 * A vendor name reduced for comparison: lower-case, accents and punctuation removed, and legal
 * suffix words dropped from the end ("Zhejiang Dahua Technology Co., Ltd." → "zhejiang dahua technology").
 */
export function normalizeVendorName(name: string): string {
  const words = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    // Dotted abbreviations become one word: "S.A.B. de C.V." → "sab de cv".
    .replace(/\b([a-z])\.(?=\s*[a-z]\.)\s*/g, "$1")
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((w) => w !== "");
  while (words.length > 1 && LEGAL_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  // A leading legal form (AO Kaspersky Lab, OOO …) is dropped too.
  while (words.length > 1 && (words[0] === "ao" || words[0] === "ooo" || words[0] === "pjsc" || words[0] === "jsc"))
    words.shift();
  return words.join(" ");
}

function requireString(v: unknown, path: string): string {
  if (typeof v !== "string" || v.trim() === "") throw new AssetsError("VENDOR_REGISTRY_INVALID", path);
  return v;
}

function stringList(v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw new AssetsError("VENDOR_REGISTRY_INVALID", `${path} must be a list of strings`);
  return v as string[];
}

/** Validates one list document (parsed JSON); throws AssetsError naming the bad field. */
export function readVendorList(doc: unknown): VendorList {
  if (typeof doc !== "object" || doc === null)
    throw new AssetsError("VENDOR_REGISTRY_INVALID", "the list is not an object");
  const d = doc as Record<string, unknown>;
  const list = requireString(d.list, "list");
  if (!Array.isArray(d.entries)) throw new AssetsError("VENDOR_REGISTRY_INVALID", `${list}: entries must be a list`);
  const entries = d.entries.map((raw, i): VendorEntry => {
    const at = `${list}.entries[${i}]`;
    const e = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const id = requireString(e.id, `${at}.id`);
    const name = requireString(e.name, `${at}.name`);
    const dateAdded = requireString(e.dateAdded, `${at}.dateAdded`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dateAdded))
      throw new AssetsError("VENDOR_REGISTRY_INVALID", `${at}.dateAdded must be YYYY-MM-DD`);
    return {
      id,
      name,
      aliases: stringList(e.aliases, `${at}.aliases`),
      subsidiaries: stringList(e.subsidiaries, `${at}.subsidiaries`),
      parents: stringList(e.parents, `${at}.parents`),
      country: typeof e.country === "string" ? e.country : null,
      stateControl: typeof e.stateControl === "string" ? e.stateControl : null,
      scope: typeof e.scope === "string" ? e.scope : "",
      dateAdded,
      source: requireString(e.source, `${at}.source`),
    };
  });
  return {
    list,
    title: requireString(d.title, `${list}.title`),
    publisher: typeof d.publisher === "string" ? d.publisher : "",
    url: requireString(d.url, `${list}.url`),
    ...(typeof d.note === "string" ? { note: d.note } : {}),
    entries,
  };
}

/** The lists shipped with Centinela (src/assets/vendors/*.json). */
export function shippedVendorLists(): VendorList[] {
  return ["fcc-covered-list.json", "ndaa-889.json"].map((file) =>
    readVendorList(JSON.parse(readFileSync(new URL(`./vendors/${file}`, import.meta.url), "utf8"))),
  );
}

interface Key {
  normalized: string;
  list: VendorList;
  entry: VendorEntry;
  rule: Exclude<VendorRule, "prefix">;
  matched: string;
}

/** A compiled registry: every registered name, normalized, with where it came from. */
export interface VendorRegistry {
  readonly lists: readonly VendorList[];
  readonly exact: ReadonlyMap<string, readonly Key[]>;
}

/** Compiles lists into a registry (the shipped ones plus any an operator adds). */
export function createVendorRegistry(lists: readonly VendorList[]): VendorRegistry {
  const exact = new Map<string, Key[]>();
  const add = (text: string, list: VendorList, entry: VendorEntry, rule: Key["rule"]) => {
    const normalized = normalizeVendorName(text);
    if (normalized === "") return;
    const keys = exact.get(normalized) ?? [];
    if (!keys.some((k) => k.list === list && k.entry === entry))
      keys.push({ normalized, list, entry, rule, matched: text });
    exact.set(normalized, keys);
  };
  for (const list of lists) {
    for (const entry of list.entries) {
      add(entry.name, list, entry, "name");
      for (const a of entry.aliases) add(a, list, entry, "alias");
      for (const s of entry.subsidiaries) add(s, list, entry, "subsidiary");
    }
  }
  return { lists, exact };
}

const RULE_TEXT: Record<VendorRule, { en: string; es: string }> = {
  name: { en: "is the designated entity", es: "es la entidad designada" },
  alias: { en: "is another name of the designated entity", es: "es otro nombre de la entidad designada" },
  subsidiary: { en: "is a subsidiary of the designated entity", es: "es una subsidiaria de la entidad designada" },
  prefix: { en: "begins with the name of the designated entity", es: "comienza con el nombre de la entidad designada" },
};

function explain(input: string, k: Key, rule: VendorRule): VendorMatch {
  const r = RULE_TEXT[rule];
  return {
    list: k.list.list,
    entry: k.entry,
    rule,
    matched: k.matched,
    explanation: {
      en: `"${input}" ${r.en} ${k.entry.name} ("${k.matched}") on ${k.list.title}, designated ${k.entry.dateAdded} (${k.entry.source}).`,
      es: `"${input}" ${r.es} ${k.entry.name} ("${k.matched}") en ${k.list.title}, designada el ${k.entry.dateAdded} (${k.entry.source}).`,
    },
  };
}

/**
 * Every list entry a vendor name designates, at most one match per list and entry. An exact
 * match of the normalized name wins; otherwise the longest registered name the input begins
 * with, word for word ("Huawei Device Co." begins with "Huawei").
 */
export function matchVendor(registry: VendorRegistry, name: string): VendorMatch[] {
  const normalized = normalizeVendorName(name.replace(/_/g, " "));
  if (normalized === "") return [];
  const keys = registry.exact.get(normalized);
  if (keys) return keys.map((k) => explain(name, k, k.rule));
  const words = normalized.split(" ");
  for (let n = words.length - 1; n >= 1; n--) {
    const prefixKeys = registry.exact.get(words.slice(0, n).join(" "));
    if (prefixKeys) return prefixKeys.map((k) => explain(name, k, "prefix"));
  }
  return [];
}
