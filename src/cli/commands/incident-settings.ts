import type { Command } from "commander";
import { t, translator } from "../../i18n/index.js";
import { operatorFor, reportingDefaults, resolveOrg, setReportingDefaults } from "../../incidents/index.js";
import { type StoreOptions, withStoreOption } from "../context.js";
import { outputLang } from "./incident-print.js";
import { withStore } from "./incident-share.js";

/**
 * `centinela incident settings --org ORG [--regime R] [--time-zone Z]`: the organization's
 * reporting defaults — the regime its new incidents are reported under and its clock's zone —
 * shown, or set when a value is given.
 */

interface SettingsOptions extends StoreOptions {
  org: string;
  regime?: string;
  timeZone?: string;
  submitTo?: string;
  submitCollection?: string;
  localHub?: boolean;
  json?: boolean;
  lang?: string;
}

/** Registers `incident settings`. */
export function registerSettingsCommand(incident: Command): void {
  withStoreOption(
    incident
      .command("settings")
      .description(t("help:incident.settings._"))
      .requiredOption("--org <org>", t("help:assets.org"))
      .option("--regime <regime>", t("help:incident.settings.regime"))
      .option("--time-zone <zone>", t("help:incident.settings.timeZone"))
      .option("--submit-to <url>", t("help:incident.settings.submitTo"))
      .option("--submit-collection <id>", t("help:incident.settings.submitCollection"))
      .option("--local-hub", t("help:incident.settings.localHub"))
      .option("--json", t("help:incident.settings.json"))
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (o: SettingsOptions) => {
    const t = translator(outputLang(o.lang) === "en" ? "en" : "es-MX");
    const result = await withStore(o, async (store) => {
      const partner =
        o.localHub === true
          ? null
          : o.submitTo !== undefined || o.submitCollection !== undefined
            ? { apiRoot: o.submitTo ?? "", collection: o.submitCollection ?? "" }
            : undefined;
      if (o.regime === undefined && o.timeZone === undefined && partner === undefined)
        return reportingDefaults(store, o.org);
      const org = await resolveOrg(store, o.org);
      const change = { regime: o.regime, timeZone: o.timeZone, submitTo: partner };
      return setReportingDefaults(store, operatorFor(org.id), org.id, change);
    });
    if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const key = result.configured ? "incidents:cli.settings" : "incidents:cli.settingsDefault";
      const to = result.submitTo
        ? t("incidents:cli.submitsTo", { url: result.submitTo.apiRoot, collection: result.submitTo.collection })
        : t("incidents:cli.submitsToHub");
      process.stdout.write(`${t(key, { regime: result.regime, zone: result.timeZone })}\n${to}\n`);
    }
  });
}
