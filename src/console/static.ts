import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { fromCatalog } from "../errors/index.js";
import { ConsoleError } from "./errors.js";

/**
 * The console's static files (web/dist, built by `npm install`): hashed assets cached for a year,
 * index.html never cached, and every other GET that is not the API's or TAXII's answered with
 * index.html, so a page's address (/activos, /inteligencia/…) opens the console at that page.
 * Only the files found in the folder at start are served, by their exact path.
 */

/** Where `npm run build -w web` puts the console. */
export const DEFAULT_DIST_DIR = fileURLToPath(new URL("../../web/dist/", import.meta.url));

/**
 * Everything the page may load comes from this server: no CDN, no inline script, no framing.
 * (React sets style through the DOM, which style-src does not govern.)
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Paths that belong to other parts of the server: an unknown one is a 404, never the console. */
const NOT_CONSOLE = /^\/(api|taxii2)(\/|$)/;

function filesOf(dir: string): Set<string> {
  const out = new Set<string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else out.add(`/${relative(dir, path).split("\\").join("/")}`);
    }
  };
  walk(dir);
  return out;
}

/** Registers the static files of `distDir` and the page fallback (public routes: no sign-in). */
export async function registerStatic(app: FastifyInstance, distDir: string): Promise<void> {
  const built = existsSync(join(distDir, "index.html"));
  const files = built ? filesOf(distDir) : new Set<string>();
  // Only reply.sendFile: the routes are ours, so they can be public and fall back to the page.
  await app.register(fastifyStatic, { root: distDir, serve: false });
  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (NOT_CONSOLE.test(path)) {
      throw new ConsoleError(
        "CONSOLE_NOT_FOUND",
        fromCatalog("errors:server.nothingAt", { method: request.method, path: path.slice(0, 200) }),
      );
    }
    if (!built) {
      throw new ConsoleError(
        "CONSOLE_NOT_BUILT",
        `the console is not built (no ${join(distDir, "index.html")}); run \`npm install\` or \`npm run build -w web\` in the project folder`,
      );
    }
    reply.header("x-content-type-options", "nosniff");
    if (path !== "/index.html" && files.has(path)) {
      // Vite names every asset by its content hash: a changed file is a new name.
      reply.header("cache-control", path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
      return reply.sendFile(path.slice(1), { cacheControl: false });
    }
    return reply
      .header("content-security-policy", CSP)
      .header("referrer-policy", "same-origin")
      .header("cache-control", "no-cache")
      .sendFile("index.html", { cacheControl: false });
  };
  const open = { config: { public: true } };
  app.get("/", open, page);
  app.get("/*", open, page);
}
