import { type CompiledPattern, prepareObservations } from "../pattern/index.js";
import { FieldKind, type FieldKindCode } from "./fields.js";

/**
 * The pattern engine's side of detection: an event that hit a prefilter pattern's atom is turned
 * into STIX observed-data (the value that hit, and the connection's addresses as network-traffic)
 * and the compiled pattern decides. Built only for those rare hits, never per event.
 */

function addressType(v: string): "ipv4-addr" | "ipv6-addr" {
  return v.includes(":") ? "ipv6-addr" : "ipv4-addr";
}

/** The SCO a field value stands for. */
function scoOf(kind: FieldKindCode, value: string, id: string): Record<string, unknown> {
  switch (kind) {
    case FieldKind.IP:
      return { type: addressType(value), id, value };
    case FieldKind.HOST:
      return /^[\d.]+$|:/.test(value) ? { type: addressType(value), id, value } : { type: "domain-name", id, value };
    case FieldKind.URL:
    case FieldKind.URL_PATH:
      return { type: "url", id, value };
    case FieldKind.EMAIL:
      return { type: "email-addr", id, value };
    case FieldKind.HASH:
    case FieldKind.X509: {
      const algo = value.length === 32 ? "MD5" : value.length === 40 ? "SHA-1" : "SHA-256";
      return { type: kind === FieldKind.HASH ? "file" : "x509-certificate", id, hashes: { [algo]: value } };
    }
    case FieldKind.USER_AGENT:
      return {
        type: "network-traffic",
        id,
        protocols: ["http"],
        extensions: {
          "http-request-ext": { request_method: "get", request_value: "/", request_header: { "User-Agent": value } },
        },
      };
    default:
      return { type: "x-ja3", id, value };
  }
}

/** True when the pattern matches the event made of the hit value and the connection's addresses at time `ms`. */
export function confirmEvent(
  pattern: CompiledPattern,
  kind: FieldKindCode,
  value: string,
  src: string | null,
  dst: string | null,
  ms: number,
): boolean {
  const when = new Date(Number.isNaN(ms) ? 0 : ms).toISOString();
  const objects: Record<string, unknown>[] = [];
  const refs: string[] = [];
  const add = (o: Record<string, unknown>): void => {
    objects.push(o);
    refs.push(o.id as string);
  };
  add(scoOf(kind, value, "x-event--value"));
  if (src !== null || dst !== null) {
    const traffic: Record<string, unknown> = {
      type: "network-traffic",
      id: "network-traffic--event",
      protocols: ["ip"],
    };
    if (src !== null) {
      add({ type: addressType(src), id: `${addressType(src)}--src`, value: src });
      traffic.src_ref = `${addressType(src)}--src`;
    }
    if (dst !== null) {
      add({ type: addressType(dst), id: `${addressType(dst)}--dst`, value: dst });
      traffic.dst_ref = `${addressType(dst)}--dst`;
    }
    add(traffic);
  }
  const observed = {
    type: "observed-data",
    id: "observed-data--event",
    first_observed: when,
    last_observed: when,
    number_observed: 1,
    object_refs: refs,
  };
  return pattern.matches(prepareObservations([observed, ...objects]));
}
