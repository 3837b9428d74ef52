import { ATTACK_CONNECTOR } from "./attack/index.js";
import type { Connector } from "./contract.js";
import { EPSS_CONNECTOR } from "./epss/index.js";
import { feedsError } from "./errors.js";
import { KEV_CONNECTOR } from "./kev/index.js";
import { LIST_CONNECTOR } from "./list/connector.js";
import { MISP_CONNECTOR } from "./misp/connector.js";
import { NVD_CONNECTOR } from "./nvd/index.js";
import { TAXII_CONNECTOR } from "./taxii/index.js";
import { WARNINGLISTS_CONNECTOR } from "./warninglists/index.js";

/** A connector as the runner holds it: its config is the JSON the same connector made at add time. */
export type AnyConnector = Connector<Record<string, unknown>>;

/** The one place a connector's config type is forgotten: the store gives back what `configure` returned. */
function entry<C>(connector: Connector<C>): AnyConnector {
  return connector as unknown as AnyConnector;
}

/**
 * Every feed kind, one line each: a new kind is a folder under feeds/ and a line here. The store
 * keeps any kind's row as it is and the CLI reads kinds and their options from this table, so
 * neither changes.
 */
const CONNECTORS: readonly AnyConnector[] = [
  entry(TAXII_CONNECTOR),
  entry(KEV_CONNECTOR),
  entry(NVD_CONNECTOR),
  entry(EPSS_CONNECTOR),
  entry(MISP_CONNECTOR),
  entry(LIST_CONNECTOR),
  entry(ATTACK_CONNECTOR),
  entry(WARNINGLISTS_CONNECTOR),
];

/** The kinds, in the order `feeds add --help` lists them. */
export function feedKinds(): string[] {
  return CONNECTORS.map((c) => c.kind);
}

/** Every connector. */
export function connectors(): readonly AnyConnector[] {
  return CONNECTORS;
}

/** The connector of `kind`; FEED_UNKNOWN_KIND naming the kinds there are otherwise. */
export function connectorFor(kind: string): AnyConnector {
  const found = connectors().find((c) => c.kind === kind);
  if (!found) throw feedsError("FEED_UNKNOWN_KIND", "feeds:unknownKind", { kind, known: feedKinds().join(", ") });
  return found;
}
