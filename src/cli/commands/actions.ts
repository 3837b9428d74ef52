import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { TLP_MARKING_IDS, type TlpLevel } from "../../stix/index.js";
import { ALL_ORGS } from "../../store/index.js";
import { type ActionItem, actionsToCsv, actionsToStix, computeActionPlan } from "../../vulns/index.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "./assets.js";

/**
 * `centinela actions`: what to fix first, for one organization (--org) or the whole country
 * (--national; the CLI runs as the local operator, the store's administrator). A table for people
 * with every reason in Spanish or English, JSON for machines, CSV and STIX 2.1 files for sharing.
 */

interface ActionsOptions extends StoreOptions {
  org?: string;
  national?: boolean;
  lang?: string;
  json?: boolean;
  csv?: string;
  stix?: string;
  tlp?: string;
  today?: string;
  limit?: string;
}

/** The language of the table: --lang, else Spanish when LANG (or LC_ALL) starts with "es", else English. */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): "es" | "en" {
  const lang = (env.LC_ALL || env.LANG || "").toLowerCase();
  return lang.startsWith("es") ? "es" : "en";
}

/** `centinela actions`. */
export function registerActionsCommand(program: Command): void {
  withStoreOption(
    program
      .command("actions")
      .description("the ranked list of what to fix first, with the reasons, for an organization or the country")
      .option("--org <org>", "organization id or name")
      .option("--national", "every organization (the national CSIRT's view)")
      .option("--lang <es|en>", "language of the reasons (default from $LANG)")
      .option("--json", "print the list as JSON")
      .option("--csv <file>", "also write the list as CSV")
      .option("--stix <file>", "also write the list as a STIX 2.1 bundle under the organization's TLP marking")
      .option("--tlp <level>", "TLP of the STIX export (default: the organization's, else amber)")
      .option("--today <date>", "YYYY-MM-DD for KEV due dates (default: today)")
      .option("--limit <n>", "lines shown in the table", "50"),
  ).action(async (options: ActionsOptions) => {
    process.exitCode = await runActions(options);
  });
}

function table(items: readonly ActionItem[], lang: "es" | "en", limit: number): string {
  const head = lang === "es" ? "#  puntos  activo / CVE / fecha límite" : "#  score  asset / CVE / due date";
  const lines = [head];
  items.slice(0, limit).forEach((item, i) => {
    const what = item.cveId ?? (lang === "es" ? "fabricante designado" : "designated vendor");
    lines.push(
      `${i + 1}. ${item.score.toFixed(1)}  ${item.assetName}  ${what}${item.dueDate ? `  ${item.dueDate}` : ""}`,
    );
    for (const r of item.reasons) lines.push(`     ${r.points >= 0 ? "+" : ""}${r.points} ${r[lang]}`);
    lines.push(`     → ${item.action[lang]}`);
  });
  if (items.length > limit)
    lines.push(
      lang === "es"
        ? `… y ${items.length - limit} más (--limit, --json o --csv)`
        : `… and ${items.length - limit} more (--limit, --json or --csv)`,
    );
  if (items.length === 0)
    lines.push(lang === "es" ? "Nada que corregir con los datos cargados." : "Nothing to fix with the data loaded.");
  return `${lines.join("\n")}\n`;
}

/**
 * Writes a JSON array a thousand items at a time, waiting for the pipe: the national list can be
 * large. A reader that goes away (`| head`) ends the output quietly.
 */
async function writeJsonArray(items: readonly unknown[]): Promise<void> {
  const out = process.stdout;
  let closed = false;
  const onError = () => {
    closed = true;
  };
  out.on("error", onError);
  const write = (text: string) =>
    closed || out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          out.once("drain", resolve);
          out.once("error", resolve);
        });
  await write("[");
  for (let i = 0; i < items.length && !closed; i += 1000) {
    const chunk = items.slice(i, i + 1000).map((item) => JSON.stringify(item));
    await write(`${i === 0 ? "\n" : ",\n"}${chunk.join(",\n")}`);
  }
  await write("\n]\n");
  out.off("error", onError);
}

async function runActions(options: ActionsOptions): Promise<number> {
  if (Boolean(options.org) === Boolean(options.national)) {
    printError("give either --org ORG or --national");
    return 2;
  }
  const lang = options.lang ?? defaultLang();
  if (lang !== "es" && lang !== "en") {
    printError(`--lang must be es or en, not "${lang}"`);
    return 2;
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    printError(`--today must be a date YYYY-MM-DD, not "${today}"`);
    return 2;
  }
  if (options.tlp && !Object.hasOwn(TLP_MARKING_IDS, options.tlp)) {
    printError(`--tlp must be one of ${Object.keys(TLP_MARKING_IDS).join(", ")}, not "${options.tlp}"`);
    return 2;
  }
  const store = await openCommandStore(options);
  try {
    const org = options.org ? await resolveOrg(store, options.org) : null;
    const plan = await computeActionPlan(store, ALL_ORGS, { orgId: org?.id ?? null, today });
    if (options.csv) await writeFile(options.csv, actionsToCsv(plan.items));
    if (options.stix) {
      const profile = org ? await store.inventory.getOrgProfile(org.id) : null;
      const tlp = (options.tlp ?? profile?.tlp ?? "amber") as TlpLevel;
      const objects = actionsToStix(plan.items, {
        tlp,
        assets: plan.assets,
        nvd: plan.data.nvd,
        now: new Date().toISOString(),
      });
      const bundle = { type: "bundle", id: `bundle--${crypto.randomUUID()}`, objects };
      await writeFile(options.stix, `${JSON.stringify(bundle)}\n`);
    }
    if (options.json) await writeJsonArray(plan.items);
    else process.stdout.write(table(plan.items, lang, Number(options.limit ?? 50)));
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await store.close();
  }
}
