import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
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
  const incident = program
    .command("incident")
    .description("incident reports with legal deadline clocks (mx-apf, nis2, circia)");

  withStoreOption(
    incident
      .command("report")
      .description("record an incident; the clocks start at --aware-at")
      .requiredOption("--org <org>", "organization id or name")
      .requiredOption("--title <text>", "short title")
      .requiredOption("--type <type>", "incident type (ransomware, phishing, data-breach, …); repeat for more", collect)
      .requiredOption(
        "--aware-at <time>",
        "when the incident became known: 2026-03-14T09:30-06:00, or local 2026-03-14 09:30",
      )
      .option("--criticality <n>", "0-100 (mx-apf: 80+ critical, 50-79 serious)")
      .option("--asset <id>", "affected asset of the organization (id, key or name); repeat", collect)
      .option(
        "--regime <regime>",
        "mx-apf, nis2, circia or none (default: the organization's, see incident settings; else mx-apf)",
      )
      .option(
        "--time-zone <zone>",
        "IANA zone of the organization's clock (default: the organization's; else America/Mexico_City)",
      )
      .option("--description <text>", "what happened")
      .option(
        "--determination <d>",
        "blocked, failed-attempt, false-positive, low-value, successful-attempt, suspected",
      )
      .option("--detection <method>", "how it was detected; repeat", collect)
      .option("--availability <n>", "availability impact on the affected systems, 0-100")
      .option("--recoverability <r>", "not-applicable, regular, supplemented, extended, not-recoverable")
      .option("--ransom-paid-at <time>", "when a ransom was paid (starts CIRCIA's 24 h clock)")
      .option(
        "--actor <name>",
        "attribute to a threat actor: of the MISP galaxy file (--galaxy), else one in the store (name or alias)",
      )
      .option("--galaxy <file>", "MISP threat-actor cluster file (default $CENTINELA_GALAXY)")
      .option("--sighting <id>", "sighting--… from detection that shows it; repeat", collect)
      .option("--assignee <user>", "who handles it")
      .option("--mitigation <text>", "mitigation measures taken (reports of every regime ask for them)")
      .option("--root-cause <text>", "root cause or type of threat (NIS2 final report)")
      .option("--cross-border <text>", "cross-border impact, if any (NIS2)")
      .option("--json", "print the record as JSON")
      .option("--lang <es|en>", "language of the output"),
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
      .description("incidents with their most urgent clock")
      .option("--org <org>", "only this organization's")
      .option("--status <status>", "only in this status (es or en)")
      .option("--json", "JSON lines, one record a line")
      .option("--lang <es|en>", "language of the output"),
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
      .description(
        "one incident: facts, clocks, submissions; or its STIX bundle (--stix) or a stage's printable report (--html)",
      )
      .argument("<id>", "incident--…")
      .option("--json", "print the record as JSON")
      .option("--stix", "print the STIX 2.1 bundle (as stored; `centinela import` takes it back unchanged)")
      .option("--html <stage>", "print the HTML report of a stage (notification, early-warning, final-report, …)")
      .option("--out <file>", "write --stix or --html to a file instead")
      .option("--lang <es|en>", "language of the output and of the report (default Spanish)"),
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
      .description(
        "change the status (new → triage → contained → eradicated → recovered → closed), assignee, facts; comment; attach files",
      )
      .argument("<id>", "incident--…")
      .option("--status <status>", "next status, in Spanish or English")
      .option("--assignee <user>", 'who handles it ("" to clear)')
      .option("--criticality <n>", "0-100")
      .option(
        "--determination <d>",
        "blocked, failed-attempt, false-positive, low-value, successful-attempt, suspected",
      )
      .option("--title <text>", "new title")
      .option("--description <text>", "new description")
      .option("--ransom-paid-at <time>", "when a ransom was paid")
      .option("--mitigation <text>", "mitigation measures taken")
      .option("--root-cause <text>", "root cause or type of threat")
      .option("--cross-border <text>", "cross-border impact")
      .option(
        "--actor <name>",
        "attribute to a threat actor: of the MISP galaxy file (--galaxy), else one in the store (name or alias)",
      )
      .option("--galaxy <file>", "MISP threat-actor cluster file (default $CENTINELA_GALAXY)")
      .option("--comment <text>", "add a comment (a STIX note under the incident's TLP)")
      .option("--attach <file>", "attach a file by its SHA-256 (the file itself stays with you); repeat", collect)
      .option("--json", "print the record as JSON")
      .option("--lang <es|en>", "language of the output"),
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
