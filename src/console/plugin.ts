import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Principal } from "../access/index.js";
import type { Store } from "../store/index.js";
import { readCookie, SESSION_COOKIE } from "./cookie.js";
import { ConsoleError } from "./errors.js";
import { registerSessionRoutes } from "./session-routes.js";
import type { Sessions } from "./sessions.js";
import { DEFAULT_DIST_DIR, registerStatic } from "./static.js";

/**
 * The web console as a plugin of the HTTP host: the session routes at /api/v1/session, the
 * built React console at / with its page fallback, and the session cookie as one more way to
 * sign in on every route (the host tries `signIn` before the Authorization header).
 */

/** Options of the console plugin. */
export interface ConsolePluginOptions {
  store: Store;
  sessions: Sessions;
  /** Folder of the built console (default web/dist of this project). */
  distDir?: string;
}

/** Path of the session resource. */
export const SESSION_PATH = "/api/v1/session";

/** The plugin as the host mounts it: `createServer({ plugins: [..., consolePlugin({ store, sessions })] })`. */
export function consolePlugin(options: ConsolePluginOptions) {
  return {
    name: "console",
    prefix: "/",
    async register(app: FastifyInstance): Promise<void> {
      await app.register(registerSessionRoutes, {
        store: options.store,
        sessions: options.sessions,
        prefix: SESSION_PATH,
      });
      await app.register(async (files) => registerStatic(files, options.distDir ?? DEFAULT_DIST_DIR));
    },
    async signIn(request: FastifyRequest): Promise<Principal | null> {
      const principal = await options.sessions.principal(request);
      if (principal || !readCookie(request.headers.cookie, SESSION_COOKIE)) return principal;
      // A browser that still sends a session the server no longer accepts must get the console's
      // own 401, not the host's Basic challenge: that would open the browser's password prompt
      // over the page instead of the console's sign-in.
      throw new ConsoleError("CONSOLE_SESSION_ENDED");
    },
  };
}
