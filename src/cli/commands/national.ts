import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { nationalPictureFor, readState, resolveOrg } from "../../incidents/index.js";
import type { AccessContext } from "../../store/index.js";
import { openCommandStore, type StoreOptions, SYSTEM_READER, withStoreOption } from "../context.js";
import { describePicture, outputLang } from "./incident-print.js";

interface NationalOptions extends StoreOptions {
  json?: boolean;
  hub: string;
  as?: string;
  state?: string;
  timeZone: string;
  lang?: string;
}

/**
 * `centinela national`: incidents, sightings and exposure by sector, state, week, type and actor.
 * As the local operator it sees everything; `--as ORG` shows what a member of ORG would see
 * (other organizations' incidents submitted to the hub only as counts where TLP forbids detail).
 */
export function registerNationalCommand(program: Command): void {
  withStoreOption(
    program
      .command("national")
      .description(t("help:national._"))
      .option("--json", t("help:national.json"))
      .option("--hub <collection>", t("help:national.hub"), "csirt-nacional")
      .option("--as <org>", t("help:national.as"))
      .option("--state <state>", t("help:national.state"))
      .option("--time-zone <zone>", t("help:national.timeZone"), "America/Mexico_City")
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (o: NationalOptions) => {
    const lang = outputLang(o.lang);
    // Checked before the store is opened: a mistake costs nothing.
    const state = o.state ? readState(o.state) : null;
    const store = await openCommandStore(o);
    try {
      let reader: AccessContext = SYSTEM_READER;
      if (o.as) reader = { kind: "member", orgId: (await resolveOrg(store, o.as)).id, userId: null };
      const picture = await nationalPictureFor(store, reader, { hub: o.hub, timeZone: o.timeZone, state });
      process.stdout.write(o.json ? `${JSON.stringify(picture, null, 2)}\n` : describePicture(picture, lang));
    } finally {
      await store.close();
    }
  });
}
