import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword } from "./index.js";
import { MIN_PASSWORD_LENGTH, passwordProblem } from "./password-policy.js";

describe("the password policy", () => {
  it("refuses an empty, short, common or own-name password and says which rule it breaks", () => {
    assert.equal(MIN_PASSWORD_LENGTH, 12);
    assert.equal(passwordProblem("", "ana"), "empty");
    assert.equal(passwordProblem("corta", "ana"), "short");
    // Eleven characters as typed (ñ is one), one short of the rule.
    assert.equal(passwordProblem("contraseñas", "ana"), "short");
    assert.equal(passwordProblem("password1234", "ana"), "common");
    assert.equal(passwordProblem("PASSWORD1234", "ana"), "common", "the list is compared without case");
    assert.equal(passwordProblem("qwertyuiop123", "ana"), "common");
    assert.equal(passwordProblem("AnaGarcia2026", "anagarcia2026"), "username");
  });

  it("accepts a long phrase and every generated password", () => {
    assert.equal(passwordProblem("caballo correcto batería grapa", "ana"), null);
    for (let i = 0; i < 50; i++) assert.equal(passwordProblem(generatePassword(), "ana"), null);
  });
});
