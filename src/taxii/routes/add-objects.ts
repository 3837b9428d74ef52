import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { fromCatalog } from "../../errors/index.js";
import { t } from "../../i18n/index.js";
import { importItems } from "../../ingest/index.js";
import { readStixStream } from "../../stix/index.js";
import type { StatusDetail, StatusRecord } from "../../store/index.js";
import { API_ROOT_PATH, principalOf } from "../context.js";
import { TaxiiError } from "../errors.js";
import { renderStatus } from "../render.js";
import { ERROR_RESPONSES } from "../schemas.js";
import { requireCollection } from "./collection-access.js";
import { collectionParams } from "./collections.js";

/**
 * POST {api-root}/collections/{id}/objects/: an envelope through the one ingest path. The status
 * resource is stored first with every object pending, then completed with a success or a failure
 * per object (invalid objects fail, the rest are stored), so a crash leaves an honest record.
 */

function versionOf(value: unknown): string {
  if (value === null || typeof value !== "object") return "";
  const o = value as { modified?: unknown; created?: unknown };
  return typeof o.modified === "string" ? o.modified : typeof o.created === "string" ? o.created : "";
}

function idOf(value: unknown, index: number): string {
  const id = value !== null && typeof value === "object" ? (value as { id?: unknown }).id : undefined;
  return typeof id === "string" ? id.slice(0, 300) : `objects[${index}]`;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Registers POST objects/. */
export async function registerAddObjectsRoute(app: FastifyInstance): Promise<void> {
  app.post<{ Params: { collectionId: string }; Body: { objects?: unknown[] } }>(
    `${API_ROOT_PATH}collections/:collectionId/objects/`,
    {
      schema: {
        params: collectionParams,
        body: { $ref: "taxii-envelope#" },
        response: { 202: { $ref: "taxii-status#" }, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { collectionId } = request.params;
      await requireCollection(app, request, collectionId, "write");
      const principal = principalOf(request);
      const objects = request.body.objects ?? [];
      if (request.rawBody === null) throw new TaxiiError("TAXII_BAD_REQUEST", fromCatalog("errors:taxii.noEnvelope"));
      const pendings: StatusDetail[] = objects.map((o, i) => ({ id: idOf(o, i), version: versionOf(o) }));
      const requestTimestamp = new Date().toISOString();

      const failed = new Array<boolean>(objects.length).fill(false);
      const failures: StatusDetail[] = [];
      const conflicts = new Set<string>();
      await importItems(app.taxii.store, readStixStream(once(request.rawBody)), {
        ctx: { ...principal.write, source: "taxii" },
        source: "taxii",
        collectionId,
        onReject(rejection) {
          if (rejection.index < 0 || rejection.index >= objects.length) return; // store conflicts: see onStored
          const i = rejection.index;
          failed[i] = true;
          failures.push({
            id: pendings[i]?.id ?? `objects[${i}]`,
            version: pendings[i]?.version ?? "",
            // Each reason's message already names the object and the property ("<id> <path>: why").
            message: rejection.reasons.map((r) => r.message).join("; "),
          });
        },
        onStored(result) {
          if (result.outcome !== "conflict") return;
          conflicts.add(`${result.id}\u0000${result.versionKey}`);
          failures.push({
            id: result.id,
            version: result.versionKey,
            // In the caller's language: the request runs in it (see the host's first hook).
            message: t("errors:taxii.conflict"),
          });
        },
      });
      // Everything neither rejected nor in conflict was stored (or was already stored: the same
      // object, whatever the spelling of its instants).
      const successes: StatusDetail[] = [];
      for (let i = 0; i < objects.length; i++) {
        const p = pendings[i] as StatusDetail;
        if (!failed[i] && !conflicts.has(`${p.id}\u0000${p.version}`)) successes.push(p);
      }
      // Stored once, complete: the envelope is stored before the answer, and nobody can ask for a
      // status before the answer names it, so a "pending" record written first was never read.
      // It was a third write transaction per POST, queued behind other writers' batches.
      const done: StatusRecord = {
        id: randomUUID(),
        ownerUser: principal.user.id,
        ownerOrg: principal.user.orgId,
        status: "complete",
        requestTimestamp,
        totalCount: objects.length,
        successes,
        failures,
        pendings: [],
      };
      await app.taxii.store.directory.putStatus(done);
      return reply.code(202).send(renderStatus(done));
    },
  );
}
