import { parseCpe, plainValue } from "./cpe.js";
import type { AssetRole, Port, Software } from "./types.js";

/**
 * The role an importer infers from what a scan or SBOM shows, with the evidence, so a person can
 * confirm or change it (`centinela assets role`). Rules are tried in order and the first that
 * holds wins: industrial protocols, camera protocols and products, routing protocols and routing
 * operating systems (and switches), other network device types (a router without routing
 * protocols is more often the edge than the core), a desktop OS, server services or a server OS,
 * other device types, hardware CPE names. Evidence strings name ports, services, Nmap device
 * types and CPE names as the inputs spell them, so they read the same in Spanish and English.
 */

/** What Nmap says beyond ports and CPEs: OS classes of the best matches, and service device types. */
export interface ScanHints {
  /** One per <osclass> of the top-accuracy <osmatch>es. */
  osClasses: { type: string; vendor: string; family: string; gen: string | null; accuracy: number }[];
  /** Each service's devicetype attribute, with the port it came from ("23/tcp"). */
  serviceDeviceTypes: { type: string; port: string }[];
}

/** What inference reads. */
export interface RoleInput {
  ports: readonly Port[];
  software: readonly Software[];
  hints?: ScanHints;
  /** An SBOM's metadata.component.type (application, device, firmware, …). */
  sbomType?: string | null;
}

/** An inferred role and what it rests on. */
export interface InferredRole {
  role: AssetRole;
  evidence: string[];
}

const ICS_SERVICES = new Set([
  "modbus",
  "mbap",
  "s7comm",
  "iso-tsap",
  "dnp",
  "dnp3",
  "bacnet",
  "enip",
  "ethernetip-1",
  "ethernetip-2",
  "iec-104",
  "iec-60870-5-104",
  "opcua-tcp",
  "fox",
  "niagara-fox",
  "profinet",
  "codesys",
  "omron-fins",
  "hart-ip",
  "ge-srtp",
  "pcworx",
]);
const ICS_PRODUCT =
  /modbus|siemens s7|simatic|bacnet|dnp3|ethernet\/ip|allen-bradley|rockwell|schneider|modicon|codesys/i;
const CAMERA_SERVICES = new Set(["rtsp", "onvif", "ws-discovery"]);
const CAMERA_PRODUCT = /camera|webcam|\bdvr\b|\bnvr\b|onvif|\bipc\b/i;
const ROUTING_SERVICES = new Set(["bgp", "ospf", "ospfigp", "ldp", "route", "rip", "isis", "pim"]);
const ROUTING_OS =
  /^(cisco:(ios|ios_xe|ios_xr|nx-os|nx_os)|juniper:junos|huawei:vrp|mikrotik:routeros|arista:eos|nokia:sr_os|alcatel-lucent:sr_os|h3c:comware|zte:zxros)$/;
const NMAP_TYPES: Record<string, AssetRole> = {
  webcam: "camera",
  router: "network-edge",
  switch: "network-core",
  firewall: "network-edge",
  wap: "network-edge",
  "broadband router": "network-edge",
  "load balancer": "network-edge",
  "proxy server": "network-edge",
  "storage-misc": "server",
  printer: "iot",
  "print server": "iot",
  "media device": "iot",
  "game console": "iot",
  "voip phone": "iot",
  "voip adapter": "iot",
  "power-device": "iot",
};
/** Ports a desktop OS opens for itself (UPnP, WSD, RPC, file sharing, remote desktop): not server services. */
const CLIENT_PORTS = new Set([135, 139, 445, 2869, 3389, 5357, 5358, 5900, 62078]);
const SERVER_SERVICES = new Set([
  "http",
  "https",
  "http-proxy",
  "https-alt",
  "smtp",
  "submission",
  "imap",
  "imaps",
  "pop3",
  "pop3s",
  "ftp",
  "ssh",
  "domain",
  "ldap",
  "ldaps",
  "kerberos-sec",
  "mysql",
  "ms-sql-s",
  "postgresql",
  "oracle-tns",
  "mongodb",
  "memcached",
  "redis",
  "ajp13",
  "nfs",
]);
const DESKTOP_OS_CPE = /^microsoft:windows_(xp|vista|7|8|8\.1|10|11)|^apple:(mac_os_x|macos)$/;
const SERVER_OS_CPE = /^microsoft:windows_(server|20\d\d|nt)/;
const DESKTOP_GEN = /^(XP|Vista|7|8|8\.1|10|11)$/;
const SERVER_GEN = /^(2000|2003|2008|2012|2016|2019|2022|2025)$/;

function portLabel(p: Port): string {
  const service = p.service ? ` ${p.service}` : "";
  return `${p.port}/${p.protocol}${service}${p.product ? ` (${p.product})` : ""}`;
}

function vendorProduct(cpe: string | null): string | null {
  if (!cpe) return null;
  try {
    const w = parseCpe(cpe);
    return `${plainValue(w.vendor)}:${plainValue(w.product)}`;
  } catch {
    return null;
  }
}

function portsWhere(ports: readonly Port[], test: (p: Port) => boolean): string[] {
  return ports.filter(test).map(portLabel);
}

/** The role the evidence points to, or null when nothing says. */
export function inferRole(input: RoleInput): InferredRole | null {
  const { ports, software } = input;
  const classes = input.hints?.osClasses ?? [];
  const devTypes = [
    ...classes.map((c) => ({
      type: c.type.toLowerCase(),
      label: `Nmap: ${c.type} (${c.vendor} ${c.family}${c.gen ? ` ${c.gen}` : ""}, ${c.accuracy}%)`,
    })),
    ...(input.hints?.serviceDeviceTypes ?? []).map((d) => ({
      type: d.type.toLowerCase(),
      label: `Nmap ${d.port}: ${d.type}`,
    })),
  ];
  const byType = (role: AssetRole) => devTypes.filter((d) => NMAP_TYPES[d.type] === role).map((d) => d.label);
  const svc = (p: Port) => (p.service ?? "").toLowerCase();

  const ics = portsWhere(ports, (p) => ICS_SERVICES.has(svc(p)) || ICS_PRODUCT.test(p.product ?? ""));
  if (ics.length > 0) return { role: "control", evidence: ics };

  const camera = [
    ...portsWhere(ports, (p) => CAMERA_SERVICES.has(svc(p)) || CAMERA_PRODUCT.test(p.product ?? "")),
    ...byType("camera"),
    ...software.filter((s) => s.kind === "hardware" && CAMERA_PRODUCT.test(s.name)).map((s) => s.cpe ?? s.name),
  ];
  if (camera.length > 0) return { role: "camera", evidence: camera };

  const routing = [
    ...portsWhere(ports, (p) => ROUTING_SERVICES.has(svc(p))),
    ...software.filter((s) => ROUTING_OS.test(vendorProduct(s.cpe) ?? "")).map((s) => s.cpe as string),
    ...byType("network-core"),
  ];
  if (routing.length > 0) return { role: "network-core", evidence: routing };

  const edge = byType("network-edge");
  if (edge.length > 0) return { role: "network-edge", evidence: edge };

  const desktop = [
    ...classes
      .filter(
        (c) =>
          c.type === "general purpose" &&
          (c.family === "Mac OS X" || (c.family === "Windows" && DESKTOP_GEN.test(c.gen ?? ""))),
      )
      .map((c) => `Nmap OS: ${c.vendor} ${c.family} ${c.gen ?? ""}`.trim()),
    ...software.filter((s) => DESKTOP_OS_CPE.test(vendorProduct(s.cpe) ?? "")).map((s) => s.cpe as string),
  ];
  const serverOs = [
    ...classes
      .filter((c) => c.family === "Windows" && SERVER_GEN.test(c.gen ?? ""))
      .map((c) => `Nmap OS: ${c.vendor} ${c.family} ${c.gen}`),
    ...software.filter((s) => SERVER_OS_CPE.test(vendorProduct(s.cpe) ?? "")).map((s) => s.cpe as string),
  ];
  const serverServices = portsWhere(ports, (p) => SERVER_SERVICES.has(svc(p)) && !CLIENT_PORTS.has(p.port));
  const remote = portsWhere(
    ports,
    (p) => p.port === 3389 || p.port === 445 || svc(p) === "ms-wbt-server" || svc(p) === "microsoft-ds",
  );
  if (desktop.length > 0 && remote.length > 0) return { role: "workstation", evidence: [...remote, ...desktop] };
  if (desktop.length > 0 && serverServices.length === 0) return { role: "workstation", evidence: desktop };

  if (serverServices.length > 0 || (serverOs.length > 0 && desktop.length === 0) || byType("server").length > 0)
    return {
      role: "server",
      evidence: [...serverServices, ...(desktop.length === 0 ? serverOs : []), ...byType("server")],
    };

  const iot = [...byType("iot"), ...software.filter((s) => s.kind === "hardware").map((s) => s.cpe ?? s.name)];
  if (iot.length > 0) return { role: "iot", evidence: iot };

  if (input.sbomType) {
    const t = input.sbomType.toLowerCase();
    const role: AssetRole | null =
      t === "device" || t === "firmware"
        ? "iot"
        : t === "operating-system"
          ? "server"
          : t === "application" || t === "framework" || t === "library" || t === "container" || t === "platform"
            ? "application"
            : null;
    if (role) return { role, evidence: [`CycloneDX metadata.component.type: ${input.sbomType}`] };
  }
  return null;
}
