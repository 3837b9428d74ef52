import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import { type SourceReport, type SyncReport, syncVulns } from "../../vulns/index.js";
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
  const vulns = program
    .command("vulns")
    .description("known vulnerabilities: CISA KEV, NVD CVE records, CVE JSON 5, FIRST EPSS, OSV advisories");
  withStoreOption(
    vulns
      .command("sync")
      .description(
        "load KEV, NVD, CVE JSON 5, EPSS and OSV data from files, folders, zips or URLs (loading the same data again changes nothing)",
      )
      .option("--kev <file|url>", "CISA KEV catalog, JSON or CSV")
      .option("--nvd <file|dir|url>", "NVD CVE API 2.0 records: a response, a record, or a folder of .json files")
      .option("--epss <file|url>", "FIRST EPSS scores CSV (.gz too)")
      .option(
        "--cve5 <file|dir|url>",
        "CVE JSON 5 records (CVE program, CISA Vulnrichment with SSVC): a record, or a folder with subfolders",
      )
      .option(
        "--osv <file|dir|zip|url>",
        "OSV advisories (GitHub, Go, PyPA, RustSec): a record or array, a folder with subfolders, or a .zip of records",
      )
      .option("--show-problems <n>", "how many rejected records to print", "20")
      .option("--json", "print the report as JSON")
      .option("-q, --quiet", "no progress display"),
  ).action(async (options: SyncOptions) => {
    process.exitCode = await runSync(options);
  });
  withStoreOption(
    vulns
      .command("status")
      .description("how many KEV, NVD, EPSS, CVE JSON 5 and OSV records the store holds")
      .option("--json", "as JSON"),
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
  const store = await openCommandStore(options);
  const progress = createProgress("vulns", null, "objects", options.quiet === true || options.json === true);
  let result: SyncReport;
  try {
    result = await syncVulns(
      store,
      { kev: options.kev, nvd: options.nvd, epss: options.epss, cve5: options.cve5, osv: options.osv },
      (source, done, total, records) => progress.update(records, { [source]: `${done}/${total}`, records }),
    );
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
  const limit = Number(options.showProblems ?? 20);
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
