import { RELATIONSHIP_AND_META_SPECS } from "./meta-specs.js";
import {
  bool,
  type Constraint,
  dict,
  en,
  hashes,
  int,
  killChainPhases,
  num,
  objList,
  ov,
  ovList,
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
 * The property tables of STIX 2.1 SDOs (§4), SROs (§5) and meta objects (§7), plus the common
 * properties (§3.2). SCOs are in sco-specs.ts. One entry per type; the checker is generic.
 */

/** Common properties (§3.2), checked on every object where they apply. */
export const COMMON_PROPS: Record<string, PropSpec> = {
  type: req(str()),
  spec_version: str(),
  id: req(str()),
  created_by_ref: ref("identity"),
  created: ts(),
  modified: ts(),
  revoked: bool(),
  labels: strList(),
  confidence: int(0, 100),
  lang: str(),
  external_references: objList({
    source_name: req(str()),
    description: str(),
    url: str(),
    hashes: hashes(),
    external_id: str(),
  }),
  object_marking_refs: refs("marking-definition"),
  granular_markings: objList({ lang: str(), marking_ref: ref("marking-definition"), selectors: req(strList()) }, false),
  defanged: bool(),
  // `extensions` is checked by its own code (keys are ids or predefined names).
};

/** Which common properties each class requires and which do not apply to it (§3.2 table). */
export const CLASS_RULES: Readonly<Record<TypeSpec["cls"], { required: string[]; forbidden: string[] }>> = {
  sdo: { required: ["spec_version", "created", "modified"], forbidden: ["defanged"] },
  sro: { required: ["spec_version", "created", "modified"], forbidden: ["defanged"] },
  sco: {
    required: [],
    forbidden: [
      "created_by_ref",
      "created",
      "modified",
      "revoked",
      "labels",
      "confidence",
      "lang",
      "external_references",
    ],
  },
  marking: {
    required: ["spec_version", "created"],
    forbidden: ["modified", "revoked", "labels", "confidence", "lang", "defanged"],
  },
  "language-content": { required: ["spec_version", "created", "modified"], forbidden: ["lang", "defanged"] },
  "extension-definition": {
    required: ["spec_version", "created", "modified", "created_by_ref"],
    forbidden: ["confidence", "lang", "defanged", "extensions"],
  },
};

const seen = (a = "first_seen", b = "last_seen"): Constraint => ({
  kind: "order",
  earlier: a,
  later: b,
  strict: false,
});

const sdo = (props: Record<string, PropSpec>, constraints: Constraint[] = []): TypeSpec => ({
  cls: "sdo",
  props,
  constraints,
  extensions: {},
});

/** SDOs, SROs and meta objects of STIX 2.1, by type name. */
export const OBJECT_SPECS: Record<string, TypeSpec> = {
  "attack-pattern": sdo({
    name: req(str()),
    description: str(),
    aliases: strList(),
    kill_chain_phases: killChainPhases(),
  }),
  campaign: sdo(
    { name: req(str()), description: str(), aliases: strList(), first_seen: ts(), last_seen: ts(), objective: str() },
    [seen()],
  ),
  "course-of-action": sdo({ name: req(str()), description: str() }),
  grouping: sdo({
    name: str(),
    description: str(),
    context: req(ov("grouping-context-ov")),
    object_refs: req(refs("*")),
  }),
  identity: sdo({
    name: req(str()),
    description: str(),
    roles: strList(),
    identity_class: ov("identity-class-ov"),
    sectors: ovList("industry-sector-ov"),
    contact_information: str(),
  }),
  incident: sdo({ name: req(str()), description: str(), kill_chain_phases: killChainPhases() }),
  indicator: sdo(
    {
      name: str(),
      description: str(),
      indicator_types: ovList("indicator-type-ov"),
      pattern: req(str()),
      pattern_type: req(ov("pattern-type-ov")),
      pattern_version: str(),
      valid_from: req(ts()),
      valid_until: ts(),
      kill_chain_phases: killChainPhases(),
    },
    [{ kind: "order", earlier: "valid_from", later: "valid_until", strict: true }],
  ),
  infrastructure: sdo(
    {
      name: req(str()),
      description: str(),
      infrastructure_types: ovList("infrastructure-type-ov"),
      aliases: strList(),
      kill_chain_phases: killChainPhases(),
      first_seen: ts(),
      last_seen: ts(),
    },
    [seen()],
  ),
  "intrusion-set": sdo(
    {
      name: req(str()),
      description: str(),
      aliases: strList(),
      first_seen: ts(),
      last_seen: ts(),
      goals: strList(),
      resource_level: ov("attack-resource-level-ov"),
      primary_motivation: ov("attack-motivation-ov"),
      secondary_motivations: ovList("attack-motivation-ov"),
    },
    [seen()],
  ),
  location: sdo(
    {
      name: str(),
      description: str(),
      latitude: num(-90, 90),
      longitude: num(-180, 180),
      precision: num(0),
      region: ov("region-ov"),
      country: str(),
      administrative_area: str(),
      city: str(),
      street_address: str(),
      postal_code: str(),
    },
    [
      { kind: "one-of", props: ["region", "country", "latitude"] },
      { kind: "requires", prop: "latitude", needs: "longitude" },
      { kind: "requires", prop: "longitude", needs: "latitude" },
      { kind: "requires", prop: "precision", needs: "latitude" },
    ],
  ),
  malware: sdo(
    {
      name: str(),
      description: str(),
      malware_types: ovList("malware-type-ov"),
      is_family: req(bool()),
      aliases: strList(),
      kill_chain_phases: killChainPhases(),
      first_seen: ts(),
      last_seen: ts(),
      operating_system_refs: refs("software"),
      architecture_execution_envs: ovList("processor-architecture-ov"),
      implementation_languages: ovList("implementation-language-ov"),
      capabilities: ovList("malware-capabilities-ov"),
      sample_refs: refs("file", "artifact"),
    },
    [seen(), { kind: "required-when", flag: "is_family", value: true, prop: "name" }],
  ),
  "malware-analysis": sdo(
    {
      product: req(str()),
      version: str(),
      host_vm_ref: ref("software"),
      operating_system_ref: ref("software"),
      installed_software_refs: refs("software"),
      configuration_version: str(),
      modules: strList(),
      analysis_engine_version: str(),
      analysis_definition_version: str(),
      submitted: ts(),
      analysis_started: ts(),
      analysis_ended: ts(),
      result_name: str(),
      result: ov("malware-result-ov"),
      analysis_sco_refs: refs("SCO"),
      sample_ref: ref("file", "artifact", "network-traffic"),
    },
    [{ kind: "one-of", props: ["result", "analysis_sco_refs"] }],
  ),
  note: sdo({ abstract: str(), content: req(str()), authors: strList(), object_refs: req(refs("*")) }),
  "observed-data": sdo(
    {
      first_observed: req(ts()),
      last_observed: req(ts()),
      number_observed: req(int(1, 999_999_999)),
      // §4.14: `objects` is deprecated; checked as a dictionary of embedded SCOs.
      objects: { ...dict(), deprecated: true },
      object_refs: refs("SCO", "SRO"),
    },
    [
      { kind: "order", earlier: "first_observed", later: "last_observed", strict: false },
      { kind: "one-of", props: ["objects", "object_refs"] },
      { kind: "not-both", props: ["objects", "object_refs"] },
    ],
  ),
  opinion: sdo({
    explanation: str(),
    authors: strList(),
    opinion: req(en("opinion-enum")),
    object_refs: req(refs("*")),
  }),
  report: sdo({
    name: req(str()),
    description: str(),
    report_types: ovList("report-type-ov"),
    published: req(ts()),
    object_refs: req(refs("*")),
  }),
  "threat-actor": sdo(
    {
      name: req(str()),
      description: str(),
      threat_actor_types: ovList("threat-actor-type-ov"),
      aliases: strList(),
      first_seen: ts(),
      last_seen: ts(),
      roles: ovList("threat-actor-role-ov"),
      goals: strList(),
      sophistication: ov("threat-actor-sophistication-ov"),
      resource_level: ov("attack-resource-level-ov"),
      primary_motivation: ov("attack-motivation-ov"),
      secondary_motivations: ovList("attack-motivation-ov"),
      personal_motivations: ovList("attack-motivation-ov"),
    },
    [seen()],
  ),
  tool: sdo({
    name: req(str()),
    description: str(),
    tool_types: ovList("tool-type-ov"),
    aliases: strList(),
    kill_chain_phases: killChainPhases(),
    tool_version: str(),
  }),
  vulnerability: sdo({ name: req(str()), description: str() }),
  ...RELATIONSHIP_AND_META_SPECS,
};
