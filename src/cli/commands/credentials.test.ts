import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createFixture, listenFixture, type TaxiiFixture } from "../../taxii/test-fixture.js";
import { PROJECT_ROOT } from "../../testing/index.js";
import { runCli } from "../run-in-process.fixture.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

/**
 * Credentials on the command line (issue #16 item 6): the password policy for accounts, the
 * generated password's line naming its user, and `push` naming the variable to set.
 */

const ES = "es_MX.UTF-8";
const EN = "en_US.UTF-8";

describe("credentials on the command line", () => {
  let dir = "";
  let data = "";
  let f: TaxiiFixture;
  let root = "";
  let file = "";
  const centinela = (args: string[], lang: string, env: Record<string, string> = {}) =>
    run(dataTarget(data), args, undefined, { LANG: lang, ...env });
  // push talks to a remote only: no store of its own.
  const push = (args: string[], lang: string, env: Record<string, string> = {}) => {
    const base: Record<string, string | undefined> = {
      ...process.env,
      LC_ALL: "",
      LC_MESSAGES: "",
      LANG: lang,
      ...env,
    };
    if (!("CENTINELA_PUSH_TOKEN" in env)) delete base.CENTINELA_PUSH_TOKEN;
    if (!("CENTINELA_PUSH_PASSWORD" in env)) delete base.CENTINELA_PUSH_PASSWORD;
    return runCli(args, { env: base, cwd: PROJECT_ROOT });
  };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-credentials-"));
    data = join(dir, "data");
    assert.equal((await centinela(["org", "add", "CSIRT"], EN)).code, 0);
    f = await createFixture();
    root = await listenFixture(f);
    file = join(dir, "one.json");
    await writeFile(
      file,
      JSON.stringify({
        type: "indicator",
        spec_version: "2.1",
        id: "indicator--11111111-1111-4111-8111-111111111111",
        created: "2026-01-01T00:00:00.000Z",
        modified: "2026-01-01T00:00:00.000Z",
        pattern: "[ipv4-addr:value = '198.51.100.9']",
        pattern_type: "stix",
        valid_from: "2026-01-01T00:00:00Z",
      }),
    );
  });
  after(async () => {
    await f.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses an empty, short, common or own-name password with the rule, in both languages", async () => {
    for (const [password, es, en] of [
      ["", /está vacía/, /it is empty/],
      ["corta", /tiene menos de 12 caracteres/, /shorter than 12 characters/],
      ["password1234", /lista de contraseñas comunes/, /list of common passwords/],
      ["rosa.martinez", /es el nombre de usuario/, /it is the user name/],
    ] as const) {
      const env = { CENTINELA_USER_PASSWORD: password };
      const refused = await centinela(["user", "add", "rosa.martinez", "--org", "CSIRT"], ES, env);
      assert.notEqual(refused.code, 0, password);
      assert.match(refused.stderr, /\$CENTINELA_USER_PASSWORD para rosa\.martinez se rechaza/);
      assert.match(refused.stderr, es);
      assert.match(refused.stderr, /La regla: al menos 12 caracteres/);
      const english = await centinela(["user", "add", "rosa.martinez", "--org", "CSIRT"], EN, env);
      assert.match(english.stderr, en);
      assert.match(english.stderr, /The rule: at least 12 characters, not the user name/);
    }
    const users = await centinela(["user", "list"], EN);
    assert.doesNotMatch(users.stdout, /rosa\.martinez/, "no refused account was made");
    const good = await centinela(["user", "add", "rosa.martinez", "--org", "CSIRT"], EN, {
      CENTINELA_USER_PASSWORD: "una frase larga de prueba",
    });
    assert.equal(good.code, 0, good.stderr);
    assert.equal(
      (await centinela(["user", "passwd", "rosa.martinez"], EN, { CENTINELA_USER_PASSWORD: "short" })).code,
      2,
    );
  });

  it("names the user a generated password belongs to", async () => {
    const made = await centinela(["user", "add", "ines", "--org", "CSIRT"], EN);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stderr, /^password of ines \(shown once\): \S{12,}$/m);
    const again = await centinela(["user", "passwd", "ines"], ES);
    assert.match(again.stderr, /^contraseña de ines \(se muestra una sola vez\): \S{12,}$/m);
  });

  it("push without a password or token names the variable to set, before sending anything", async () => {
    const args = ["push", file, "--to", root, "--collection", "c1"];
    const noPassword = await push([...args, "--user", "alice"], EN);
    assert.equal(noPassword.code, 2);
    assert.match(noPassword.stderr, /push --user alice needs that user's password in \$CENTINELA_PUSH_PASSWORD/);
    assert.doesNotMatch(noPassword.stderr, /feed/);
    const otherVar = await push([...args, "--user", "alice", "--password-env", "HUB_PW"], ES);
    assert.match(otherVar.stderr, /push --user alice necesita la contraseña de ese usuario en \$HUB_PW/);
    const nothing = await push(args, EN);
    assert.match(nothing.stderr, /an API token in \$CENTINELA_PUSH_TOKEN, or --user NAME with the password in/);
  });

  it("a refused push names where its credentials came from, not a feed", async () => {
    const args = ["push", file, "--to", root, "--collection", "c1"];
    const wrong = await push(args, EN, { CENTINELA_PUSH_TOKEN: "not-a-token" });
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /answered 401: .*check the API token in \$CENTINELA_PUSH_TOKEN/);
    assert.doesNotMatch(wrong.stderr, /feed/);
    const badPassword = await push([...args, "--user", "alice"], ES, { CENTINELA_PUSH_PASSWORD: "no es la suya" });
    assert.match(badPassword.stderr, /respondió 401: .*revise la contraseña de alice en \$CENTINELA_PUSH_PASSWORD/);
  });
});
