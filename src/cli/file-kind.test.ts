import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readSourceHead } from "../sources/index.js";
import { PROJECT_ROOT, sharedData } from "../testing/index.js";
import { foreignKindOf, HEAD_BYTES } from "./file-kind.js";

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
      ["ipsum/ipsum.txt", "ipList"],
      ["abusech-urlhaus/urlhaus-filter-domains.txt", "iocList"],
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
});
