import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { t, translator } from "../../i18n/index.js";
import {
  IncidentError,
  type Lang,
  loadIncident,
  operatorFor,
  planSubmission,
  recordSubmission,
  stageReportHtml,
  submitToHub,
} from "../../incidents/index.js";
import { readStixStream } from "../../stix/index.js";
import type { Store } from "../../store/index.js";
import { pushObjects, TaxiiClient } from "../../taxii/index.js";
import { openCommandStore, type StoreOptions, SYSTEM_READER, withStoreOption } from "../context.js";
import { describeRedactions, outputLang } from "./incident-print.js";

/**
 * What leaves the organization: `incident submit` (a stage's report to the national CSIRT, the
 * local hub or a TAXII collection, anonymized on request and previewed first) and
 * `incident report-html` (the filled, printable report of one stage).
 */

/** Runs `fn` on the command's store and closes it. */
export async function withStore<T>(options: StoreOptions, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openCommandStore(options);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const tIn = (lang: Lang) => translator(lang === "en" ? "en" : "es-MX");

const bundleOf = (objects: readonly object[]) =>
  JSON.stringify({ type: "bundle", id: `bundle--${crypto.randomUUID()}`, objects });

interface SubmitOptions extends StoreOptions {
  stage?: string;
  hub?: string;
  to?: string;
  collection?: string;
  user?: string;
  anonymize?: boolean;
  preview?: boolean;
  lang?: string;
}

/** `centinela incident submit ID`. */
export function registerSubmitCommand(incident: Command): void {
  withStoreOption(
    incident
      .command("submit")
      .description(t("help:incident.submit._"))
      .argument("<id>", t("help:incident.submit.id"))
      .option("--stage <stage>", t("help:incident.submit.stage"))
      .option("--hub <collection>", t("help:incident.submit.hub"))
      .option("--to <url>", t("help:incident.submit.to"))
      .option("--collection <id>", t("help:incident.submit.collection"))
      .option("--user <username>", t("help:incident.submit.user"))
      .option("--anonymize", t("help:incident.submit.anonymize"))
      .option("--preview", t("help:incident.submit.preview"))
      .option("--lang <es|en>", t("help:incident.settings.lang")),
  ).action(async (id: string, o: SubmitOptions) => {
    const lang = outputLang(o.lang);
    const t = tIn(lang);
    if (o.to && !o.collection) throw new IncidentError("INCIDENT_EMPTY", { field: "--collection" });
    await withStore(o, async (store) => {
      const { record } = await loadIncident(store, SYSTEM_READER, id);
      const who = operatorFor(record.org.id);
      // --to, else --hub, else the partner the organization configured, else the local hub.
      const partner = o.to || o.hub ? null : (await store.incidents.getReporting(record.org.id))?.submitTo;
      const to = o.to ?? partner?.apiRoot;
      const collection = o.to ? (o.collection as string) : partner?.collection;
      const hub = o.hub ?? "csirt-nacional";
      const target = to ? `${to.replace(/\/?$/, "/")}collections/${collection}/` : hub;
      const anonymize = o.anonymize === true;
      const plan = await planSubmission(store, who, id, { stage: o.stage, to: target, anonymize }, Date.now());
      if (anonymize) process.stderr.write(describeRedactions(plan.redactions, lang));
      if (o.preview) {
        process.stdout.write(`${JSON.stringify(JSON.parse(bundleOf(plan.objects)), null, 2)}\n`);
        return;
      }
      if (to && collection) {
        const client = new TaxiiClient({
          credentials: o.user
            ? { username: o.user, password: process.env.CENTINELA_PUSH_PASSWORD ?? "" }
            : { token: process.env.CENTINELA_PUSH_TOKEN ?? null },
        });
        const body = Buffer.from(bundleOf(plan.objects));
        const result = await pushObjects(
          client,
          to,
          collection,
          readStixStream(
            (async function* () {
              yield body;
            })(),
          ),
        );
        if (result.failures.length + result.pending + result.unreadable > 0) {
          for (const f of result.failures.slice(0, 20)) process.stderr.write(`  ${f.id}: ${f.message ?? ""}\n`);
          throw new Error(t("incidents:cli.taxiiPartial", { ok: result.successes, total: result.total }));
        }
        await recordSubmission(store, who, plan);
      } else {
        await submitToHub(store, who, plan, hub);
      }
      const key = anonymize ? "incidents:cli.submittedAnonymized" : "incidents:cli.submitted";
      process.stdout.write(`${t(key, { stage: plan.stage, id, target, count: plan.objects.length })}\n`);
    });
  });
}

/** `centinela incident report-html ID --stage STAGE`. */
export function registerReportHtmlCommand(incident: Command): void {
  withStoreOption(
    incident
      .command("report-html")
      .description(t("help:incident.report-html._"))
      .argument("<id>", t("help:incident.submit.id"))
      .requiredOption("--stage <stage>", t("help:incident.report-html.stage"))
      .option("--out <file>", t("help:incident.report-html.out"))
      .option("--lang <es|en>", t("help:incident.report-html.lang")),
  ).action(async (id: string, o: StoreOptions & { stage: string; out?: string; lang?: string }) => {
    const lang: Lang = o.lang === undefined ? "es" : outputLang(o.lang);
    const html = await withStore(o, async (store) => {
      const { record } = await loadIncident(store, SYSTEM_READER, id);
      return stageReportHtml(record, o.stage.trim(), lang, Date.now());
    });
    if (o.out) {
      await writeFile(o.out, html);
      process.stderr.write(`${tIn(lang)("incidents:cli.wrote", { file: o.out })}\n`);
    } else process.stdout.write(html);
  });
}
