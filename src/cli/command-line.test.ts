import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runCli } from "./run-in-process.fixture.js";

/** The CLI in one language; the arguments never reach a store (Commander refuses them first). */
function run(lang: string, args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli(args, { env });
}

describe("Commander's errors in the reader's language", () => {
  const cases: Array<[string[], string, string]> = [
    [
      ["export", "--colection", "x"],
      "centinela: opción desconocida --colection; ¿quiso decir --collection?",
      "centinela: unknown option --colection; did you mean --collection?",
    ],
    [
      ["colection", "list"],
      'centinela: orden desconocida "colection"; ¿quiso decir collection?',
      'centinela: unknown command "colection"; did you mean collection?',
    ],
    [
      ["outbox", "approve", "outbox--x"],
      "centinela: falta la opción obligatoria --by <user>",
      "centinela: required option --by <user> not given",
    ],
    [["get"], "centinela: falta el argumento obligatorio <id>", "centinela: missing required argument <id>"],
    [
      ["export", "--collection"],
      "centinela: la opción --collection <id> necesita un valor",
      "centinela: option --collection <id> needs a value",
    ],
    [
      ["get", "a", "b"],
      'centinela: sobran argumentos para "get": se espera 1 y se recibieron 2',
      'centinela: too many arguments for "get": expected 1, got 2',
    ],
  ];
  for (const [args, spanish, english] of cases) {
    it(`centinela ${args.join(" ")}`, async () => {
      const es = await run("es_MX.UTF-8", args);
      assert.equal(es.code, 2);
      assert.equal(es.stderr.split("\n")[0], spanish);
      assert.match(es.stderr, /ejecute con --help/);
      const en = await run("en_US.UTF-8", args);
      assert.equal(en.code, 2);
      assert.equal(en.stderr.split("\n")[0], english);
      assert.match(en.stderr, /run with --help for usage/);
    });
  }
});
