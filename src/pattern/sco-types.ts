/**
 * The STIX 2.1 Cyber-observable Object types and their top-level properties (§6), with the
 * value type the semantic check compares literals against. "any" means the check does not judge.
 */

/** The value type of a property. */
export type PropertyKind =
  | "string"
  | "integer"
  | "float"
  | "boolean"
  | "timestamp"
  | "binary"
  | "list"
  | "dict"
  | "ref"
  | "any";

const S: PropertyKind = "string";
const I: PropertyKind = "integer";
const T: PropertyKind = "timestamp";
const B: PropertyKind = "boolean";
const L: PropertyKind = "list";
const D: PropertyKind = "dict";
const R: PropertyKind = "ref";

const COMMON: Record<string, PropertyKind> = {
  type: S,
  id: S,
  spec_version: S,
  object_marking_refs: L,
  granular_markings: L,
  defanged: B,
  extensions: D,
};

/** Properties of every SCO type the spec defines. */
export const SCO_PROPERTIES: ReadonlyMap<string, Readonly<Record<string, PropertyKind>>> = new Map(
  Object.entries<Record<string, PropertyKind>>({
    artifact: {
      mime_type: S,
      payload_bin: "binary" as PropertyKind,
      url: S,
      hashes: D,
      encryption_algorithm: S,
      decryption_key: S,
    },
    "autonomous-system": { number: I, name: S, rir: S },
    directory: { path: S, path_enc: S, ctime: T, mtime: T, atime: T, contains_refs: L },
    "domain-name": { value: S, resolves_to_refs: L },
    "email-addr": { value: S, display_name: S, belongs_to_ref: R },
    "email-message": {
      is_multipart: B,
      date: T,
      content_type: S,
      from_ref: R,
      sender_ref: R,
      to_refs: L,
      cc_refs: L,
      bcc_refs: L,
      message_id: S,
      subject: S,
      received_lines: L,
      additional_header_fields: D,
      body: S,
      body_multipart: L,
      raw_email_ref: R,
    },
    file: {
      hashes: D,
      size: I,
      name: S,
      name_enc: S,
      magic_number_hex: "binary" as PropertyKind,
      mime_type: S,
      ctime: T,
      mtime: T,
      atime: T,
      parent_directory_ref: R,
      contains_refs: L,
      content_ref: R,
    },
    "ipv4-addr": { value: S, resolves_to_refs: L, belongs_to_refs: L },
    "ipv6-addr": { value: S, resolves_to_refs: L, belongs_to_refs: L },
    "mac-addr": { value: S },
    mutex: { name: S },
    "network-traffic": {
      start: T,
      end: T,
      is_active: B,
      src_ref: R,
      dst_ref: R,
      src_port: I,
      dst_port: I,
      protocols: L,
      src_byte_count: I,
      dst_byte_count: I,
      src_packets: I,
      dst_packets: I,
      ipfix: D,
      src_payload_ref: R,
      dst_payload_ref: R,
      encapsulates_refs: L,
      encapsulated_by_ref: R,
    },
    process: {
      is_hidden: B,
      pid: I,
      created_time: T,
      cwd: S,
      command_line: S,
      environment_variables: D,
      opened_connection_refs: L,
      creator_user_ref: R,
      image_ref: R,
      parent_ref: R,
      child_refs: L,
    },
    software: { name: S, cpe: S, swid: S, languages: L, vendor: S, version: S },
    url: { value: S },
    "user-account": {
      user_id: S,
      credential: S,
      account_login: S,
      account_type: S,
      display_name: S,
      is_service_account: B,
      is_privileged: B,
      can_escalate_privs: B,
      is_disabled: B,
      account_created: T,
      account_expires: T,
      credential_last_changed: T,
      account_first_login: T,
      account_last_login: T,
    },
    "windows-registry-key": { key: S, values: L, modified_time: T, creator_user_ref: R, number_of_subkeys: I },
    "x509-certificate": {
      is_self_signed: B,
      hashes: D,
      version: S,
      serial_number: S,
      signature_algorithm: S,
      issuer: S,
      validity_not_before: T,
      validity_not_after: T,
      subject: S,
      subject_public_key_algorithm: S,
      subject_public_key_modulus: S,
      subject_public_key_exponent: I,
      x509_v3_extensions: D,
    },
  }).map(([type, props]) => [type, { ...COMMON, ...props }]),
);
