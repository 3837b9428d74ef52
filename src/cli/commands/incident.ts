import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import {
  type ActorRef,
  exportBundle,
  findActor,
  findStoredActor,
  type IncidentRecord,
  loadActorGalaxy,
  loadComments,
  loadIncident,
  loadIncidents,
  operatorFor,
  parseStatus,
  reportIncident,
  resolveOrg,
  stageReportHtml,
  updateIncident,
} from "../../incidents/index.js";
import type { Store } from "../../store/index.js";
import { type StoreOptions, SYSTEM_READER, withStoreOption } from "../context.js";
import { describeIncident, incidentLine, outputLang } from "./incident-print.js";
import { registerSettingsCommand } from "./incident-settings.js";
import { registerReportHtmlCommand, registerSubmitCommand, withStore } from "./incident-share.js";

/**
 * `centinela incident report|list|show|update|submit`: incidents with their legal deadline
 * clocks. The CLI acts as the machine's operator, for the organization it names; every change is
 * attributed to "cli" in the audit log. Times without an offset are read on the organization's
 * clock (--time-zone, default America/Mexico_City).
 */

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface ReportOptions extends StoreOptions {
  org: string;
  title: string;
  type: string[];
  awareAt: string;
  criticality?: string;
  asset?: string[];
  regime?: string;
  timeZone?: string;
  description?: string;
  determination?: string;
  detection?: string[];
  availability?: string;
  recoverability?: string;
  ransomPaidAt?: string;
  actor?: string;
  galaxy?: string;
  sighting?: string[];
  assignee?: string;
  mitigation?: string;
  rootCause?: string;
  crossBorder?: string;
  json?: boolean;
  lang?: string;
}

/** The actor of --actor: from the galaxy file (--galaxy, $CENTINELA_GALAXY), else from the store. */
async function actorOption(
  store: Store,
  name: string | undefined,
  galaxy: string | undefined,
): Promise<ActorRef | undefined> {
  if (!name) return undefined;
  const file = galaxy ?? process.env.CENTINELA_GALAXY;
  if (!file) return findStoredActor(store, SYSTEM_READER, name);
  return findActor(await loadActorGalaxy(file), name);
}

async function sha256File(path: string): Promise<{ sha256: string; name: string; size: number }> {
  const size = (await stat(path)).size;
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { sha256: hash.digest("hex"), name: basename(path), size };
}

function print(record: IncidentRecord, options: { json?: boolean; lang?: string }): void {
  if (options.json) process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  else process.stdout.write(describeIncident(record, outputLang(options.lang), Date.now()));
}

/** `centinela incident …`. */
export function registerIncidentCommand(program: Command): void {
  const incident = program.command("incident").description(t("help:incident._"));

  withStoreOption(
    incident
      .command("report")
      .description(t("help:incident.report._"))
      .requiredOption("--org <org>", t("help:assets.org"))
      .requiredOption("--title <text>", t("help:incident.report.title"))
      .requiredOption("--type <type>", t("help:incident.report.type"), collect)
      .requiredOption("--aware-at <time>", t("help:incident.report.awareAt"))
      .option("--criticality <n>", t("help:incident.report.criticality"))
      .option("--asset <id>", t("help:incident.report.asset"), collect)
      .option("--regime <regime>", t("help:incident.report.regime"))
      .option("--time-zone <zone>", t("help:incident.report.timeZone"))
      .option("--description <text>", t("help:incident.report.description"))
      .option("--determination <d>", t("help:incident.report.determination"))
      .option("--detection <method>", t("help:incident.report.detection"), collect)
      .option("--availability <n>", t("help:incident.report.availability"))
      .option("--recoverability <r>", t("help:incident.report.recoverability"))
      .option("--ransom-paid-at <time>", t("help:incident.report.ransomPaidAt"))
      .option("--actor <name>", t("help:incident.report.actor"))
      .option("--galaxy <file>", t("help:incident.report.galaxy"))
      .option("--sighting <id>", t("help:incident.report.sighting"), collect)
      .option("--assignee <user>", t("help:incident.report.assignee"))
      .option("--mitigation <text>", t("help:incident.report.mitigation"))
      .option("--root-cause <text>", t("help:incident.report.rootCause"))
      .option("--cross-border <text>", t("help:incident.report.crossBorder"))
      .option("--json", t("help:incident.report.json"))
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (o: ReportOptions) => {
    const record = await withStore(o, async (store) => {
      const actor = await actorOption(store, o.actor, o.galaxy);
      const org = await resolveOrg(store, o.org);
      return reportIncident(
        store,
        operatorFor(org.id),
        {
          org: org.id,
          title: o.title,
          types: o.type,
          awareAt: o.awareAt,
          criticality: o.criticality,
          assets: o.asset ?? [],
          regime: o.regime,
          timeZone: o.timeZone,
          description: o.description,
          determination: o.determination,
          detectionMethods: o.detection,
          availability: o.availability,
          recoverability: o.recoverability,
          ransomPaidAt: o.ransomPaidAt,
          actor,
          sightings: o.sighting,
          assignee: o.assignee,
          mitigation: o.mitigation,
          rootCause: o.rootCause,
          crossBorder: o.crossBorder,
        },
        Date.now(),
      );
    });
    print(record, o);
  });

  withStoreOption(
    incident
      .command("list")
      .description(t("help:incident.list._"))
      .option("--org <org>", t("help:incident.list.org"))
      .option("--status <status>", t("help:incident.list.status"))
      .option("--json", t("help:incident.list.json"))
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (o: StoreOptions & { org?: string; status?: string; json?: boolean; lang?: string }) => {
    const lang = outputLang(o.lang);
    const status = o.status ? parseStatus(o.status) : null;
    await withStore(o, async (store) => {
      const orgId = o.org ? (await resolveOrg(store, o.org)).id : null;
      const now = Date.now();
      for (const { record } of await loadIncidents(store, SYSTEM_READER)) {
        if ((orgId && record.org.id !== orgId) || (status && record.status !== status)) continue;
        process.stdout.write(o.json ? `${JSON.stringify(record)}\n` : incidentLine(record, lang, now));
      }
    });
  });

  withStoreOption(
    incident
      .command("show")
      .description(t("help:incident.show._"))
      .argument("<id>", t("help:incident.submit.id"))
      .option("--json", t("help:incident.report.json"))
      .option("--stix", t("help:incident.show.stix"))
      .option("--html <stage>", t("help:incident.show.html"))
      .option("--out <file>", t("help:incident.show.out"))
      .option("--lang <es|en>", t("help:incident.show.lang")),
  ).action(
    async (
      id: string,
      o: StoreOptions & { json?: boolean; stix?: boolean; html?: string; out?: string; lang?: string },
    ) => {
      const lang = outputLang(o.lang);
      const text = await withStore(o, async (store) => {
        const who = operatorFor("");
        if (o.stix) return exportBundle(store, who, id);
        const { record } = await loadIncident(store, SYSTEM_READER, id);
        if (o.html) return stageReportHtml(record, o.html, lang, Date.now());
        if (o.json) return `${JSON.stringify(record, null, 2)}\n`;
        return describeIncident(record, lang, Date.now(), await loadComments(store, SYSTEM_READER, record));
      });
      if (o.out) await writeFile(o.out, text);
      else process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    },
  );

  withStoreOption(
    incident
      .command("update")
      .description(t("help:incident.update._"))
      .argument("<id>", t("help:incident.submit.id"))
      .option("--status <status>", t("help:incident.update.status"))
      .option("--assignee <user>", t("help:incident.update.assignee"))
      .option("--criticality <n>", t("help:incident.update.criticality"))
      .option("--determination <d>", t("help:incident.report.determination"))
      .option("--title <text>", t("help:incident.update.title"))
      .option("--description <text>", t("help:incident.update.description"))
      .option("--ransom-paid-at <time>", t("help:incident.update.ransomPaidAt"))
      .option("--mitigation <text>", t("help:incident.update.mitigation"))
      .option("--root-cause <text>", t("help:incident.update.rootCause"))
      .option("--cross-border <text>", t("help:incident.update.crossBorder"))
      .option("--actor <name>", t("help:incident.report.actor"))
      .option("--galaxy <file>", t("help:incident.report.galaxy"))
      .option("--comment <text>", t("help:incident.update.comment"))
      .option("--attach <file>", t("help:incident.update.attach"), collect)
      .option("--json", t("help:incident.report.json"))
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (id: string, o: StoreOptions & Record<string, string | string[] | boolean | undefined>) => {
    const attach = await Promise.all(((o.attach as string[] | undefined) ?? []).map(sha256File));
    const record = await withStore(o, async (store) => {
      const actor = await actorOption(store, o.actor as string | undefined, o.galaxy as string | undefined);
      const { record: old } = await loadIncident(store, SYSTEM_READER, id);
      return updateIncident(
        store,
        operatorFor(old.org.id),
        id,
        {
          status: o.status as string | undefined,
          assignee: o.assignee as string | undefined,
          criticality: o.criticality as string | undefined,
          determination: o.determination as string | undefined,
          title: o.title as string | undefined,
          description: o.description as string | undefined,
          ransomPaidAt: o.ransomPaidAt as string | undefined,
          mitigation: o.mitigation as string | undefined,
          rootCause: o.rootCause as string | undefined,
          crossBorder: o.crossBorder as string | undefined,
          actor,
          comment: o.comment as string | undefined,
          attach,
        },
        Date.now(),
      );
    });
    print(record, { json: o.json as boolean | undefined, lang: o.lang as string | undefined });
  });

  registerSettingsCommand(incident);
  registerSubmitCommand(incident);
  registerReportHtmlCommand(incident);
}
