import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { refreshExposure, type SourceReport, type SyncReport, syncVulns } from "../../vulns/index.js";
import { openCommandStore, printError, type StoreOptions, withStoreOption } from "../context.js";
import { createProgress } from "../progress.js";

interface SyncOptions extends StoreOptions {
  kev?: string;
  nvd?: string;
  epss?: string;
  cve5?: string;
  osv?: string;
  json?: boolean;
  quiet?: boolean;
  showProblems?: string;
}

/** `centinela vulns sync|status`: the KEV catalog, NVD and CVE JSON 5 records, EPSS scores and OSV advisories in the store. */
export function registerVulnsCommand(program: Command): void {
  const vulns = program.command("vulns").description(t("help:vulns._"));
  withStoreOption(
    vulns
      .command("sync")
      .description(t("help:vulns.sync._"))
      .option("--kev <file|url>", t("help:vulns.sync.kev"))
      .option("--nvd <file|dir|url>", t("help:vulns.sync.nvd"))
      .option("--epss <file|url>", t("help:vulns.sync.epss"))
      .option("--cve5 <file|dir|url>", t("help:vulns.sync.cve5"))
      .option("--osv <file|dir|zip|url>", t("help:vulns.sync.osv"))
      .option("--show-problems <n>", t("help:vulns.sync.showProblems"), "20")
      .option("--json", t("help:vulns.sync.json"))
      .option("-q, --quiet", t("help:assets.import.quiet")),
  ).action(async (options: SyncOptions) => {
    process.exitCode = await runSync(options);
  });
  withStoreOption(
    vulns.command("status").description(t("help:vulns.status._")).option("--json", t("help:stats.json")),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    const store = await openCommandStore(options);
    try {
      const counts = await store.inventory.countVulnRecords();
      process.stdout.write(
        options.json
          ? `${JSON.stringify(counts)}\n`
          : `KEV ${counts.kev}\nNVD ${counts.nvd}\nEPSS ${counts.epss}\nCVE5 ${counts.cve5}\nOSV ${counts.osv}\n`,
      );
    } finally {
      await store.close();
    }
  });
}

async function runSync(options: SyncOptions): Promise<number> {
  if (!options.kev && !options.nvd && !options.epss && !options.cve5 && !options.osv) {
    printError(t("exposure:sync.nothing"));
    return 2;
  }
  const limit = Number(options.showProblems ?? 20);
  if (!Number.isInteger(limit) || limit < 0) {
    printError(t("common:value.wholeNumber", { name: "--show-problems", value: options.showProblems }));
    return 2;
  }
  const store = await openCommandStore(options);
  const progress = createProgress("vulns", null, "objects", options.quiet === true || options.json === true);
  let result: SyncReport;
  try {
    result = await syncVulns(
      store,
      { kev: options.kev, nvd: options.nvd, epss: options.epss, cve5: options.cve5, osv: options.osv },
      (source, done, total, records) => progress.update(records, { [source]: `${done}/${total}`, records }),
    );
    // The exposure lines of every asset follow the new data now, not at the next Panorama.
    await refreshExposure(store);
  } catch (error) {
    progress.stop();
    printError(error);
    return 1;
  } finally {
    await store.close();
  }
  progress.stop();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  for (const [source, r] of Object.entries(result) as [string, SourceReport][]) {
    process.stdout.write(
      `${t("exposure:sync.report", { source: source.toUpperCase(), ...r, problems: r.problems.length })}\n`,
    );
    for (const p of r.problems.slice(0, limit)) {
      process.stdout.write(
        `  ${p.document}${p.line ? `:${p.line}` : ""} ${p.id ?? `#${p.index}`} ${p.path}: ${p.code} ${p.message}\n`,
      );
    }
    if (r.problems.length > limit)
      process.stdout.write(`${t("exposure:sync.more", { count: r.problems.length - limit })}\n`);
  }
  return 0;
}
