import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import { importNmapXml } from "./nmap.js";
import { inferRole } from "./roles.js";
import type { Port, Software } from "./types.js";

const port = (port: number, service: string | null, product: string | null = null): Port => ({
  protocol: "tcp",
  port,
  service,
  product,
  version: null,
});
const os = (cpe: string): Software => ({
  name: cpe,
  version: null,
  vendor: null,
  kind: "operating-system",
  cpe,
  purl: null,
});

test("each real Nmap scan: the role inferred for every host, with its evidence", (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  // file → host name → [role, source, a piece of the evidence]
  const expected: Record<string, Record<string, [string, string, RegExp | null]>> = {
    "1_os_banner_scripts.xml": { localhost: ["server", "inferred", /^22\/tcp ssh \(OpenSSH\)$/] },
    "2_hosts_version.xml": {
      localhost: ["server", "inferred", /^25\/tcp smtp$/],
      "scanme.nmap.org": ["server", "inferred", /^80\/tcp http$/],
    },
    "dionaea_scan.xml": { dionaea: ["server", "inferred", /^Nmap 21\/tcp: storage-misc$/] },
    "full_sudo6.xml": {
      "192.168.1.1": ["network-edge", "inferred", /^Nmap: WAP \(Linux Linux 2\.6\.X, 100%\)$/],
      // Only 62078/tcp tcpwrapped and no OS match: nothing to go on.
      "192.168.1.2": ["other", "default", null],
      "192.168.1.5": ["workstation", "inferred", /^Nmap OS: Microsoft Windows 7$/],
      "192.168.1.3": ["workstation", "inferred", /^3389\/tcp ms-wbt-server/],
    },
    "os_scan6.xml": {
      "192.168.1.1": ["network-edge", "inferred", /^Nmap: WAP/],
      "192.168.1.5": ["workstation", "inferred", /^cpe:2\.3:o:microsoft:windows_7:/],
      "192.168.1.3": ["workstation", "inferred", /^3389\/tcp ms-wbt-server$/],
    },
  };
  for (const [file, hosts] of Object.entries(expected)) {
    const { assets } = importNmapXml(readFileSync(join(dir, file), "utf8"), { input: file });
    assert.deepEqual(assets.map((a) => a.name).sort(), Object.keys(hosts).sort(), file);
    for (const a of assets) {
      const [role, source, evidence] = hosts[a.name] as [string, string, RegExp | null];
      assert.equal(a.role, role, `${file} ${a.name}`);
      assert.equal(a.roleSource, source, `${file} ${a.name}`);
      if (evidence)
        assert.ok(
          a.roleEvidence.some((e) => evidence.test(e)),
          `${file} ${a.name}: ${a.roleEvidence}`,
        );
      else assert.deepEqual(a.roleEvidence, []);
    }
  }
});

test("industrial protocols, cameras, routing, desktops and servers, first rule first", () => {
  const cases: [string, Parameters<typeof inferRole>[0], string | null, string][] = [
    ["Modbus", { ports: [port(502, "modbus"), port(80, "http")], software: [] }, "control", "502/tcp modbus"],
    [
      "S7",
      { ports: [port(102, "iso-tsap", "Siemens S7 PLC")], software: [] },
      "control",
      "102/tcp iso-tsap (Siemens S7 PLC)",
    ],
    [
      "BACnet by product",
      { ports: [port(47808, null, "BACnet/IP")], software: [] },
      "control",
      "47808/tcp (BACnet/IP)",
    ],
    ["DNP3", { ports: [port(20000, "dnp")], software: [] }, "control", "20000/tcp dnp"],
    ["EtherNet/IP", { ports: [port(44818, "EtherNetIP-2")], software: [] }, "control", "44818/tcp EtherNetIP-2"],
    ["RTSP", { ports: [port(554, "rtsp"), port(80, "http")], software: [] }, "camera", "554/tcp rtsp"],
    [
      "camera product",
      { ports: [port(80, "http", "Hikvision IP camera httpd")], software: [] },
      "camera",
      "80/tcp http (Hikvision IP camera httpd)",
    ],
    ["BGP", { ports: [port(179, "bgp"), port(22, "ssh")], software: [] }, "network-core", "179/tcp bgp"],
    [
      "routing OS",
      { ports: [port(22, "ssh")], software: [os("cpe:2.3:o:cisco:ios:15.1:*:*:*:*:*:*:*")] },
      "network-core",
      "cpe:2.3:o:cisco:ios:15.1:*:*:*:*:*:*:*",
    ],
    [
      "RDP on a desktop OS",
      {
        ports: [port(3389, "ms-wbt-server"), port(445, "microsoft-ds")],
        software: [os("cpe:2.3:o:microsoft:windows_10:1809:*:*:*:*:*:*:*")],
      },
      "workstation",
      "3389/tcp ms-wbt-server",
    ],
    [
      "a server OS",
      {
        ports: [port(3389, "ms-wbt-server")],
        software: [os("cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*")],
      },
      "server",
      "cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*",
    ],
    [
      "an SBOM of a device",
      { ports: [], software: [], sbomType: "device" },
      "iot",
      "CycloneDX metadata.component.type: device",
    ],
    ["nothing", { ports: [port(62078, "tcpwrapped")], software: [] }, null, ""],
  ];
  for (const [name, input, role, evidence] of cases) {
    const got = inferRole(input);
    assert.equal(got?.role ?? null, role, name);
    if (got) assert.equal(got.evidence[0], evidence, name);
  }
});
