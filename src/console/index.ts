/**
 * console: the web console on the server — sign-in with a session cookie (the same users, roles
 * and password checks as TAXII and the API), and the React console built from web/ served at /.
 */
export { readCookie, SESSION_COOKIE, sessionCookie } from "./cookie.js";
export { CONSOLE_CODES, type ConsoleCode, ConsoleError } from "./errors.js";
export { type ConsolePluginOptions, consolePlugin, SESSION_PATH } from "./plugin.js";
export {
  createSessions,
  type IssuedSession,
  SESSION_KEY_SETTING,
  SESSION_TTL_SECONDS,
  type Sessions,
} from "./sessions.js";
export { DEFAULT_DIST_DIR } from "./static.js";
