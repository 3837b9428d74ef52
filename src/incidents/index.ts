/**
 * incidents: incident reports as STIX 2.1 (Incident Core, Event and Impact extensions, validated
 * against OASIS's schemas), the workflow, deadline clocks per reporting regime, stage reports,
 * anonymization for sharing up, and the national picture by sector, state, week, type and actor.
 */
export { type ActorGalaxy, findActor, loadActorGalaxy } from "./actors.js";
export { findStoredActor } from "./actors-store.js";
export { type Anonymized, anonymize, anonymizedStix, type Redaction } from "./anonymize.js";
export {
  type ClockFacts,
  type ClockState,
  computeClocks,
  describeClock,
  formatDuration,
  type StageClock,
} from "./deadlines.js";
export { INCIDENT_CODES, IncidentError, type IncidentErrorCode, suggest } from "./errors.js";
export { checkIncidentExtensions, type SchemaProblem } from "./extension-schemas.js";
export { type IncidentsPluginOptions, incidentsPlugin } from "./http/plugin.js";
export { callerActor, type IncidentsApi, requestLocale } from "./http/request.js";
export {
  type CheckedReport,
  checkReport,
  DEFAULT_TIME_ZONE,
  type ReportInput,
  readIncidentType,
  readInteger,
  readPastTime,
  readState,
} from "./input.js";
export { type Lang, langOf, sectorName, type Text, textIn } from "./lang.js";
export {
  type Bucket,
  buildPicture,
  incidentVisibility,
  isoWeek,
  type NationalPicture,
  type PictureExposure,
  type PictureIncident,
  type PictureRow,
  type PictureSighting,
  type Visibility,
} from "./national.js";
export { nationalPictureFor, type PictureOptions } from "./national-store.js";
export {
  actorOf,
  type IncidentActor,
  type IncidentComment,
  loadComments,
  loadIncident,
  loadIncidents,
  operatorFor,
  resolveAssets,
  resolveOrg,
} from "./persist.js";
export {
  MX_APF_CRITICAL,
  MX_APF_SERIOUS,
  parseRegime,
  REGIME_STAGES,
  REGIMES,
  type RegimeId,
  type ReportField,
  type StageDef,
  stageOf,
} from "./regimes.js";
export { stageReportHtml } from "./report-html.js";
export {
  type PartnerCollection,
  type ReportingDefaults,
  reportingDefaults,
  setReportingDefaults,
} from "./reporting.js";
export {
  anonymousCopyId,
  clocksOf,
  exportBundle,
  type IncidentPatch,
  planSubmission,
  type ReportRequest,
  recordSubmission,
  reportIncident,
  type SubmissionPlan,
  submitToHub,
  updateIncident,
} from "./service.js";
export {
  assetInfrastructureId,
  CENTINELA_PROP,
  EVENT_EXT,
  IMPACT_EXT,
  INCIDENT_CORE_EXT,
  incidentFromStix,
  incidentToStix,
  orgIdentityId,
  relationshipId,
} from "./stix-objects.js";
export * from "./types.js";
export { DETERMINATION_NAMES, INCIDENT_TYPE_NAMES, nameOf, RECOVERABILITY_NAMES } from "./vocabulary.js";
export { checkTransition, type IncidentStatus, nextStatuses, parseStatus, STATUS_NAMES, STATUSES } from "./workflow.js";
export { addCalendarMonths, checkTimeZone, formatLocal, isTimeZone, parseTime, stixTime } from "./zoned-time.js";
