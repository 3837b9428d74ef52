import {
  bool,
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
  ts,
} from "./property-spec.js";

/**
 * The predefined extensions of file, network-traffic and process (STIX 2.1 §6.7.2–6.7.6,
 * §6.12.2–6.12.5, §6.13.2–6.13.3), each with its own property table.
 */

const ext = (props: Record<string, PropSpec>): ObjectSpec => objectSpec(props);

const ALTERNATE_DATA_STREAM = { name: req(str()), hashes: hashes(), size: int(0) };
const PE_SECTION = { name: req(str()), size: int(0), entropy: int(), hashes: hashes() };

/** Predefined extensions of the file object (§6.7.2–6.7.6). */
export const FILE_EXTENSIONS: Record<string, ObjectSpec> = {
  "archive-ext": ext({ contains_refs: req(refs("file", "directory")), comment: str() }),
  "ntfs-ext": ext({ sid: str(), alternate_data_streams: objList(ALTERNATE_DATA_STREAM) }),
  "pdf-ext": ext({
    version: str(),
    is_optimized: bool(),
    document_info_dict: dict(),
    pdfid0: str(),
    pdfid1: str(),
  }),
  "raster-image-ext": ext({
    image_height: int(0),
    image_width: int(0),
    bits_per_pixel: int(0),
    exif_tags: dict(),
  }),
  "windows-pebinary-ext": ext({
    pe_type: req(ov("windows-pebinary-type-ov")),
    imphash: str(),
    machine_hex: hex(),
    number_of_sections: int(0),
    time_date_stamp: ts(),
    pointer_to_symbol_table_hex: hex(),
    number_of_symbols: int(0),
    size_of_optional_header: int(0),
    characteristics_hex: hex(),
    file_header_hashes: hashes(),
    optional_header: obj({}),
    sections: objList(PE_SECTION),
  }),
};

/** Predefined extensions of network-traffic (§6.12.2–6.12.5). */
export const NETWORK_TRAFFIC_EXTENSIONS: Record<string, ObjectSpec> = {
  "http-request-ext": ext({
    request_method: req(str()),
    request_value: req(str()),
    request_version: str(),
    request_header: dict(),
    message_body_length: int(0),
    message_body_data_ref: ref("artifact"),
  }),
  "icmp-ext": ext({ icmp_type_hex: req(hex()), icmp_code_hex: req(hex()) }),
  "socket-ext": ext({
    address_family: req(en("network-socket-address-family-enum")),
    is_blocking: bool(),
    is_listening: bool(),
    options: dict(),
    socket_type: en("network-socket-type-enum"),
    socket_descriptor: int(0),
    socket_handle: int(),
  }),
  "tcp-ext": ext({ src_flags_hex: hex(), dst_flags_hex: hex() }),
};

/** Predefined extensions of process (§6.13.2–6.13.3). */
export const PROCESS_EXTENSIONS: Record<string, ObjectSpec> = {
  "windows-process-ext": ext({
    aslr_enabled: bool(),
    dep_enabled: bool(),
    priority: str(),
    owner_sid: str(),
    window_title: str(),
    startup_info: dict(),
    integrity_level: en("windows-integrity-level-enum"),
  }),
  "windows-service-ext": ext({
    service_name: str(),
    descriptions: strList(),
    display_name: str(),
    group_name: str(),
    start_type: en("windows-service-start-type-enum"),
    service_dll_refs: refs("file"),
    service_type: en("windows-service-type-enum"),
    service_status: en("windows-service-status-enum"),
  }),
};
