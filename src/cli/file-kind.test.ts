import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setLocale } from "../i18n/index.js";
import { readSourceHead } from "../sources/index.js";
import { PROJECT_ROOT, sharedData } from "../testing/index.js";
import { describeForeign, foreignKindOf, HEAD_BYTES, knownListOf } from "./file-kind.js";

const readHead = (path: string) => readSourceHead(path, HEAD_BYTES);

describe("what a file handed to import is", () => {
  it("leaves STIX and MISP JSON to the readers", async () => {
    assert.equal(foreignKindOf(await readHead(join(PROJECT_ROOT, "examples", "sample-bundle.json"))), null);
    assert.equal(foreignKindOf('{"Event": {"info": "x"}}'), null);
    assert.equal(foreignKindOf('{"type":"indicator"}\n{"type":"malware"}\n'), null);
  });

  it("recognizes indicator lists by what their lines hold", () => {
    assert.equal(foreignKindOf("# list\n1.2.3.4\n10.0.0.0/8\t3\n"), "ipList");
    assert.equal(foreignKindOf("evil.example.com\nbad.example.net\n"), "domainList");
    assert.equal(foreignKindOf("https://evil.example/x\nhxxp://bad.example/y\n"), "urlList");
    assert.equal(foreignKindOf(`${"a".repeat(64)}\n${"b".repeat(32)}\n`), "hashList");
    assert.equal(foreignKindOf("1.2.3.4\nevil.example.com\n"), "iocList");
    assert.equal(foreignKindOf("hello world, this is prose\n"), "notJson");
  });

  it("recognizes the real data sets", async (t) => {
    const cases: Array<[string, string]> = [
      ["abusech-threatfox/threatfox-ioc-ips.txt", "ipList"],
      ["ipsum/ipsum.txt", "knownList"],
      ["abusech-urlhaus/urlhaus-filter-domains.txt", "knownList"],
      ["abusech-urlhaus/urlhaus-filter-splunk-online.csv", "knownList"],
      ["maltrail/indicators.csv", "knownList"],
      ["zeek-wrccdc-2018/zeek-default/dns.log.gz", "zeek"],
      ["zeek-wrccdc-2018/zeek-json/dns.json.gz", "zeek"],
      ["nmap-xml/1_hosts_down.xml", "nmap"],
      ["cyclonedx-sbom/laravel-7.12.0.bom.1.4.json", "cyclonedx"],
      ["cyclonedx-sbom/laravel-7.12.0.bom.1.4.xml", "cyclonedx"],
      ["cisa-kev/known_exploited_vulnerabilities.json", "kev"],
      ["cve-records-kev/nvd-api-2.0/CVE-2002-0367.json", "nvd"],
    ];
    for (const [file, kind] of cases) {
      const path = sharedData(t, file);
      if (path === null) return;
      assert.equal(foreignKindOf(await readHead(path)), kind, file);
    }
  });

  it("names the built-in list a published list is, so the hint reads it as its publisher meant", async (t) => {
    const cases: Array<[string, string]> = [
      ["ipsum/ipsum.txt", "ipsum"],
      ["abusech-urlhaus/urlhaus-filter-domains.txt", "urlhaus-domains"],
      ["abusech-urlhaus/urlhaus-filter-splunk-online.csv", "urlhaus"],
      ["maltrail/indicators.csv", "maltrail"],
      ["abusech-threatfox/threatfox-ioc-ips.txt", "(none)"],
    ];
    for (const [file, list] of cases) {
      const path = sharedData(t, file);
      if (path === null) return;
      const head = await readHead(path);
      assert.equal(knownListOf(head) ?? "(none)", list, file);
    }
    const ipsum = sharedData(t, "ipsum/ipsum.txt");
    if (ipsum === null) return;
    const head = await readHead(ipsum);
    setLocale("es-MX");
    assert.equal(
      describeForeign("ipsum.txt", "knownList", head),
      "ipsum.txt: parece la lista ipsum, no STIX; se lee con `centinela import --list ipsum ipsum.txt`",
    );
    setLocale("en");
    assert.equal(
      describeForeign("ipsum.txt", "knownList", head),
      "ipsum.txt: this looks like the ipsum list, not STIX; read it with `centinela import --list ipsum ipsum.txt`",
    );
  });
});
