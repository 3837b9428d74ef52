import {
  bool,
  dict,
  en,
  enList,
  int,
  obj,
  type PropSpec,
  ref,
  refs,
  req,
  str,
  strList,
  type TypeSpec,
  ts,
} from "./property-spec.js";

/**
 * The property tables of the SROs (§5: relationship, sighting) and meta objects (§7:
 * marking-definition, language-content, extension-definition). SDOs are in object-specs.ts.
 */

/** SROs and meta objects of STIX 2.1, by type name. */
export const RELATIONSHIP_AND_META_SPECS: Record<string, TypeSpec> = {
  relationship: {
    cls: "sro",
    props: {
      relationship_type: req(str()),
      description: str(),
      source_ref: req(ref("SDO", "SCO")),
      target_ref: req(ref("SDO", "SCO")),
      start_time: ts(),
      stop_time: ts(),
    },
    constraints: [{ kind: "order", earlier: "start_time", later: "stop_time", strict: true }],
    extensions: {},
  },
  sighting: {
    cls: "sro",
    props: {
      description: str(),
      first_seen: ts(),
      last_seen: ts(),
      count: int(0, 999_999_999),
      sighting_of_ref: req(ref("SDO")),
      observed_data_refs: refs("observed-data"),
      where_sighted_refs: refs("identity", "location"),
      summary: bool(),
    },
    constraints: [{ kind: "order", earlier: "first_seen", later: "last_seen", strict: false }],
    extensions: {},
  },
  "marking-definition": {
    cls: "marking",
    props: {
      name: str(),
      definition_type: str(),
      // Checked against definition_type by the checker (statement / tlp shapes).
      definition: obj({}),
    },
    constraints: [
      { kind: "requires", prop: "definition", needs: "definition_type" },
      { kind: "requires", prop: "definition_type", needs: "definition" },
    ],
    extensions: {},
  },
  "language-content": {
    cls: "language-content",
    props: { object_ref: req(ref("*")), object_modified: ts(), contents: req(dict()) },
    constraints: [],
    extensions: {},
  },
  "extension-definition": {
    cls: "extension-definition",
    props: {
      name: req(str()),
      description: str(),
      schema: req(str()),
      version: req(str()),
      extension_types: req(enList("extension-type-enum")),
      extension_properties: strList(),
    },
    constraints: [],
    extensions: {},
  },
};

/** Shapes of marking `definition` by definition_type (§7.2.1.3 statement, §7.2.1.4 TLP 1.0). */
export const MARKING_DEFINITIONS: Readonly<Record<string, PropSpec>> = {
  statement: obj({ statement: req(str()) }, false),
  tlp: obj({ tlp: req(en("tlp-level-enum")) }, false),
};
