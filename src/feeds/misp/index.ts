/**
 * feeds/misp: MISP both ways. MISP event JSON (MISP and PyMISP exports, and MISP feeds) into
 * STIX 2.1, and STIX back out as a MISP feed; misp-galaxy cluster files as threat actors and
 * malware.
 */
export type { Comparison } from "./attribute-types.js";
export { MISP_CONNECTOR, type MispFeedConfig } from "./connector.js";
export type { MispConvertOptions, MispSummary } from "./convert-context.js";
export { emptyMispSummary } from "./convert-context.js";
export type { MispConversion } from "./event-to-stix.js";
export { mispEventToStix } from "./event-to-stix.js";
export type { MispFeedSource, MispFeedSummary } from "./feed-writer.js";
export { buildMispFeed, CATCH_ALL_SIZE, mispFeedFiles, writeMispFeed } from "./feed-writer.js";
export type { GalaxyClusterFile } from "./galaxies.js";
export { galaxyFileToStix, looksLikeGalaxyFile } from "./galaxies.js";
export { MISP_NAMESPACE, mispId } from "./ids.js";
export type { MispAttribute, MispEvent, MispObject, MispTag } from "./misp-event.js";
export { eventsOf, looksLikeMispEvent, MispFormatError } from "./misp-event.js";
export type { MispDocument } from "./read-file.js";
export {
  asStreamItems,
  looksLikeStixHead,
  MAX_MISP_BYTES,
  mispDocumentToStix,
  readHead,
  readWhole,
  sniffMisp,
} from "./read-file.js";
export type { MispPart } from "./stix-to-misp.js";
export { stixToMisp } from "./stix-to-misp.js";
export { storeFeedSource } from "./store-source.js";
export { tlpOfTag } from "./tags.js";
