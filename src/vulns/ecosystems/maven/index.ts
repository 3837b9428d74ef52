import type { EcosystemOrdering } from "../contract.js";

/**
 * Maven's ordering: the rules of Maven's ComparableVersion. A version is split into items at
 * "." and "-" and where digits meet letters; "-" (and a digit/letter change) opens a sub-list.
 * Numbers compare as numbers; qualifiers in the order alpha < beta < milestone < rc = cr <
 * snapshot < "" = ga = final = release < sp, unknown ones after sp alphabetically; "a1", "b2",
 * "m3" are alpha-1, beta-2, milestone-3. Trailing zeros and release qualifiers are dropped, so
 * 1.0 = 1 = 1.0.0 = 1.ga and 5.4.3.Final = 5.4.3; 2.12.6.1 > 2.12.6; 24.1.1-jre is 24.1.1 with
 * an unknown qualifier, after 24.1.1.
 */

type Item = { kind: "int"; value: string } | { kind: "string"; value: string } | { kind: "list"; items: Item[] };

const QUALIFIERS = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const ALIASES: Record<string, string> = { ga: "", final: "", release: "", cr: "rc" };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(""));

/** The sortable form of a qualifier: its place among the known ones, else after all of them. */
function comparable(qualifier: string): string {
  const i = QUALIFIERS.indexOf(qualifier);
  return i < 0 ? `${QUALIFIERS.length}-${qualifier}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === "a" ? "alpha" : v === "b" ? "beta" : v === "m" ? "milestone" : v;
  return { kind: "string", value: ALIASES[v] ?? v };
}

function intItem(digits: string): Item {
  return { kind: "int", value: digits.replace(/^0+(?=\d)/, "") };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? intItem(text) : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === "int") return item.value === "0";
  if (item.kind === "string") return comparable(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

/** Drops trailing null items of a list, stopping at the first non-null item that is not a list. */
function normalize(list: Item & { kind: "list" }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i] as Item;
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== "list") break;
  }
}

function compareInts(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  const x = comparable(a);
  const y = comparable(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** ComparableVersion's Item.compareTo, `b` null standing for "nothing there". */
function compareItems(a: Item, b: Item | null): number {
  if (a.kind === "int") {
    if (b === null) return a.value === "0" ? 0 : 1;
    return b.kind === "int" ? compareInts(a.value, b.value) : 1;
  }
  if (a.kind === "string") {
    if (b === null) return compareStrings(a.value, "");
    if (b.kind === "int" || b.kind === "list") return -1;
    return compareStrings(a.value, b.value);
  }
  if (b === null) return a.items.length === 0 ? 0 : compareItems(a.items[0] as Item, null);
  if (b.kind === "int") return -1;
  if (b.kind === "string") return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i] ?? null;
    const r = b.items[i] ?? null;
    const result = l === null ? (r === null ? 0 : -compareItems(r, null)) : compareItems(l, r);
    if (result !== 0) return result;
  }
  return 0;
}

/** ComparableVersion.parseVersion. */
function parseMaven(text: string): Item & { kind: "list" } {
  const version = text.toLowerCase();
  const root: Item & { kind: "list" } = { kind: "list", items: [] };
  let list = root;
  const stack = [list];
  const open = () => {
    const next: Item & { kind: "list" } = { kind: "list", items: [] };
    list.items.push(next);
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < version.length; i++) {
    const c = version.charAt(i);
    if (c === "." || c === "-") {
      list.items.push(i === start ? intItem("0") : parseItem(isDigit, version.slice(start, i)));
      start = i + 1;
      if (c === "-") open();
    } else if (c >= "0" && c <= "9") {
      if (!isDigit && i > start) {
        list.items.push(stringItem(version.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, version.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (version.length > start) list.items.push(parseItem(isDigit, version.slice(start)));
  while (stack.length > 0) normalize(stack.pop() as Item & { kind: "list" });
  return root;
}

/** The Maven ordering. Any non-empty text without spaces is a Maven version, as in Maven itself. */
export const mavenOrdering: EcosystemOrdering<Item> = {
  name: "Maven",
  parse: (text) => (/^\S+$/.test(text.trim()) ? parseMaven(text.trim()) : null),
  compare: (a, b) => compareItems(a, b),
};
