/**
 * errors: the one factory every module's `errors.ts` builds its error class with (a table of
 * code → HTTP status and message template), and the shape of a rejected batch item. The lowest
 * module of all: it imports nothing, and everything may import it.
 */
export {
  CodedError,
  type CodedErrorOptions,
  type CodeSpec,
  defineErrors,
  fillTemplate,
  type ModuleErrorClass,
  type RejectedItem,
} from "./coded-error.js";
export { PROBLEM_SCHEMA } from "./problem-schema.js";
