import type { TlpLevel } from "../../stix/index.js";
import type { MispTag } from "./misp-event.js";

/**
 * MISP tags and TLP. The MISP TLP taxonomy (../shared/data/misp-taxonomies-tlp) names TLP 2.0
 * (`tlp:clear`, `tlp:amber+strict`) and keeps the TLP 1.0 `tlp:white`; both become the TLP 2.0
 * marking definitions. `tlp:ex:chr` and `tlp:unclear` have no TLP 2.0 marking: they stay labels.
 */

const TLP_BY_TAG: Readonly<Record<string, TlpLevel>> = {
  "tlp:white": "clear",
  "tlp:clear": "clear",
  "tlp:green": "green",
  "tlp:amber": "amber",
  "tlp:amber+strict": "amber+strict",
  "tlp:red": "red",
};

const RANK: Readonly<Record<TlpLevel, number>> = { clear: 0, green: 1, amber: 2, "amber+strict": 3, red: 4 };

/** The TLP level of one tag name (any case, quotes and spaces allowed: `TLP:"AMBER+STRICT"`), or null. */
export function tlpOfTag(name: string): TlpLevel | null {
  const normal = name.toLowerCase().replace(/["\s]/g, "");
  return TLP_BY_TAG[normal] ?? null;
}

/** The most restrictive TLP level among the tags, or null when none is a TLP tag. */
export function tlpOfTags(tags: readonly MispTag[] | undefined): TlpLevel | null {
  let found: TlpLevel | null = null;
  for (const tag of tags ?? []) {
    const level = typeof tag?.name === "string" ? tlpOfTag(tag.name) : null;
    if (level !== null && (found === null || RANK[level] > RANK[found])) found = level;
  }
  return found;
}

/** The MISP tag for a TLP level, in TLP 2.0 names, with the taxonomy's colour. */
export function tagOfTlp(level: TlpLevel): MispTag {
  const colour: Record<TlpLevel, string> = {
    clear: "#ffffff",
    green: "#339900",
    amber: "#ffc000",
    "amber+strict": "#ffc000",
    red: "#cc0033",
  };
  return { name: `tlp:${level}`, colour: colour[level] };
}

/** A galaxy tag `misp-galaxy:TYPE="VALUE"` split into its type and value, or null. */
export function galaxyTag(name: string): { type: string; value: string } | null {
  const m = /^misp-galaxy:([\w-]+)="(.+)"$/.exec(name);
  return m ? { type: m[1]!, value: m[2]! } : null;
}

/** The tags that are neither TLP nor galaxy tags: they become STIX labels. */
export function labelTags(tags: readonly MispTag[] | undefined): string[] {
  const labels: string[] = [];
  for (const tag of tags ?? []) {
    if (typeof tag?.name !== "string" || tag.name.length === 0) continue;
    if (tlpOfTag(tag.name) !== null || galaxyTag(tag.name) !== null) continue;
    labels.push(tag.name);
  }
  return labels;
}
