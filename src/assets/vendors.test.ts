import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";
import { AssetsError } from "./errors.js";
import { lookupOui } from "./oui.js";
import {
  createVendorRegistry,
  matchVendor,
  normalizeVendorName,
  readVendorList,
  shippedVendorLists,
} from "./vendors.js";

const REGISTRY = createVendorRegistry(shippedVendorLists());

test("the shipped lists load and name the FCC Covered List and NDAA §889 entities", () => {
  const lists = shippedVendorLists();
  assert.deepEqual(
    lists.map((l) => l.list),
    ["fcc-covered-list", "ndaa-fy2019-889"],
  );
  assert.equal(lists[0]?.entries.length, 10);
  assert.equal(lists[1]?.entries.length, 5);
  for (const l of lists) for (const e of l.entries) assert.match(e.source, /^https:\/\//);
});

test("normalization drops case, accents, punctuation and legal suffixes", () => {
  assert.equal(normalizeVendorName("Zhejiang Dahua Technology Co., Ltd."), "zhejiang dahua technology");
  assert.equal(normalizeVendorName("AO Kaspersky Lab"), "kaspersky lab");
  assert.equal(normalizeVendorName("Teléfonos de México, S.A.B. de C.V."), "telefonos de mexico");
  assert.equal(normalizeVendorName("HUAWEI TECHNOLOGIES CO.,LTD"), "huawei technologies");
  assert.equal(normalizeVendorName("  ...  "), "");
});

test("names, aliases, subsidiaries and leading words match, each with its rule", () => {
  const cases: [string, string, string][] = [
    ["HUAWEI TECHNOLOGIES CO.,LTD", "huawei", "name"],
    ["Hangzhou Hikvision Digital Technology Co.,Ltd.", "hikvision", "name"],
    ["hikvision", "hikvision", "alias"],
    ["EZVIZ Inc.", "hikvision", "subsidiary"],
    ["Sepura plc", "hytera", "subsidiary"],
    ["ComNet (USA) LLC", "pacnet-comnet", "subsidiary"],
    ["Kaspersky Lab", "kaspersky", "name"],
    ["AO Kaspersky Lab", "kaspersky", "name"],
    ["KASPERSKY", "kaspersky", "alias"],
    ["Huawei Device Co., Ltd.", "huawei", "prefix"],
    ["zte_corporation", "zte", "name"],
    ["China Unicom (Americas) Operations Limited", "china-unicom", "name"],
  ];
  for (const [input, id, rule] of cases) {
    const m = matchVendor(REGISTRY, input);
    assert.ok(m.length > 0, input);
    assert.equal(m[0]?.entry.id, id, input);
    assert.equal(m[0]?.rule, rule, input);
  }
  const huawei = matchVendor(REGISTRY, "Huawei");
  assert.deepEqual(huawei.map((m) => m.list).sort(), ["fcc-covered-list", "ndaa-fy2019-889"]);
  assert.match(
    huawei[0]?.explanation.en ?? "",
    /"Huawei" is another name of the designated entity Huawei Technologies Company/,
  );
  assert.match(huawei[0]?.explanation.es ?? "", /otro nombre de la entidad designada/);
});

test("unrelated vendors do not match", () => {
  for (const name of ["Cisco Systems, Inc.", "Siemens AG", "China", "Mobile", "Hik", "", "Teléfonos de México"]) {
    assert.deepEqual(matchVendor(REGISTRY, name), [], name);
  }
});

test("an operator's own list is validated and then matched like the shipped ones", () => {
  const own = readVendorList({
    list: "mx-example",
    title: "Example operator list",
    url: "https://example.org/list",
    entries: [
      {
        id: "acme",
        name: "Acme Radios S.A. de C.V.",
        aliases: ["Acme"],
        dateAdded: "2025-01-31",
        source: "https://example.org/list#acme",
      },
    ],
  });
  const reg = createVendorRegistry([...shippedVendorLists(), own]);
  assert.equal(matchVendor(reg, "ACME RADIOS")[0]?.rule, "name");
  assert.throws(
    () =>
      readVendorList({
        list: "x",
        title: "t",
        url: "u",
        entries: [{ id: "a", name: "A", dateAdded: "31/01/2025", source: "s" }],
      }),
    (e: unknown) =>
      e instanceof AssetsError && e.code === "VENDOR_REGISTRY_INVALID" && e.message.includes("x.entries[0].dateAdded"),
  );
  assert.throws(
    () => readVendorList({ list: "x", title: "t", url: "u", entries: [{ id: "a" }] }),
    /x\.entries\[0\]\.name/,
  );
});

test("the IEEE registry names a MAC's maker, longest block first; local and malformed addresses name nobody", () => {
  assert.deepEqual(lookupOui("44:19:B6:01:02:03"), {
    prefix: "4419B6",
    organization: "Hangzhou Hikvision Digital Technology Co.,Ltd.",
    country: "China",
  });
  assert.equal(lookupOui("00-E0-FC-00-00-01")?.organization, "HUAWEI TECHNOLOGIES CO.,LTD");
  assert.equal(lookupOui("6c2e.8519.af00")?.organization, "Sagemcom Broadband SAS");
  // 70:B3:D5 is an MA-L block of the IEEE itself, split into MA-S blocks of 36 bits.
  const mas = lookupOui("70:B3:D5:00:10:00");
  assert.equal(mas?.prefix.length, 9);
  assert.doesNotMatch(mas?.organization ?? "IEEE", /^IEEE Registration Authority/);
  assert.equal(lookupOui("02:42:ac:1c:01:03"), null, "locally administered (Docker)");
  assert.equal(lookupOui("not a mac"), null);
  const registry = createVendorRegistry(shippedVendorLists());
  const name = lookupOui("44:19:B6:01:02:03")?.organization ?? "";
  assert.equal(matchVendor(registry, name)[0]?.entry.id, "hikvision");
});

test("every IEEE registration of a designated maker's own name is recognized, whatever its spelling there", () => {
  const path = createRequire(import.meta.url).resolve("oui-data");
  const table = JSON.parse(readFileSync(path, "utf8")) as Record<string, string>;
  const expected: [RegExp, string][] = [
    [/^huawei (technologies|device)/i, "huawei"],
    [/^hisilicon/i, "huawei"],
    [/^zte corporation/i, "zte"],
    [/^hangzhou hikvision/i, "hikvision"],
    [/^hangzhou ezviz/i, "hikvision"],
    [/^zhejiang dahua technology/i, "dahua"],
    [/^hytera/i, "hytera"],
  ];
  const seen = new Map<string, number>();
  for (const value of Object.values(table)) {
    const org = (value.split("\n")[0] ?? "").trim();
    const rule = expected.find(([re]) => re.test(org));
    if (!rule) continue;
    assert.equal(matchVendor(REGISTRY, org)[0]?.entry.id, rule[1], org);
    seen.set(rule[1], (seen.get(rule[1]) ?? 0) + 1);
  }
  // The registry holds hundreds of Huawei and ZTE blocks: the test is not vacuous.
  assert.ok((seen.get("huawei") ?? 0) > 1000 && (seen.get("zte") ?? 0) > 100, JSON.stringify([...seen]));
});
