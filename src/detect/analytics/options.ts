import { readFile } from "node:fs/promises";
import { t } from "../../i18n/index.js";
import { type IpNetwork, maskV4, parseIpv4, parseIpv6, parseNetwork } from "../../warninglists/index.js";
import { DetectError } from "../errors.js";

/**
 * The thresholds of the behaviour analytics, with the defaults README's Detection section
 * justifies (RITA's public defaults where one exists). A JSON options file (`scan --analytics
 * FILE`) overrides any of them; unknown keys and bad values are refused with where and why.
 */

/** Every threshold of the analytics. */
export interface AnalyticsOptions {
  /** Networks counted as internal (CIDR); default RFC 1918 and IPv6 unique-local. */
  internalNetworks: string[];
  exfiltration: {
    enabled: boolean;
    windowSeconds: number;
    minBytesOut: number;
    minRatio: number;
    maxPairs: number;
    /** Also judge each internal host against its own history of windows (baseline.ts). */
    baseline: boolean;
    baselineWindows: number;
    baselineMinWindows: number;
    baselineDeviations: number;
    baselineFactor: number;
    baselineMinBytesOut: number;
  };
  lateral: { enabled: boolean; windowSeconds: number; minHosts: number; ports: number[]; maxSources: number };
  beacon: { enabled: boolean; minConnections: number; minScore: number; maxPairs: number; maxTimestamps: number };
  longConnection: { enabled: boolean; minSeconds: number };
}

/** The defaults (see README, Detection: behaviour analytics). */
export const DEFAULT_ANALYTICS: AnalyticsOptions = {
  internalNetworks: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  exfiltration: {
    enabled: true,
    windowSeconds: 3600,
    minBytesOut: 50_000_000,
    minRatio: 10,
    maxPairs: 100_000,
    baseline: true,
    baselineWindows: 24,
    baselineMinWindows: 6,
    baselineDeviations: 3.5,
    baselineFactor: 3,
    baselineMinBytesOut: 25_000_000,
  },
  lateral: {
    enabled: true,
    windowSeconds: 600,
    minHosts: 10,
    ports: [22, 139, 445, 3389, 5985, 5986],
    maxSources: 100_000,
  },
  beacon: { enabled: true, minConnections: 20, minScore: 0.8, maxPairs: 20_000, maxTimestamps: 1_000 },
  longConnection: { enabled: true, minSeconds: 3600 },
};

type Section = Exclude<keyof AnalyticsOptions, "internalNetworks">;

type Reason =
  | "object"
  | "section"
  | "unknown"
  | "networks"
  | "network"
  | "boolean"
  | "ports"
  | "score"
  | "ratio"
  | "whole"
  | "minWindows";

function bad(where: string, reason: Reason, source: string, values: Record<string, string> = {}): never {
  throw new DetectError(
    "DETECT_BAD_OPTION",
    t("detect:analytics.bad", { source, where, reason: t(`detect:analytics.reason.${reason}`, values) }),
  );
}

/** Thresholds that may be fractions (the others are whole numbers). */
const FRACTIONAL = new Set(["minRatio", "baselineDeviations", "baselineFactor"]);

/** The options from parsed JSON over the defaults; throws DETECT_BAD_OPTION naming the key and why. */
export function parseAnalyticsOptions(json: unknown, source: string): AnalyticsOptions {
  const out: AnalyticsOptions = structuredClone(DEFAULT_ANALYTICS);
  if (typeof json !== "object" || json === null || Array.isArray(json)) bad("(top)", "object", source);
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (key === "internalNetworks") {
      if (!Array.isArray(value) || value.length === 0) bad(key, "networks", source);
      for (const [i, net] of (value as unknown[]).entries())
        if (typeof net !== "string" || parseNetwork(net) === null)
          bad(`${key}[${i}]`, "network", source, { value: JSON.stringify(net) });
      out.internalNetworks = value as string[];
      continue;
    }
    if (!(key in DEFAULT_ANALYTICS)) bad(key, "unknown", source, { known: Object.keys(DEFAULT_ANALYTICS).join(", ") });
    const section = key as Section;
    if (typeof value !== "object" || value === null || Array.isArray(value)) bad(key, "section", source);
    const target = out[section] as unknown as Record<string, unknown>;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const where = `${key}.${name}`;
      if (!(name in target)) bad(where, "unknown", source, { known: Object.keys(target).join(", ") });
      const current = target[name];
      if (typeof current === "boolean") {
        if (typeof v !== "boolean") bad(where, "boolean", source);
      } else if (Array.isArray(current)) {
        if (!Array.isArray(v) || v.length === 0 || !v.every((p) => Number.isInteger(p) && p >= 0 && p <= 65535))
          bad(where, "ports", source);
      } else if (name === "minScore" || FRACTIONAL.has(name)) {
        if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || (name === "minScore" && v > 1))
          bad(where, name === "minScore" ? "score" : "ratio", source);
      } else if (typeof v !== "number" || !Number.isInteger(v) || v < 1) bad(where, "whole", source);
      target[name] = v;
    }
  }
  const x = out.exfiltration;
  if (x.baselineMinWindows > x.baselineWindows)
    bad("exfiltration.baselineMinWindows", "minWindows", source, { windows: String(x.baselineWindows) });
  return out;
}

/** Which addresses are internal, unroutable or external, decided once per address. */
export class AddressClass {
  private readonly v4: IpNetwork[] = [];
  private readonly v6: IpNetwork[] = [];

  constructor(networks: readonly string[]) {
    for (const text of networks) {
      const net = parseNetwork(text);
      if (net !== null) (net.v6 ? this.v6 : this.v4).push(net);
    }
  }

  /** True when the address is in one of the internal networks. */
  isInternal(address: string): boolean {
    const v4 = parseIpv4(address);
    if (v4 >= 0) {
      for (const n of this.v4) if (maskV4(v4, n.prefix) === n.network) return true;
      return false;
    }
    if (this.v6.length === 0 || address.indexOf(":") < 0) return false;
    const v6 = parseIpv6(address);
    if (v6 === null) return false;
    for (const n of this.v6) if ((v6 >> BigInt(128 - n.prefix)) << BigInt(128 - n.prefix) === n.network) return true;
    return false;
  }

  /** True for a routable address outside the internal networks (not multicast, broadcast, loopback, link-local). */
  isExternal(address: string): boolean {
    if (address === "" || this.isInternal(address)) return false;
    const v4 = parseIpv4(address);
    if (v4 >= 0) {
      const first = Math.floor(v4 / 16_777_216);
      if (first === 0 || first === 127 || first >= 224) return false;
      if (maskV4(v4, 16) === 0xa9fe0000) return false;
      return true;
    }
    const lower = address.toLowerCase();
    return !(lower.startsWith("ff") || lower.startsWith("fe80") || lower === "::1" || lower === "::");
  }
}

/** Reads and checks an options file (`scan --analytics FILE`); throws DETECT_BAD_OPTION saying where and why. */
export async function readAnalyticsOptions(file: string): Promise<AnalyticsOptions> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new DetectError(
      "DETECT_BAD_OPTION",
      t("detect:analytics.unreadable", { source: file, reason: (error as Error).message }),
    );
  }
  return parseAnalyticsOptions(json, file);
}
