/**
 * errors: the one factory every module's `errors.ts` builds its error class with (a table of
 * code → HTTP status and message template or catalog key), and the shape of a rejected batch
 * item. Low in the graph: it imports only i18n (for messages in the reader's language), and
 * everything may import it.
 */
export {
  CatalogMessage,
  CodedError,
  type CodedErrorOptions,
  type CodeSpec,
  defineErrors,
  errorMessageIn,
  errorTitleIn,
  fillTemplate,
  fromCatalog,
  type ModuleErrorClass,
  type RejectedItem,
} from "./coded-error.js";
export { PROBLEM_SCHEMA } from "./problem-schema.js";
