import type { FastifyInstance, FastifyRequest } from "fastify";
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
      `no collection "${collectionId.slice(0, 100)}" that you may use; list them at collections/`,
    );
  }
  if (need === "read" && !rights.read) {
    throw new TaxiiError(
      "TAXII_FORBIDDEN",
      `you may not read collection "${collectionId}"; ask its administrator for a read grant`,
    );
  }
  if (need === "write" && !rights.write) {
    throw new TaxiiError(
      "TAXII_FORBIDDEN",
      `collection "${collectionId}" is read-only for you; ask its administrator for a write grant`,
    );
  }
  return { collection, rights };
}
