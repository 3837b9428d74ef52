import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatDate, formatList, formatNumber } from "./format.js";
import { localeFromAcceptLanguage, localeFromEnv } from "./locale.js";
import { parseMxState } from "./mx-states.js";
import { findByName, foldText } from "./text.js";

describe("the reader's language", () => {
  it("comes from LC_ALL, then LC_MESSAGES, then LANG; Spanish when none names a language we speak", () => {
    assert.equal(localeFromEnv({ LANG: "en_US.UTF-8" }), "en");
    assert.equal(localeFromEnv({ LANG: "es_MX.UTF-8" }), "es-MX");
    assert.equal(localeFromEnv({ LANG: "es_ES.UTF-8" }), "es-MX");
    assert.equal(localeFromEnv({ LC_ALL: "en_GB.UTF-8", LANG: "es_MX.UTF-8" }), "en");
    assert.equal(localeFromEnv({ LC_MESSAGES: "en_US", LANG: "es_MX.UTF-8" }), "en");
    assert.equal(localeFromEnv({ LC_ALL: "", LANG: "en_US.UTF-8" }), "en");
    assert.equal(localeFromEnv({ LANG: "C.UTF-8" }), "es-MX");
    assert.equal(localeFromEnv({ LANG: "fr_FR.UTF-8" }), "es-MX");
    assert.equal(localeFromEnv({}), "es-MX");
  });

  it("comes from Accept-Language over HTTP, by q value", () => {
    assert.equal(localeFromAcceptLanguage("en-US,en;q=0.9"), "en");
    assert.equal(localeFromAcceptLanguage("fr-FR, en;q=0.5, es-MX;q=0.8"), "es-MX");
    assert.equal(localeFromAcceptLanguage("fr-FR"), "es-MX");
    assert.equal(localeFromAcceptLanguage("en;q=0, es;q=0.1"), "es-MX");
    assert.equal(localeFromAcceptLanguage("EN"), "en");
    assert.equal(localeFromAcceptLanguage(undefined), "es-MX");
  });
});

describe("formatting per locale", () => {
  it("formats numbers, dates and lists", () => {
    assert.equal(formatNumber(12962, "es-MX"), "12,962");
    assert.equal(formatNumber(12962, "en"), "12,962");
    assert.equal(formatNumber(1234.5, "es-MX"), "1,234.5");
    assert.match(formatDate("2026-12-03T08:01:00Z", "es-MX"), /^3 dic 2026$/);
    assert.equal(formatDate("2026-12-03T08:01:00Z", "en"), "Dec 3, 2026");
    assert.match(formatDate("2026-12-03T08:01:00Z", "en", true), /08:01/);
    assert.equal(formatList(["low", "high", "critical"], "es-MX"), "low, high o critical");
    assert.equal(formatList(["low", "high", "critical"], "en"), "low, high, or critical");
  });
});

describe("names as people write them", () => {
  it("folds case, accents and spaces", () => {
    assert.equal(foldText("  Secretaría  de ENERGÍA "), "secretaria de energia");
  });

  it("finds one name, exact first, and refuses to guess between two", () => {
    const orgs = [{ name: "Secretaría de Energía" }, { name: "CFE Occidente" }, { name: "cfe occidente" }];
    assert.deepEqual(
      findByName(orgs, "Secretaria de Energia", (o) => o.name),
      { kind: "found", item: orgs[0] },
    );
    assert.deepEqual(
      findByName(orgs, "CFE Occidente", (o) => o.name),
      { kind: "found", item: orgs[1] },
    );
    assert.equal(findByName(orgs, "CFE OCCIDENTE", (o) => o.name).kind, "ambiguous");
    assert.equal(findByName(orgs, "Pemex", (o) => o.name).kind, "none");
  });

  it("reads states by ISO code, name, abbreviation, with or without accents", () => {
    assert.equal(parseMxState("MX-JAL"), "MX-JAL");
    assert.equal(parseMxState("mx-jal"), "MX-JAL");
    assert.equal(parseMxState("Jalisco"), "MX-JAL");
    assert.equal(parseMxState("CDMX"), "MX-CMX");
    assert.equal(parseMxState("Ciudad de México"), "MX-CMX");
    assert.equal(parseMxState("ciudad de mexico"), "MX-CMX");
    assert.equal(parseMxState("Nuevo León"), "MX-NLE");
    assert.equal(parseMxState("Nuevo Leon"), "MX-NLE");
    assert.equal(parseMxState("NLE"), "MX-NLE");
    assert.equal(parseMxState("Estado de México"), "MX-MEX");
    assert.equal(parseMxState("Texas"), null);
  });
});
