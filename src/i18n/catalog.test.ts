import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CATALOGS, type Tree } from "./catalog.js";
import { LOCALES } from "./locale.js";
import { translator } from "./translate.js";

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every message of a catalog: its key (plural suffix left off) and the values it interpolates. */
function messages(tree: Tree, prefix = "", out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value !== "string") {
      messages(value, path, out);
      continue;
    }
    const base = path.replace(PLURAL, "");
    const vars = out.get(base) ?? new Set<string>();
    for (const m of value.matchAll(/\{\{\s*([\w.]+)/g)) vars.add(m[1] as string);
    out.set(base, vars);
  }
  return out;
}

describe("message catalogs", () => {
  const [reference, ...others] = LOCALES;
  it("hold the same namespaces in every language", () => {
    for (const locale of others)
      assert.deepEqual(Object.keys(CATALOGS[locale]).sort(), Object.keys(CATALOGS[reference]).sort());
  });

  for (const ns of Object.keys(CATALOGS[reference]) as Array<keyof (typeof CATALOGS)["es-MX"]>) {
    it(`${ns}: every message exists in every language, with the same values`, () => {
      const all = LOCALES.map((locale) => messages(CATALOGS[locale][ns] as Tree));
      const keys = new Set(all.flatMap((m) => [...m.keys()]));
      const problems: string[] = [];
      for (const key of keys) {
        LOCALES.forEach((locale, i) => {
          if (!all[i]?.has(key)) problems.push(`${ns}:${key} is missing in ${locale}`);
        });
        const vars = all.map((m) => [...(m.get(key) ?? [])].sort().join(","));
        if (all.every((m) => m.has(key)) && new Set(vars).size > 1)
          problems.push(
            `${ns}:${key} interpolates different values: ${LOCALES.map((l, i) => `${l} {${vars[i]}}`).join(" vs ")}`,
          );
      }
      assert.deepEqual(problems, []);
    });
  }

  it("finds a key that exists in one language only", () => {
    const es = messages({ a: "uno", b_one: "{{count}} b", b_other: "{{count}} bs" });
    const en = messages({ a: "one", b_one: "{{count}} b", b_other: "{{count}} bs", c: "only English" });
    assert.deepEqual(
      [...en.keys()].filter((k) => !es.has(k)),
      ["c"],
    );
  });

  it("renders, interpolates and counts in each language, Spanish's 'many' form included", () => {
    const es = translator("es-MX");
    const en = translator("en");
    assert.equal(
      es("common:value.oneOf", { name: "criticality", allowed: "low, high", value: "x" }),
      'criticality debe ser uno de: low, high; no "x"',
    );
    assert.equal(
      en("common:value.oneOf", { name: "criticality", allowed: "low, high", value: "x" }),
      'criticality must be one of low, high; not "x"',
    );
    assert.equal(es("cli:import.objects", { count: 1 }), "1 objeto");
    assert.equal(es("cli:import.objects", { count: 1_000_000 }), "1,000,000 objetos");
    assert.equal(en("cli:import.objects", { count: 12_962 }), "12,962 objects");
  });
});
