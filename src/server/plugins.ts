import { apiPlugin } from "../api/index.js";
import type { Store } from "../store/index.js";
import { taxiiPlugin } from "../taxii/index.js";
import type { ServerPlugin } from "./server.js";

/** Options of the plugins every Centinela server mounts. */
export interface DefaultPluginOptions {
  store: Store;
  /** Key that seals TAXII `next` values (see resolveCursorSecret); random per start when absent. */
  cursorSecret?: Buffer;
  /** TAXII objects per page when the client gives no limit (default 100) and at most (default 1,000). */
  defaultLimit?: number;
  maxLimit?: number;
}

/** The plugins of a Centinela server: TAXII 2.1 at /taxii2 and the REST API at /api/v1. */
export function defaultPlugins(options: DefaultPluginOptions): ServerPlugin[] {
  return [
    taxiiPlugin({
      store: options.store,
      ...(options.cursorSecret ? { cursorSecret: options.cursorSecret } : {}),
      ...(options.defaultLimit ? { defaultLimit: options.defaultLimit } : {}),
      ...(options.maxLimit ? { maxLimit: options.maxLimit } : {}),
    }),
    apiPlugin({ store: options.store }),
  ];
}
