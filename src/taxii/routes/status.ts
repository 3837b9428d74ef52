import type { FastifyInstance } from "fastify";
import { mayReadStatus } from "../../access/index.js";
import { fromCatalog } from "../../errors/index.js";
import { API_ROOT_PATH, principalOf } from "../context.js";
import { TaxiiError } from "../errors.js";
import { renderStatus } from "../render.js";
import { ERROR_RESPONSES } from "../schemas.js";

/**
 * GET {api-root}/status/{id}/: the status of a POSTed envelope. Only the user who posted it, an
 * administrator, or a member of the poster's organization sees it; to anyone else it does not exist.
 */
export async function registerStatusRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: { statusId: string } }>(
    `${API_ROOT_PATH}status/:statusId/`,
    {
      schema: {
        params: {
          type: "object",
          properties: { statusId: { type: "string", minLength: 1, maxLength: 100 } },
          required: ["statusId"],
        },
        response: { 200: { $ref: "taxii-status#" }, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const status = await app.taxii.store.directory.getStatus(request.params.statusId);
      const mine = status !== null && mayReadStatus(principal, status);
      if (!status || !mine) {
        throw new TaxiiError(
          "TAXII_STATUS_NOT_FOUND",
          fromCatalog("errors:taxii.noStatus", { id: request.params.statusId.slice(0, 100) }),
        );
      }
      return renderStatus(status);
    },
  );
}
