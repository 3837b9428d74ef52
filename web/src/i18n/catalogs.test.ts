import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * The console's two catalogs hold the same keys (plural forms per language: es one/many/other,
 * en one/other), every key the source uses is in both, no value is empty, and the placeholders
 * of a key are the same in both languages.
 */

const here = fileURLToPath(new URL(".", import.meta.url));
const es = JSON.parse(readFileSync(join(here, "es.json"), "utf8")) as Record<string, string>;
const en = JSON.parse(readFileSync(join(here, "en.json"), "utf8")) as Record<string, string>;
const PLURALS = { es: ["one", "many", "other"], en: ["one", "other"] } as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys without plural suffixes, and the plural forms present for each base. */
function bases(catalog: Record<string, string>) {
  const out = new Map<string, Set<string>>();
  for (const key of Object.keys(catalog)) {
    const m = PLURAL.exec(key);
    const base = m ? key.slice(0, m.index) : key;
    const forms = out.get(base) ?? new Set<string>();
    if (m) forms.add(m[1] as string);
    out.set(base, forms);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

test("both catalogs have the same keys, with each language's plural forms", () => {
  const esBases = bases(es);
  const enBases = bases(en);
  const missingInEn = [...esBases.keys()].filter((k) => !enBases.has(k));
  const missingInEs = [...enBases.keys()].filter((k) => !esBases.has(k));
  assert.deepEqual(missingInEn, [], `keys missing in en.json: ${missingInEn.join(", ")}`);
  assert.deepEqual(missingInEs, [], `keys missing in es.json: ${missingInEs.join(", ")}`);
  for (const [lang, catalog] of [
    ["es", esBases],
    ["en", enBases],
  ] as const) {
    for (const [base, forms] of catalog) {
      if (forms.size === 0) continue;
      for (const form of PLURALS[lang]) assert.ok(forms.has(form), `${lang}.json: ${base}_${form} is missing`);
    }
  }
});

test("no value is empty and placeholders match across languages", () => {
  for (const [key, value] of Object.entries(es)) {
    assert.ok(value.trim() !== "", `es.json: ${key} is empty`);
    const base = key.replace(PLURAL, "");
    const other = en[key] ?? en[`${base}_other`];
    if (other !== undefined) assert.deepEqual(placeholders(value), placeholders(other), `placeholders of ${key}`);
  }
  for (const [key, value] of Object.entries(en)) assert.ok(value.trim() !== "", `en.json: ${key} is empty`);
});

test("every key the console's source uses is in both catalogs", () => {
  const esBases = bases(es);
  const enBases = bases(en);
  const used = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sourceFiles(join(here, ".."))) {
    const text = readFileSync(file, "utf8");
    // t("key") / t('key'), and i18nKey-like literal keys handed to t through a constant (key: "…").
    for (const m of text.matchAll(/\bt\(\s*["']([\w.-]+)["']/g)) used.add(m[1] as string);
    for (const m of text.matchAll(/\bkey:\s*["']([a-z]+\.[\w.-]+)["']/g)) used.add(m[1] as string);
    for (const m of text.matchAll(/\bt\(\s*`([\w.-]+)\.\$\{/g)) prefixes.add(`${m[1]}.`);
  }
  assert.ok(used.size > 20, `found only ${used.size} keys in the source: is the scan still right?`);
  const missing = [...used].filter((k) => !esBases.has(k) || !enBases.has(k));
  assert.deepEqual(missing, [], `keys used but missing in a catalog: ${missing.join(", ")}`);
  for (const prefix of prefixes) {
    assert.ok(
      [...esBases.keys()].some((k) => k.startsWith(prefix)),
      `the source builds keys under ${prefix} but the catalogs have none`,
    );
  }
});

test("every sector, asset role and criticality the inventory knows has a label", async () => {
  const { SECTORS, ASSET_ROLES, CRITICALITIES } = await import("../../../src/assets/index.js");
  const needed = [
    ...SECTORS.map((s: string) => `sector.${s}`),
    ...ASSET_ROLES.map((s: string) => `assetRole.${s}`),
    ...CRITICALITIES.map((s: string) => `criticality.${s}`),
    ...["admin", "analyst", "reader", "partner"].map((r) => `role.${r}`),
  ];
  const missing = needed.filter((k) => !(k in es) || !(k in en));
  assert.deepEqual(missing, [], `labels missing: ${missing.join(", ")}`);
});

test("every alert kind and status the store knows has a label", async () => {
  const { ALERT_KINDS, ALERT_STATUSES } = await import("../../../src/store/index.js");
  const needed = [
    ...ALERT_KINDS.map((k: string) => `alerts.kind.${k}`),
    ...ALERT_STATUSES.map((s: string) => `alerts.status.${s}`),
  ];
  const missing = needed.filter((k) => !(k in es) || !(k in en));
  assert.deepEqual(missing, [], `labels missing: ${missing.join(", ")}`);
});
