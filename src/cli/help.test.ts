import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Command } from "commander";
import { CATALOGS, type Tree } from "../i18n/catalog.js";
import { setLocale } from "../i18n/index.js";
import { buildProgram } from "./index.js";
import { runCli } from "./run-in-process.fixture.js";

/** The CLI in one language; `--help` never reaches a store. */
function run(lang: string, args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli(args, { env });
}

/** Every description the help shows, by where it is: "assets import", "assets import --org", "… <file>". */
function descriptions(locale: "en" | "es-MX"): Map<string, string> {
  setLocale(locale);
  const out = new Map<string, string>();
  const visit = (cmd: Command, path: string) => {
    const help = cmd.createHelp();
    out.set(path, cmd.description());
    for (const option of help.visibleOptions(cmd)) out.set(`${path} ${option.flags}`, help.optionDescription(option));
    for (const argument of help.visibleArguments(cmd))
      out.set(`${path} <${argument.name()}>`, help.argumentDescription(argument));
    for (const sub of help.visibleCommands(cmd)) {
      visit(sub, `${path} ${sub.name()}`);
      // As the parent's list of commands shows it (Commander's own help command included).
      out.set(`${path} ${sub.name()}`, help.subcommandDescription(sub));
    }
  };
  try {
    const program = buildProgram();
    visit(program, "centinela");
    out.set("centinela", program.description());
  } finally {
    setLocale("en");
  }
  return out;
}

/** Texts that are the same in both languages (numbers, ids, lists of values), as the catalogs hold them. */
function sameInBoth(): Set<string> {
  const same = new Set<string>();
  const walk = (es: Tree, en: Tree) => {
    for (const [key, value] of Object.entries(es)) {
      const other = en[key];
      if (typeof value === "string") {
        if (value === other) same.add(value);
      } else if (other !== undefined && typeof other !== "string") walk(value, other);
    }
  };
  walk(CATALOGS["es-MX"].help, CATALOGS.en.help);
  return same;
}

describe("--help in the reader's language", () => {
  it("describes every command, option and argument from the catalogs: none empty, none left in English under Spanish", () => {
    const en = descriptions("en");
    const es = descriptions("es-MX");
    const same = sameInBoth();
    assert.ok(en.size > 300, `${en.size} descriptions`);
    assert.deepEqual([...es.keys()], [...en.keys()]);
    const untranslated: string[] = [];
    for (const [where, english] of en) {
      if (english.trim() === "") untranslated.push(`${where}: no description`);
      else if (es.get(where) === english && !same.has(english.replace(/ \(.*\)$/, "")) && !same.has(english))
        untranslated.push(`${where}: ${english}`);
    }
    assert.deepEqual(untranslated, []);
  });

  it("prints the program's and a command's help in Spanish by default and in English with LANG=en", async () => {
    const es = await run("es_MX.UTF-8", ["--help"]);
    assert.equal(es.code, 0, es.stderr);
    assert.match(es.stdout, /^Uso: centinela \[options\] \[command\]\n/);
    assert.match(es.stdout, /\nComandos:\n/);
    assert.match(es.stdout, / {2}assets +el inventario: activos, sus sitios y su software\n/);
    assert.match(es.stdout, / {2}help \[command\] +muestra la ayuda de un comando\n/);
    const c = await run("C", ["vulns", "sync", "--help"]);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /^Uso: centinela vulns sync \[options\]\n/);
    assert.match(c.stdout, /\nOpciones:\n/);
    assert.match(c.stdout, /--kev <file\|url> +catálogo KEV de CISA, JSON o CSV\n/);
    assert.match(c.stdout, /\(predeterminado: "20"\)/);
    assert.match(c.stdout, /-h, --help +muestra la ayuda del comando\n/);

    const en = await run("en_US.UTF-8", ["vulns", "sync", "--help"]);
    assert.equal(en.code, 0, en.stderr);
    assert.match(en.stdout, /^Usage: centinela vulns sync \[options\]\n/);
    assert.match(en.stdout, /--kev <file\|url> +CISA KEV catalog, JSON or CSV\n/);
    assert.match(en.stdout, /\(default: "20"\)/);
    assert.match(en.stdout, /-h, --help +display help for the command\n/);
    assert.doesNotMatch(en.stdout, /catálogo|predeterminado|Opciones/);
  });
});
