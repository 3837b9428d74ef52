/**
 * sharing: what leaves for a partner and how — the free-text scrubber (also used by anonymized
 * incident reports), the named anonymization policies for STIX objects pushed to a partner
 * (`push --anonymize ais`), and the check of outgoing objects against the rules of CISA AIS's
 * STIX 2.1 profile that Centinela knows. Pure functions over STIX objects: the outbox that holds
 * them for review is the store's `outbox` area.
 */

export { checkAisProfile, type ProfileIssue } from "./ais-profile.js";
export { type AnonymizedObjects, anonymizeObjects, type ObjectChange, type SenderContext } from "./anonymize.js";
export { SHARING_CODES, SharingError, type SharingErrorCode } from "./errors.js";
export { type Decision, decideItem, type PushRequest, queuePush, senderContext } from "./outbox.js";
export { type AnonymizationPolicy, POLICIES, POLICY_NAMES, policyNamed } from "./policies.js";
export {
  isInternalAddress,
  isInternalHost,
  isPrivateV4,
  isPrivateV6,
  type KnownTerm,
  leaksIn,
  type Redaction,
  type RedactionRule,
  type ScrubLabels,
  type ScrubTerms,
  scrubText,
} from "./scrub.js";
