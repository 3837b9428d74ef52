import type { FastifyInstance, FastifyRequest } from "fastify";
import { fromCatalog } from "../../errors/index.js";
import type { Collection } from "../../store/index.js";
import { principalOf } from "../context.js";
import { TaxiiError } from "../errors.js";
import type { Rights } from "../grants.js";

/**
 * The collection a request names, checked against the caller's rights. A collection the caller
 * can neither read nor write is "not found", exactly like one that does not exist.
 */
export async function requireCollection(
  app: FastifyInstance,
  request: FastifyRequest,
  collectionId: string,
  need: "read" | "write" | "any",
): Promise<{ collection: Collection; rights: Rights }> {
  const principal = principalOf(request);
  const [collection, rights] = await Promise.all([
    app.taxii.access.collection(collectionId),
    app.taxii.access.rights(principal, collectionId),
  ]);
  if (!collection || (!rights.read && !rights.write)) {
    throw new TaxiiError(
      "TAXII_COLLECTION_NOT_FOUND",
      fromCatalog("errors:taxii.noCollection", { id: collectionId.slice(0, 100) }),
    );
  }
  if (need === "read" && !rights.read) {
    throw new TaxiiError("TAXII_FORBIDDEN", fromCatalog("errors:taxii.noRead", { id: collectionId.slice(0, 100) }));
  }
  if (need === "write" && !rights.write) {
    throw new TaxiiError("TAXII_FORBIDDEN", fromCatalog("errors:taxii.readOnly", { id: collectionId.slice(0, 100) }));
  }
  return { collection, rights };
}
