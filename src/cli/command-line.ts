import { type Argument, Command, type ErrorOptions, Help, type Option } from "commander";
import { formatList, t } from "../i18n/index.js";

/**
 * Commander's own errors (unknown option or command, missing argument or required option, too
 * many arguments) in the reader's language. Commander writes them in English through one method,
 * `error(message, { code })`, which is public API; this subclass renders the message again from
 * the catalogs by its code, keeping the values (the flag, the argument's name, Commander's
 * did-you-mean suggestions) that Commander put in it. A message of a shape not known here (a
 * Commander upgrade that rewords one) is shown as Commander wrote it rather than lost.
 * `--help` is in the reader's language too: every command's and option's description is a
 * `help:` catalog message given when the program is built (after the language is set), and
 * LocalizedHelp says Commander's own words (titles, defaults, its help option and command).
 */
export class LocalizedCommand extends Command {
  override createCommand(name?: string): Command {
    return new LocalizedCommand(name);
  }

  override createHelp(): Help {
    return Object.assign(new LocalizedHelp(), this.configureHelp());
  }

  override error(message: string, errorOptions?: ErrorOptions): never {
    return super.error(localizeCommanderMessage(message, errorOptions?.code), errorOptions);
  }
}

/** Commander's `(Did you mean --x?)` / `(Did you mean one of --x, --y?)` tail. */
const SUGGESTION = /\n\(Did you mean (one of )?(.+)\?\)$/;

const SHAPES: Record<string, { pattern: RegExp; render: (m: RegExpExecArray) => string }> = {
  "commander.unknownOption": {
    pattern: /^error: unknown option '(.+)'$/,
    render: (m) => t("commandLine:unknownOption", { flag: m[1] }),
  },
  "commander.unknownCommand": {
    pattern: /^error: unknown command '(.+)'$/,
    render: (m) => t("commandLine:unknownCommand", { name: m[1] }),
  },
  "commander.missingArgument": {
    pattern: /^error: missing required argument '(.+)'$/,
    render: (m) => t("commandLine:missingArgument", { name: m[1] }),
  },
  "commander.optionMissingArgument": {
    pattern: /^error: option '(.+)' argument missing$/,
    render: (m) => t("commandLine:optionMissingArgument", { flags: m[1] }),
  },
  "commander.missingMandatoryOptionValue": {
    pattern: /^error: required option '(.+)' not specified$/,
    render: (m) => t("commandLine:missingMandatoryOption", { flags: m[1] }),
  },
  "commander.conflictingOption": {
    pattern: /^error: (.+) cannot be used with (.+)$/,
    render: (m) => t("commandLine:conflictingOption", { first: m[1], second: m[2] }),
  },
  "commander.excessArguments": {
    pattern: /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+)\.$/,
    render: (m) =>
      t("commandLine:excessArguments", {
        command: m[1] ? t("commandLine:forCommand", { name: m[1] }) : "",
        count: Number(m[2]),
        received: Number(m[3]),
      }),
  },
  "commander.invalidArgument": {
    pattern: /^error: (.+)$/s,
    render: (m) => t("commandLine:invalidArgument", { detail: m[1] }),
  },
};

/** Commander's English `message` for error `code`, in the reader's language ("error: " prefix dropped: printed as `centinela: …`). */
export function localizeCommanderMessage(message: string, code: string | undefined): string {
  const shape = code === undefined ? undefined : SHAPES[code];
  if (!shape) return message;
  const suggestion = SUGGESTION.exec(message);
  const body = suggestion ? message.slice(0, suggestion.index) : message;
  const match = shape.pattern.exec(body);
  if (!match) return message;
  let text = shape.render(match);
  if (suggestion) {
    const names = (suggestion[2] as string).split(", ");
    text += `; ${
      suggestion[1]
        ? t("commandLine:didYouMeanOneOf", { suggestions: formatList(names) })
        : t("commandLine:didYouMean", { suggestion: names[0] })
    }`;
  }
  return `centinela: ${text}`;
}

/** Commander's own description of its help option and of its help command. */
const COMMANDER_HELP = "display help for command";

const TITLES: Record<string, () => string> = {
  "Usage:": () => t("help:titles.usage"),
  "Arguments:": () => t("help:titles.arguments"),
  "Options:": () => t("help:titles.options"),
  "Global Options:": () => t("help:titles.globalOptions"),
  "Commands:": () => t("help:titles.commands"),
};

/**
 * Commander's help with its own words from the catalogs: the section titles, the "(default: …)"
 * and "(choices: …)" it adds to a description, and the description of its help option and help
 * command. The descriptions the program gives are already in the reader's language.
 */
export class LocalizedHelp extends Help {
  override styleTitle(str: string): string {
    return super.styleTitle(TITLES[str]?.() ?? str);
  }

  override subcommandDescription(cmd: Command): string {
    const text = super.subcommandDescription(cmd);
    return cmd.name() === "help" && text === COMMANDER_HELP ? t("help:centinela.helpCommand") : text;
  }

  override optionDescription(option: Option): string {
    const extra: string[] = [];
    if (option.argChoices) extra.push(t("help:extra.choices", { values: quoteAll(option.argChoices) }));
    // As Commander does: a default shown for options that take a value, not for plain flags.
    const showDefault =
      option.defaultValue !== undefined &&
      (option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === "boolean"));
    if (showDefault)
      extra.push(
        t("help:extra.default", { value: option.defaultValueDescription ?? JSON.stringify(option.defaultValue) }),
      );
    if (option.presetArg !== undefined && option.optional)
      extra.push(t("help:extra.preset", { value: JSON.stringify(option.presetArg) }));
    if (option.envVar !== undefined) extra.push(t("help:extra.env", { name: option.envVar }));
    const description = option.description === COMMANDER_HELP ? t("help:centinela.helpOption") : option.description;
    return joinExtra(description, extra);
  }

  override argumentDescription(argument: Argument): string {
    const extra: string[] = [];
    if (argument.argChoices) extra.push(t("help:extra.choices", { values: quoteAll(argument.argChoices) }));
    if (argument.defaultValue !== undefined)
      extra.push(
        t("help:extra.default", { value: argument.defaultValueDescription ?? JSON.stringify(argument.defaultValue) }),
      );
    return joinExtra(argument.description, extra);
  }
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(", ");
}

function joinExtra(description: string, extra: string[]): string {
  if (extra.length === 0) return description;
  return description ? `${description} (${extra.join(", ")})` : `(${extra.join(", ")})`;
}
