import {
  bin,
  bool,
  type Constraint,
  dict,
  en,
  hashes,
  hex,
  int,
  type ObjectSpec,
  obj,
  objectSpec,
  objList,
  ov,
  type PropSpec,
  ref,
  refs,
  req,
  str,
  strList,
  type TypeSpec,
  ts,
} from "./property-spec.js";
import { FILE_EXTENSIONS, NETWORK_TRAFFIC_EXTENSIONS, PROCESS_EXTENSIONS } from "./sco-extension-specs.js";

/**
 * The property tables of STIX 2.1 Cyber-observable Objects (§6) and of their predefined
 * extensions (§6.x.2 and friends). ID Contributing Properties live in ../sco-id.ts.
 */

const U32 = 4_294_967_295;
const addr = ["ipv4-addr", "ipv6-addr", "mac-addr", "domain-name"];

const ext = (props: Record<string, PropSpec>): ObjectSpec => objectSpec(props);

const sco = (
  props: Record<string, PropSpec>,
  constraints: Constraint[] = [],
  extensions: Record<string, ObjectSpec> = {},
): TypeSpec => ({ cls: "sco", props, constraints, extensions });

/** SCO types of STIX 2.1, by type name. */
export const SCO_SPECS: Record<string, TypeSpec> = {
  artifact: sco(
    {
      mime_type: str(),
      payload_bin: bin(),
      url: str(),
      hashes: hashes(),
      encryption_algorithm: en("encryption-algorithm-enum"),
      decryption_key: str(),
    },
    [
      { kind: "one-of", props: ["payload_bin", "url"] },
      { kind: "not-both", props: ["payload_bin", "url"] },
      { kind: "requires", prop: "url", needs: "hashes" },
      { kind: "requires", prop: "decryption_key", needs: "encryption_algorithm" },
    ],
  ),
  "autonomous-system": sco({ number: req(int(0, U32)), name: str(), rir: str() }),
  directory: sco(
    {
      path: req(str()),
      path_enc: str(),
      ctime: ts(),
      mtime: ts(),
      atime: ts(),
      contains_refs: refs("file", "directory"),
    },
    [{ kind: "requires", prop: "path_enc", needs: "path" }],
  ),
  "domain-name": sco({ value: req(str()), resolves_to_refs: refs("ipv4-addr", "ipv6-addr", "domain-name") }),
  "email-addr": sco({ value: req(str()), display_name: str(), belongs_to_ref: ref("user-account") }),
  "email-message": sco(
    {
      is_multipart: req(bool()),
      date: ts(),
      content_type: str(),
      from_ref: ref("email-addr"),
      sender_ref: ref("email-addr"),
      to_refs: refs("email-addr"),
      cc_refs: refs("email-addr"),
      bcc_refs: refs("email-addr"),
      message_id: str(),
      subject: str(),
      received_lines: strList(),
      additional_header_fields: dict(),
      body: str(),
      body_multipart: objList({
        body: str(),
        body_raw_ref: ref("artifact", "file"),
        content_type: str(),
        content_disposition: str(),
      }),
      raw_email_ref: ref("artifact"),
    },
    [
      { kind: "forbidden-when", flag: "is_multipart", value: true, prop: "body" },
      { kind: "forbidden-when", flag: "is_multipart", value: false, prop: "body_multipart" },
    ],
  ),
  file: sco(
    {
      hashes: hashes(),
      size: int(0),
      name: str(),
      name_enc: str(),
      magic_number_hex: hex(),
      mime_type: str(),
      ctime: ts(),
      mtime: ts(),
      atime: ts(),
      parent_directory_ref: ref("directory"),
      contains_refs: refs("SCO"),
      content_ref: ref("artifact"),
    },
    [
      { kind: "one-of", props: ["hashes", "name"] },
      { kind: "requires", prop: "name_enc", needs: "name" },
    ],
    FILE_EXTENSIONS,
  ),
  "ipv4-addr": sco({
    value: req(str()),
    resolves_to_refs: refs("mac-addr"),
    belongs_to_refs: refs("autonomous-system"),
  }),
  "ipv6-addr": sco({
    value: req(str()),
    resolves_to_refs: refs("mac-addr"),
    belongs_to_refs: refs("autonomous-system"),
  }),
  "mac-addr": sco({ value: req(str()) }),
  mutex: sco({ name: req(str()) }),
  "network-traffic": sco(
    {
      start: ts(),
      end: ts(),
      is_active: bool(),
      src_ref: ref(...addr),
      dst_ref: ref(...addr),
      src_port: int(0, 65535),
      dst_port: int(0, 65535),
      protocols: req(strList()),
      src_byte_count: int(0),
      dst_byte_count: int(0),
      src_packets: int(0),
      dst_packets: int(0),
      ipfix: dict(),
      src_payload_ref: ref("artifact"),
      dst_payload_ref: ref("artifact"),
      encapsulates_refs: refs("network-traffic"),
      encapsulated_by_ref: ref("network-traffic"),
    },
    [
      { kind: "one-of", props: ["src_ref", "dst_ref"] },
      { kind: "order", earlier: "start", later: "end", strict: false },
      { kind: "forbidden-when", flag: "is_active", value: true, prop: "end" },
    ],
    NETWORK_TRAFFIC_EXTENSIONS,
  ),
  process: sco(
    {
      is_hidden: bool(),
      pid: int(),
      created_time: ts(),
      cwd: str(),
      command_line: str(),
      environment_variables: dict(),
      opened_connection_refs: refs("network-traffic"),
      creator_user_ref: ref("user-account"),
      image_ref: ref("file"),
      parent_ref: ref("process"),
      child_refs: refs("process"),
    },
    [{ kind: "at-least-one-property" }],
    PROCESS_EXTENSIONS,
  ),
  software: sco({
    name: req(str()),
    cpe: str(),
    swid: str(),
    languages: strList(),
    vendor: str(),
    version: str(),
  }),
  url: sco({ value: req(str()) }),
  "user-account": sco(
    {
      user_id: str(),
      credential: str(),
      account_login: str(),
      account_type: ov("account-type-ov"),
      display_name: str(),
      is_service_account: bool(),
      is_privileged: bool(),
      can_escalate_privs: bool(),
      is_disabled: bool(),
      account_created: ts(),
      account_expires: ts(),
      credential_last_changed: ts(),
      account_first_login: ts(),
      account_last_login: ts(),
    },
    [{ kind: "at-least-one-property" }],
    { "unix-account-ext": ext({ gid: int(), groups: strList(), home_dir: str(), shell: str() }) },
  ),
  "windows-registry-key": sco(
    {
      key: str(),
      values: objList({ name: str(), data: str(), data_type: en("windows-registry-datatype-enum") }),
      modified_time: ts(),
      creator_user_ref: ref("user-account"),
      number_of_subkeys: int(0),
    },
    [{ kind: "at-least-one-property" }],
  ),
  "x509-certificate": sco(
    {
      is_self_signed: bool(),
      hashes: hashes(),
      version: str(),
      serial_number: str(),
      signature_algorithm: str(),
      issuer: str(),
      validity_not_before: ts(),
      validity_not_after: ts(),
      subject: str(),
      subject_public_key_algorithm: str(),
      subject_public_key_modulus: str(),
      subject_public_key_exponent: int(0),
      x509_v3_extensions: obj({}),
    },
    [
      { kind: "at-least-one-property" },
      { kind: "order", earlier: "validity_not_before", later: "validity_not_after", strict: false },
    ],
  ),
};

/** Every predefined extension name and the SCO type it belongs to. */
export const PREDEFINED_EXTENSION_OWNER: ReadonlyMap<string, string> = new Map(
  Object.entries(SCO_SPECS).flatMap(([type, spec]) =>
    Object.keys(spec.extensions).map((name) => [name, type] as const),
  ),
);
