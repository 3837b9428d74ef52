import type { FastifyInstance, FastifyRequest } from "fastify";
import { API_ROOT_PATH, DISCOVERY_PATH } from "../context.js";

/** The absolute URL of a path on this server, as the request reached it. */
export function absoluteUrl(request: FastifyRequest, path: string): string {
  return `${request.protocol}://${request.host}${path}`;
}

/** GET /taxii2/: the discovery resource, the one resource that needs no credentials. */
export async function registerDiscoveryRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    DISCOVERY_PATH,
    {
      config: { public: true },
      schema: {
        response: {
          200: {
            type: "object",
            properties: {
              title: { type: "string" },
              description: { type: "string" },
              default: { type: "string" },
              api_roots: { type: "array", items: { type: "string" } },
            },
            required: ["title"],
          },
          "4xx": { $ref: "taxii-error#" },
        },
      },
    },
    async (request) => {
      const root = absoluteUrl(request, API_ROOT_PATH);
      return {
        title: app.taxii.title,
        description: "TAXII 2.1 server of Centinela; TLP 2.0 is enforced on every read",
        default: root,
        api_roots: [root],
      };
    },
  );
}
