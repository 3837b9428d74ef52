import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { SECTORS } from "../../assets/index.js";
import { localeFromEnv, MX_STATES, parseMxState, setLocale, t } from "../../i18n/index.js";
import { TLP_MARKING_IDS, type TlpLevel } from "../../stix/index.js";
import { ALL_ORGS } from "../../store/index.js";
import {
  type ActionItem,
  actionsToCsv,
  actionsToStix,
  computeActionPlan,
  type LineOrganization,
  loadLineOrganizations,
  matchOrganizations,
  type NationalFilter,
  type NationalLine,
  nationalLines,
  parseSector,
} from "../../vulns/index.js";
import { notAState, notOneOf } from "../choice.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { resolveOrg } from "../org-name.js";

/**
 * `centinela actions`: what to fix first, for one organization (--org) or the whole country
 * (--national; the CLI runs as the local operator, the store's administrator). A table for people
 * with every reason in Spanish or English, JSON for machines, CSV and STIX 2.1 files for sharing.
 * The national list names each line's organization, sector and state, and filters on them
 * (--org by name, accents aside; --sector; --state by code or name).
 */

interface ActionsOptions extends StoreOptions {
  org?: string;
  national?: boolean;
  sector?: string;
  state?: string;
  lang?: string;
  json?: boolean;
  csv?: string;
  stix?: string;
  tlp?: string;
  today?: string;
  limit?: string;
}

/** The language of the table when --lang is not given: the CLI's (LC_ALL, LC_MESSAGES, LANG; Spanish by default). */
export function defaultLang(env: NodeJS.ProcessEnv = process.env): "es" | "en" {
  return localeFromEnv(env) === "en" ? "en" : "es";
}

/** `centinela actions`. */
export function registerActionsCommand(program: Command): void {
  withStoreOption(
    program
      .command("actions")
      .description(t("help:actions._"))
      .option("--org <org>", t("help:actions.org"))
      .option("--national", t("help:actions.national"))
      .option("--sector <sector>", t("help:actions.sector", { sectors: SECTORS.join(", ") }))
      .option("--state <state>", t("help:actions.state"))
      .option("--lang <es|en>", t("help:actions.lang"))
      .option("--json", t("help:actions.json"))
      .option("--csv <file>", t("help:actions.csv"))
      .option("--stix <file>", t("help:actions.stix"))
      .option("--tlp <level>", t("help:actions.tlp"))
      .option("--today <date>", t("help:actions.today"))
      .option("--limit <n>", t("help:actions.limit"), "50"),
  ).action(async (options: ActionsOptions) => {
    process.exitCode = await runActions(options);
  });
}

/** "CFE Occidente · energía · Jalisco": who a national line belongs to. */
function organizationLine(org: LineOrganization | null): string {
  if (!org) return t("exposure:national.noOrganization");
  if (!org.sector || !org.state) return `${org.name} · ${t("exposure:national.noProfile")}`;
  return `${org.name} · ${t(`exposure:sector.${org.sector}`)} · ${MX_STATES[org.state]}`;
}

function table(items: readonly (ActionItem | NationalLine)[], lang: "es" | "en", limit: number): string {
  const head = t("cli:actions.head");
  const lines = [head];
  items.slice(0, limit).forEach((item, i) => {
    const what =
      item.kind === "unconfirmed-version"
        ? t("cli:actions.unconfirmedVersion", { count: item.cveIds.length })
        : (item.cveId ?? t("cli:actions.designatedVendor"));
    lines.push(
      `${i + 1}. ${item.score.toFixed(1)}  ${item.assetName}  ${what}${item.dueDate ? `  ${item.dueDate}` : ""}`,
    );
    if ("organization" in item) lines.push(`     ${organizationLine(item.organization)}`);
    for (const r of item.reasons) lines.push(`     ${r.points >= 0 ? "+" : ""}${r.points} ${r[lang]}`);
    lines.push(`     → ${item.action[lang]}`);
  });
  if (items.length > limit) lines.push(t("cli:actions.more", { count: items.length - limit }));
  if (items.length === 0) lines.push(t("cli:actions.nothing"));
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
  if (!options.org && !options.national) {
    printError(t("cli:actions.orgOrNational"));
    return 2;
  }
  for (const option of ["sector", "state"] as const) {
    if (options[option] !== undefined && !options.national) {
      printError(t("exposure:national.filterNeedsNational", { option: `--${option}` }));
      return 2;
    }
  }
  const lang = options.lang ?? defaultLang();
  if (lang !== "es" && lang !== "en") {
    printError(t("cli:actions.badLang", { value: lang }));
    return 2;
  }
  // --lang sets the language of everything the command says, not only the reasons.
  setLocale(lang === "es" ? "es-MX" : "en");
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || Number.isNaN(Date.parse(today))) {
    printError(t("cli:actions.badToday", { value: today }));
    return 2;
  }
  if (options.tlp && !Object.hasOwn(TLP_MARKING_IDS, options.tlp)) {
    printError(
      t("common:value.oneOf", { name: "--tlp", allowed: Object.keys(TLP_MARKING_IDS).join(", "), value: options.tlp }),
    );
    return 2;
  }
  // Checked before the store is opened: a mistake costs nothing.
  const filter: NationalFilter = {};
  if (options.sector !== undefined) {
    const sector = parseSector(options.sector);
    if (!sector) {
      printError(notOneOf("--sector", options.sector, SECTORS));
      return 2;
    }
    filter.sector = sector;
  }
  if (options.state !== undefined) {
    const state = parseMxState(options.state.trim());
    if (!state) {
      printError(notAState("--state", options.state));
      return 2;
    }
    filter.state = state;
  }
  const store = await openCommandStore(options);
  try {
    const orgs = await loadLineOrganizations(store);
    if (options.national && options.org) {
      filter.orgIds = matchOrganizations(orgs.values(), options.org);
      if (filter.orgIds.size === 0) {
        printError(t("exposure:national.noOrgMatches", { value: options.org }));
        return 2;
      }
    }
    const org = options.org && !options.national ? await resolveOrg(store, options.org) : null;
    const plan = await computeActionPlan(store, ALL_ORGS, { orgId: org?.id ?? null, today });
    const items = options.national ? nationalLines(plan.items, orgs, filter) : plan.items;
    if (options.csv) await writeFile(options.csv, actionsToCsv(items, orgs));
    if (options.stix) {
      const profile = org ? await store.inventory.getOrgProfile(org.id) : null;
      const tlp = (options.tlp ?? profile?.tlp ?? "amber") as TlpLevel;
      const objects = actionsToStix(items, {
        tlp,
        assets: plan.assets,
        nvd: plan.data.nvd,
        now: new Date().toISOString(),
      });
      const bundle = { type: "bundle", id: `bundle--${crypto.randomUUID()}`, objects };
      await writeFile(options.stix, `${JSON.stringify(bundle)}\n`);
    }
    if (options.json) await writeJsonArray(items);
    else process.stdout.write(table(items, lang, Number(options.limit ?? 50)));
    return 0;
  } catch (error) {
    printError(error);
    return 1;
  } finally {
    await store.close();
  }
}
