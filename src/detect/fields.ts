/**
 * Which log fields hold which kind of value. Zeek names a field the same in every log (conn, dns,
 * http, ssl, x509, files, smtp, notice and the rest), so one dictionary serves them all and a log
 * Centinela has never seen is read by the fields it has. Suricata EVE nests its fields; its keys
 * are searched by their leaf name, which is unique in an event.
 */

/** The kind of a field's value: what it is looked up as. */
export const FieldKind = {
  IP: 0,
  /** A domain, or an address where a name may stand (DNS answers, HTTP Host). */
  HOST: 1,
  URL: 2,
  /** A URL path: the URL is the line's last HOST and this path. */
  URL_PATH: 3,
  EMAIL: 4,
  HASH: 5,
  X509: 6,
  USER_AGENT: 7,
  JA3: 8,
} as const;

/** One of FieldKind's values. */
export type FieldKindCode = (typeof FieldKind)[keyof typeof FieldKind];

/** 0 either side, 1 the connection's source, 2 its destination. */
export type Role = 0 | 1 | 2;

/** A field to read: its name in the log, what it holds, which side, and whether it is a list. */
export interface FieldSpec {
  name: string;
  kind: FieldKindCode;
  role: Role;
  vector: boolean;
}

function f(name: string, kind: FieldKindCode, role: Role = 0, vector = false): FieldSpec {
  return { name, kind, role, vector };
}

/** Zeek's field names, across its logs. */
export const ZEEK_FIELDS: readonly FieldSpec[] = [
  f("id.orig_h", FieldKind.IP, 1),
  f("id.resp_h", FieldKind.IP, 2),
  f("query", FieldKind.HOST),
  f("answers", FieldKind.HOST, 0, true),
  f("host", FieldKind.HOST),
  f("uri", FieldKind.URL_PATH),
  f("referrer", FieldKind.URL),
  f("user_agent", FieldKind.USER_AGENT),
  f("server_name", FieldKind.HOST),
  f("cert_chain_fps", FieldKind.X509, 0, true),
  f("client_cert_chain_fps", FieldKind.X509, 0, true),
  f("fingerprint", FieldKind.X509),
  f("ja3", FieldKind.JA3),
  f("san.dns", FieldKind.HOST, 0, true),
  f("md5", FieldKind.HASH),
  f("sha1", FieldKind.HASH),
  f("sha256", FieldKind.HASH),
  f("tx_hosts", FieldKind.IP, 0, true),
  f("rx_hosts", FieldKind.IP, 0, true),
  f("mailfrom", FieldKind.EMAIL),
  f("rcptto", FieldKind.EMAIL, 0, true),
  f("from", FieldKind.EMAIL),
  f("to", FieldKind.EMAIL, 0, true),
  f("reply_to", FieldKind.EMAIL),
  f("src", FieldKind.IP, 1),
  f("dst", FieldKind.IP, 2),
];

/** Suricata EVE keys (leaf names); `ja3.hash` is searched as `"ja3":{"hash"`. */
export const EVE_FIELDS: readonly FieldSpec[] = [
  f("src_ip", FieldKind.IP, 1),
  f("dest_ip", FieldKind.IP, 2),
  f("rrname", FieldKind.HOST),
  f("rdata", FieldKind.HOST),
  f("hostname", FieldKind.HOST),
  f("url", FieldKind.URL_PATH),
  f("http_refer", FieldKind.URL),
  f("http_user_agent", FieldKind.USER_AGENT),
  f("sni", FieldKind.HOST),
  f("fingerprint", FieldKind.X509),
  f("ja3.hash", FieldKind.JA3),
  f("md5", FieldKind.HASH),
  f("sha1", FieldKind.HASH),
  f("sha256", FieldKind.HASH),
  f("from", FieldKind.EMAIL),
  f("to", FieldKind.EMAIL, 0, true),
];

/** Field kinds by the names a field-mapping file uses. */
export const KIND_NAMES: Record<string, { kind: FieldKindCode; role: Role }> = {
  ip: { kind: FieldKind.IP, role: 0 },
  "ip-src": { kind: FieldKind.IP, role: 1 },
  "ip-dst": { kind: FieldKind.IP, role: 2 },
  domain: { kind: FieldKind.HOST, role: 0 },
  host: { kind: FieldKind.HOST, role: 0 },
  url: { kind: FieldKind.URL, role: 0 },
  email: { kind: FieldKind.EMAIL, role: 0 },
  hash: { kind: FieldKind.HASH, role: 0 },
  x509: { kind: FieldKind.X509, role: 0 },
  "user-agent": { kind: FieldKind.USER_AGENT, role: 0 },
  ja3: { kind: FieldKind.JA3, role: 0 },
};
