import { readSource, readSourceHead, SourcesError } from "../../sources/index.js";
import type { StixObject, StixStreamItem } from "../../stix/index.js";
import type { MispConvertOptions, MispSummary } from "./convert-context.js";
import { emptyMispSummary } from "./convert-context.js";
import { mispEventToStix } from "./event-to-stix.js";
import { type GalaxyClusterFile, galaxyFileToStix, looksLikeGalaxyFile } from "./galaxies.js";
import { eventsOf, looksLikeMispEvent, MispFormatError } from "./misp-event.js";

/**
 * Telling MISP documents from STIX ones, and turning them into the items the ingest path reads.
 * A MISP event or galaxy file is one JSON document, read whole (MISP writes no streamable form);
 * files larger than MAX_MISP_BYTES are left to the STIX reader, which says what is wrong.
 */

/** The largest MISP document read whole. */
export const MAX_MISP_BYTES = 512 * 1024 * 1024;

/** A MISP document found in a file. */
export type MispDocument =
  | { kind: "events"; document: unknown }
  | { kind: "galaxy"; file: GalaxyClusterFile }
  | { kind: "not-misp"; reason: string };

/** The decompressed text of a file (gzip or plain), or null when it is larger than `limit`. */
export async function readWhole(path: string, limit = MAX_MISP_BYTES): Promise<string | null> {
  try {
    return (await readSource(path, { maxBytes: limit })).text;
  } catch (error) {
    if (error instanceof SourcesError && error.code === "SOURCE_TOO_LARGE") return null;
    throw error;
  }
}

/** The first bytes (decompressed) of a file, for telling its format. */
export function readHead(path: string, bytes = 4096): Promise<string> {
  return readSourceHead(path, bytes);
}

/** True when the start of a file shows a STIX document, so it need not be read whole to tell. */
export function looksLikeStixHead(head: string): boolean {
  return STIX_HEAD.test(head);
}

// The start of a STIX document: a bundle, or an object naming its spec_version early.
const STIX_HEAD = /"type"\s*:\s*"bundle"|"spec_version"\s*:/;

/**
 * Whether the text of a file is a MISP event export (`{"Event": …}`, bare, or a REST search
 * answer) or a misp-galaxy cluster file; `forced` (from `--misp`) says why when it is neither.
 */
export function sniffMisp(text: string, forced: boolean): MispDocument {
  if (!forced && STIX_HEAD.test(text.slice(0, 4096))) return { kind: "not-misp", reason: "a STIX document" };
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { kind: "not-misp", reason: `not JSON: ${(error as Error).message}` };
  }
  if (looksLikeGalaxyFile(document)) return { kind: "galaxy", file: document };
  if (looksLikeMispEvent(document) || forced) return { kind: "events", document };
  return { kind: "not-misp", reason: "neither a MISP event nor a misp-galaxy cluster file" };
}

/** The STIX objects of a MISP document, with the counts of what became of its content. */
export function mispDocumentToStix(
  doc: Exclude<MispDocument, { kind: "not-misp" }>,
  options: MispConvertOptions = {},
  summary: MispSummary = emptyMispSummary(),
): { objects: StixObject[]; summary: MispSummary; galaxySkipped: string[] } {
  if (doc.kind === "galaxy") {
    const { objects, skipped } = galaxyFileToStix(doc.file);
    summary.otherObjects += objects.length;
    return { objects, summary, galaxySkipped: skipped };
  }
  const objects: StixObject[] = [];
  for (const event of eventsOf(doc.document)) objects.push(...mispEventToStix(event, options, summary).objects);
  return { objects, summary, galaxySkipped: [] };
}

/** The objects as items of the stream reader, numbered in order, so ingest treats them as any input. */
export async function* asStreamItems(objects: readonly StixObject[]): AsyncGenerator<StixStreamItem> {
  let index = 0;
  for (const object of objects) {
    yield { kind: "object", raw: JSON.stringify(object), index: index++, offset: 0, line: 0 };
  }
}

export { MispFormatError };
