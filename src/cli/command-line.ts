import { Command, type ErrorOptions } from "commander";
import { formatList, t } from "../i18n/index.js";

/**
 * Commander's own errors (unknown option or command, missing argument or required option, too
 * many arguments) in the reader's language. Commander writes them in English through one method,
 * `error(message, { code })`, which is public API; this subclass renders the message again from
 * the catalogs by its code, keeping the values (the flag, the argument's name, Commander's
 * did-you-mean suggestions) that Commander put in it. A message of a shape not known here (a
 * Commander upgrade that rewords one) is shown as Commander wrote it rather than lost.
 * `--help` stays in English: Commander builds it from the descriptions given in the code.
 */
export class LocalizedCommand extends Command {
  override createCommand(name?: string): Command {
    return new LocalizedCommand(name);
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
