import { CENTINELA_STIX_NAMESPACE, type StixObject, uuidV5 } from "../stix/index.js";
import { SharingError } from "./errors.js";
import type { ScrubLabels } from "./scrub.js";

/**
 * The named anonymization policies of `push --anonymize NAME` and of a destination. Each says
 * which generic identity replaces the sender as `created_by_ref` (its id is derived, so every
 * push under the policy names the same one), whether custom `x_` properties may leave, and the
 * placeholders free text gets. What every policy does alike is in anonymize.ts.
 *
 *   ais            CISA AIS's default ("ais-consent-none"): one identity for every sender
 *                  ("Anonymous submitter"), custom properties dropped, English placeholders.
 *   pseudonymous   a partner may tell two pushes of the same sender apart without knowing who
 *                  it is: one identity per sender organization, derived from its id; custom
 *                  properties kept (scrubbed); Spanish placeholders, for Mexican partners.
 */

/** One anonymization policy. */
export interface AnonymizationPolicy {
  name: string;
  /** What it is for, in a few words (for `outbox policies`). */
  summary: string;
  /** The identity that replaces the sender's, for the sender organization `orgId`. */
  identity(orgId: string, created: string): StixObject;
  /** Drop `x_` custom properties (true) or keep them scrubbed (false). */
  dropCustom: boolean;
  labels: ScrubLabels;
}

function genericIdentity(key: string, name: string, created: string): StixObject {
  return {
    type: "identity",
    spec_version: "2.1",
    id: `identity--${uuidV5(CENTINELA_STIX_NAMESPACE, `anonymous-identity|${key}`)}`,
    created,
    modified: created,
    name,
    identity_class: "organization",
  };
}

/** Every policy, by name. */
export const POLICIES: Readonly<Record<string, AnonymizationPolicy>> = {
  ais: {
    name: "ais",
    summary: "CISA AIS default: one anonymous submitter for everyone, custom properties dropped",
    // A fixed instant: the identity is one object with one version, whoever pushes it.
    identity: () => genericIdentity("ais", "Anonymous submitter", "2026-01-01T00:00:00.000Z"),
    dropCustom: true,
    labels: {
      orgName: "[organization]",
      email: "[email]",
      internalHost: "[internal host]",
      internalAddress: "[internal address]",
    },
  },
  pseudonymous: {
    name: "pseudonymous",
    summary: "one stable pseudonym per sender organization, custom properties kept and scrubbed",
    identity: (orgId) => genericIdentity(`org|${orgId}`, "Remitente anónimo", "2026-01-01T00:00:00.000Z"),
    dropCustom: false,
    labels: {
      orgName: "[organización]",
      email: "[correo]",
      internalHost: "[host interno]",
      internalAddress: "[dirección interna]",
    },
  },
};

/** The names of every policy, sorted. */
export const POLICY_NAMES: readonly string[] = Object.keys(POLICIES).sort();

/** The policy called `name`; SHARING_UNKNOWN_POLICY naming the known ones otherwise. */
export function policyNamed(name: string): AnonymizationPolicy {
  const policy = Object.hasOwn(POLICIES, name) ? POLICIES[name] : undefined;
  if (policy === undefined) throw new SharingError("SHARING_UNKNOWN_POLICY", { name, known: POLICY_NAMES.join(", ") });
  return policy;
}
