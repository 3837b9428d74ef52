import { readFileSync } from "node:fs";
import { type Command, CommanderError } from "commander";
import { localeFromEnv, setLocale, t } from "../i18n/index.js";
import { LocalizedCommand } from "./command-line.js";
import { registerActionsCommand } from "./commands/actions.js";
import { registerAssetsCommand } from "./commands/assets.js";
import { registerCollectionCommand } from "./commands/collection.js";
import { registerExportCommands } from "./commands/export.js";
import { registerFeedsCommand } from "./commands/feeds.js";
import { registerImportCommand } from "./commands/import.js";
import { registerIncidentCommand } from "./commands/incident.js";
import { registerIndicatorCommand } from "./commands/indicator.js";
import { registerNationalCommand } from "./commands/national.js";
import { registerOrgCommand } from "./commands/org.js";
import { registerOutboxCommand } from "./commands/outbox.js";
import { registerPatternCommand } from "./commands/pattern.js";
import { registerPushCommand } from "./commands/push.js";
import { registerScaleOutCommands } from "./commands/scale-out.js";
import { registerScanCommand } from "./commands/scan.js";
import { registerServeCommand } from "./commands/serve.js";
import { registerTokenCommand } from "./commands/token.js";
import { registerUserCommand } from "./commands/user.js";
import { registerVulnsCommand } from "./commands/vulns.js";
import { printError } from "./context.js";

/**
 * cli: the `centinela` command. Each command lives in commands/<name>.ts and registers itself;
 * this file only assembles the program and turns failures into messages and exit codes.
 */

const VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

/** Builds the command-line program. */
export function buildProgram(): Command {
  const program = new LocalizedCommand()
    .name("centinela")
    .description(t("help:centinela._"))
    .version(VERSION, "-V, --version", t("help:centinela.version"))
    // The program's options only before the command, so `get ID --version all` reaches `get`.
    .enablePositionalOptions()
    .showHelpAfterError(t("commandLine:helpHint"))
    .exitOverride();
  program
    .command("version")
    .description(t("help:centinela.version"))
    .action(() => {
      process.stdout.write(`${VERSION}\n`);
    });
  registerImportCommand(program);
  registerIndicatorCommand(program);
  registerExportCommands(program);
  registerServeCommand(program);
  registerOrgCommand(program);
  registerUserCommand(program);
  registerTokenCommand(program);
  registerCollectionCommand(program);
  registerFeedsCommand(program);
  registerPushCommand(program);
  registerOutboxCommand(program);
  registerPatternCommand(program);
  registerAssetsCommand(program);
  registerVulnsCommand(program);
  registerActionsCommand(program);
  registerIncidentCommand(program);
  registerNationalCommand(program);
  registerScanCommand(program);
  registerScaleOutCommands(program);
  return program;
}

/** Runs the program on `argv` and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  setLocale(localeFromEnv(process.env));
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === "commander.helpDisplayed" || error.code === "commander.version"
        ? 0
        : 2;
    }
    printError(error);
    return 2;
  }
}
