/**
 * sources: opening what a user points at — a file, a folder of files, an http(s) URL or standard
 * input, gzip or plain (told by its magic bytes) — with a size limit and a progress callback, and
 * one SourcesError for every way that fails. Every importer and feed kind reads through it.
 */
export { SOURCES_CODES, type SourcesCode, SourcesError } from "./errors.js";
export {
  isUrl,
  type OpenedSource,
  openSource,
  type SourceOptions,
  type SourceOrigin,
  type SourceProgress,
} from "./open-source.js";
export {
  type ListOptions,
  listSource,
  MAX_SOURCE_BYTES,
  readSource,
  readSourceHead,
  type SourceDocument,
} from "./read-source.js";
