import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import { importNmapXml } from "./nmap.js";

// file → [hosts in file, hosts up]; open ports and CPEs are counted from the file's own text.
const FILES: Record<string, [number, number]> = {
  "1_hosts_down.xml": [1, 1],
  "1_os_banner_scripts.xml": [1, 1],
  "2_hosts_version.xml": [2, 2],
  "dionaea_scan.xml": [1, 1],
  "full_sudo6.xml": [256, 4],
  "os_scan6.xml": [256, 3],
};

test("the real Nmap files import every up host and every open port; down hosts are reported", (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  for (const [file, [seen, up]] of Object.entries(FILES)) {
    const text: string = readFileSync(join(dir, file), "utf8");
    const r = importNmapXml(text, { input: file });
    assert.equal(r.hostsSeen, seen, file);
    assert.equal(r.assets.length, up, file);
    const down = r.problems.filter((p) => p.code === "NMAP_HOST_DOWN");
    assert.equal(down.length, seen - up, file);
    assert.equal(r.problems.length, down.length, `${file}: no other problem`);
    const openPorts: number = (text.match(/<state state="open"/g) ?? []).length;
    assert.equal(
      r.assets.reduce((n, a) => n + a.ports.length, 0),
      openPorts,
      file,
    );
    assert.equal(new Set(r.assets.map((a) => a.key)).size, r.assets.length, `${file}: keys are unique`);
  }
});

test("dionaea: MAC key, hostnames, -sV service CPEs and the OS CPEs", (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  const r = importNmapXml(readFileSync(join(dir, "dionaea_scan.xml"), "utf8"), {
    input: "dionaea_scan.xml",
    internetExposed: true,
  });
  const a = r.assets[0]!;
  assert.equal(a.key, "mac:02:42:ac:1c:01:03");
  assert.deepEqual(a.addresses, ["172.28.1.3"]);
  assert.deepEqual(a.hostnames, ["dionaea", "dionaea.libnmap-testing_testing_net"]);
  assert.equal(a.internetExposed, true);
  assert.equal(a.ports.length, 16);
  const cpes = a.software.map((s) => s.cpe);
  assert.ok(cpes.includes("cpe:2.3:a:mysql:mysql:5.7.16:*:*:*:*:*:*:*"));
  assert.ok(cpes.includes("cpe:2.3:o:linux:linux_kernel:4:*:*:*:*:*:*:*"));
  assert.equal(a.software.length, 5);
  assert.equal(r.scanner.version, "7.91");
});

test("re-importing the same scan gives the same keys (no duplicates)", (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  const text = readFileSync(join(dir, "full_sudo6.xml"), "utf8");
  assert.deepEqual(
    importNmapXml(text).assets.map((a) => a.key),
    importNmapXml(text).assets.map((a) => a.key),
  );
});

const SMALL = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV 10.0.0.0/30" start="1700000000" version="7.94">
<host endtime="1700000100"><status state="up"/>
<address addr="10.0.0.1" addrtype="ipv4"/>
<hostnames><hostname name="gw.example" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="6.6.1p1"><cpe>cpe:/a:openbsd:openssh:6.6.1p1</cpe><cpe>cpe:/a:bad%zz</cpe></service></port>
<port protocol="tcp" portid="23"><state state="closed"/><service name="telnet"/></port></ports>
</host>
<host endtime="1700000100"><status state="up"/>
<address addr="10.0.0.2" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="80"><state state="open"/><service name="http"/></port></ports>
</host>
</nmaprun>
`;

test("a bad CPE is reported and the rest of the host kept; closed ports are not imported", () => {
  const r = importNmapXml(SMALL);
  assert.equal(r.assets.length, 2);
  assert.equal(r.assets[0]?.key, "ip:10.0.0.1|gw.example");
  assert.deepEqual(
    r.assets[0]?.ports.map((p) => p.port),
    [22],
  );
  assert.equal(r.assets[0]?.software[0]?.cpe, "cpe:2.3:a:openbsd:openssh:6.6.1p1:*:*:*:*:*:*:*");
  assert.deepEqual(
    r.problems.map((p) => [p.code, p.line]),
    [["NMAP_BAD_CPE", 3]],
  );
  assert.equal(r.assets[0]?.provenance.observedAt, "2023-11-14T22:15:00.000Z");
});

test("a truncated file keeps the hosts before the cut and names the line of the damage", () => {
  const cut = SMALL.slice(0, SMALL.indexOf('<address addr="10.0.0.2"') + 10);
  const r = importNmapXml(cut);
  assert.deepEqual(
    r.assets.map((a) => a.addresses[0]),
    ["10.0.0.1"],
  );
  const unclosed = r.problems.find((p) => p.path === "host[1]");
  assert.equal(unclosed?.code, "NMAP_MALFORMED");
  assert.equal(unclosed?.line, 9);
  assert.ok(r.problems.some((p) => p.path === "nmaprun" && p.code === "NMAP_MALFORMED"));
});

test("a damaged host in the middle is skipped with its place; the hosts around it are kept", () => {
  const damaged = SMALL.replace(
    '<address addr="10.0.0.1" addrtype="ipv4"/>',
    '<address addr="10.0.0.1" addrtype="ipv4"><oops></address>',
  );
  const r = importNmapXml(damaged);
  assert.deepEqual(
    r.assets.map((a) => a.addresses[0]),
    ["10.0.0.2"],
  );
  const p = r.problems.find((x) => x.path === "host[0]");
  assert.equal(p?.code, "NMAP_MALFORMED");
  assert.equal(p?.line, 4);
});

test("input that is not Nmap XML is refused with a reason, not a crash", () => {
  for (const text of ["", "garbage", '{"json": true}', "<html></html>"]) {
    const r = importNmapXml(text);
    assert.equal(r.assets.length, 0);
    assert.equal(r.problems[0]?.code, "NMAP_NOT_NMAP");
  }
});

test("cut anywhere, a real scan never crashes the importer and never loses a host before the cut", (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  for (const file of ["full_sudo6.xml", "dionaea_scan.xml"]) {
    const text: string = readFileSync(join(dir, file), "utf8");
    const full = importNmapXml(text).assets;
    let previous = 0;
    for (let k = 1; k < 150; k++) {
      const cut = Math.floor((text.length * k) / 150);
      const r = importNmapXml(text.slice(0, cut));
      const closedHosts = (text.slice(0, cut).match(/<\/host>/g) ?? []).length;
      const upBefore = full.filter((_, i) => i < r.assets.length);
      assert.deepEqual(
        r.assets.map((a) => a.key),
        upBefore.map((a) => a.key),
        `${file} cut at ${cut}`,
      );
      assert.ok(r.assets.length >= previous, `${file} cut at ${cut}`);
      assert.ok(r.hostsSeen >= closedHosts);
      if (cut < text.lastIndexOf("</nmaprun>")) {
        assert.ok(
          r.problems.some((p) => p.code === "NMAP_MALFORMED" || p.code === "NMAP_NOT_NMAP"),
          `${file} cut at ${cut} reported`,
        );
      }
      previous = r.assets.length;
    }
  }
});

test("hostile XML: entity declarations are not expanded into a memory bomb", () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<nmaprun><host><status state="up"/><address addr="10.0.0.9" addrtype="ipv4"/><hostnames><hostname name="&lol3;"/></hostnames></host></nmaprun>`;
  const r = importNmapXml(bomb);
  assert.equal(r.assets.length, 1);
  assert.equal(r.assets[0]?.name, "&lol3;", "DOCTYPE entities are left as text");
});
