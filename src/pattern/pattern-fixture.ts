/**
 * Observed-data the pattern tests match against, written from the STIX 2.1 examples (§4, §6),
 * in the 2.1 form (object_refs + SCOs beside) and converted to the deprecated `objects` form.
 * Times: od-main at 00:00:00, od-ip at 00:00:10, od-dom at 00:01:00, od-dll over 00:00:05-00:00:20
 * seen 3 times, od-late a day later, od-family (the x-family object) two days later.
 */

const T0 = "2020-01-01T00:00:00Z";

/** SCOs referenced by the observed-data below. */
export const SCOS: Record<string, unknown>[] = [
  { type: "ipv4-addr", id: "ipv4-addr--a", value: "198.51.100.7" },
  { type: "ipv6-addr", id: "ipv6-addr--b", value: "2001:db8::1" },
  { type: "domain-name", id: "domain-name--c", value: "example.com", resolves_to_refs: ["ipv4-addr--a"] },
  {
    type: "network-traffic",
    id: "network-traffic--d",
    src_ref: "ipv4-addr--a",
    dst_ref: "ipv6-addr--b",
    dst_port: 443,
    src_port: 50123,
    protocols: ["ipv6", "tcp"],
    src_byte_count: 1000,
    is_active: false,
  },
  {
    type: "file",
    id: "file--e",
    name: "evil.exe",
    size: 25536,
    hashes: {
      MD5: "3773a88f65a5e780c8dff9cdc3a056f3",
      "SHA-256": "fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db",
    },
    magic_number_hex: "4D5A",
    ctime: "2020-01-01T00:00:00.123Z",
    parent_directory_ref: "directory--f",
    extensions: {
      "windows-pebinary-ext": {
        pe_type: "exe",
        sections: [
          { name: ".text", entropy: 7.5 },
          { name: ".data", entropy: 2.25 },
        ],
      },
    },
  },
  { type: "directory", id: "directory--f", path: "C:\\Windows\\Temp" },
  { type: "url", id: "url--g", value: "https://example.com/download/evil.exe?x=1" },
  { type: "email-addr", id: "email-addr--h", value: "alice@example.com", display_name: "Alice Ñandú" },
  {
    type: "process",
    id: "process--i",
    pid: 4242,
    command_line: "cmd.exe /c whoami",
    image_ref: "file--e",
    is_hidden: true,
  },
  { type: "user-account", id: "user-account--j", user_id: "1001", is_privileged: true, account_login: "o'brien" },
  {
    type: "windows-registry-key",
    id: "windows-registry-key--k",
    key: "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run",
    values: [{ name: "Updater", data: "C:\\evil.exe", data_type: "REG_SZ" }],
  },
  { type: "artifact", id: "artifact--l", payload_bin: "TVqQAAMAAAAEAAAA", mime_type: "application/octet-stream" },
  { type: "x-acme-widget", id: "x-acme-widget--m", colour: "\u1e0d\u0307 ünïcödé 😀", count: 3 },
  { type: "software", id: "software--n", name: "Word", vendor: "Microsoft", version: "2016" },
  { type: "ipv4-addr", id: "ipv4-addr--o", value: "10.0.0.1" },
  { type: "domain-name", id: "domain-name--p", value: "evil.example" },
  { type: "file", id: "file--q", name: "x.dll", size: 10 },
  { type: "ipv4-addr", id: "ipv4-addr--r", value: "203.0.113.9" },
  {
    // The families where the reference matcher's behaviour is not obvious: bytes under LIKE and
    // MATCHES, strings against t'..', list steps over values that are not lists, references of
    // the wrong type (from cti-pattern-matcher's tests test_binary, test_timestamps, test_basic_ops).
    type: "x-family",
    id: "x-family--s",
    name: "alice",
    name_u: "\u0103lice",
    name_hex: "616c696365",
    name_bin: "YWxpY2U=",
    bin_hex: "01020304",
    ff_bin: "/w==",
    seen: "2010-05-21T13:21:43Z",
    seen_list: ["2010-05-21T13:21:43.5Z"],
    bad_seen: "2010-05-21T13:21:43",
    count: 5,
    tags: ["a", "b"],
    nested: { k: "v" },
    matrix: [[1, 2], [3]],
    mixed: [1, "two", { k: "v" }],
    self_ref: "x-family--s",
    owner_ref: 42,
    peer_refs: "x-family--s",
    friend_refs: ["x-family--s", 7],
  },
];

const od = (id: string, first: string, last: string, count: number, refs: string[]) => ({
  type: "observed-data",
  spec_version: "2.1",
  id: `observed-data--${id}`,
  created: T0,
  modified: T0,
  first_observed: first,
  last_observed: last,
  number_observed: count,
  object_refs: refs,
});

/** The observed-data in the 2.1 form. */
export const OBSERVED_21: Record<string, unknown>[] = [
  od("main", T0, T0, 1, [
    "ipv4-addr--a",
    "ipv6-addr--b",
    "domain-name--c",
    "network-traffic--d",
    "file--e",
    "directory--f",
    "url--g",
    "email-addr--h",
    "process--i",
    "user-account--j",
    "windows-registry-key--k",
    "artifact--l",
    "x-acme-widget--m",
    "software--n",
  ]),
  od("ip", "2020-01-01T00:00:10Z", "2020-01-01T00:00:10Z", 1, ["ipv4-addr--o"]),
  od("dom", "2020-01-01T00:01:00Z", "2020-01-01T00:01:00Z", 1, ["domain-name--p"]),
  od("dll", "2020-01-01T00:00:05Z", "2020-01-01T00:00:20Z", 3, ["file--q"]),
  od("late", "2020-01-02T00:00:00Z", "2020-01-02T00:00:00Z", 1, ["ipv4-addr--r"]),
  od("family", "2020-01-03T00:00:00Z", "2020-01-03T00:00:00Z", 1, ["x-family--s"]),
];

/** Everything the 2.1 form needs: observed-data plus SCOs. */
export const INPUT_21: unknown[] = [...OBSERVED_21, ...SCOS];

/** The same observations in the deprecated form: an `objects` dictionary with local keys. */
export const INPUT_20: unknown[] = OBSERVED_21.map((o) => {
  const refs = o.object_refs as string[];
  const keyOf = new Map(refs.map((r, i) => [r, String(i)]));
  const rewrite = (v: unknown): unknown => {
    if (typeof v === "string") return keyOf.get(v) ?? v;
    if (Array.isArray(v)) return v.map(rewrite);
    return v;
  };
  const objects: Record<string, unknown> = {};
  refs.forEach((r, i) => {
    const sco = SCOS.find((s) => s.id === r)!;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(sco)) {
      if (k === "id") continue;
      copy[k] = k.endsWith("_ref") || k.endsWith("_refs") ? rewrite(v) : v;
    }
    objects[String(i)] = copy;
  });
  const { object_refs: _drop, ...rest } = o;
  return { ...rest, spec_version: undefined, objects };
});
