import { type Backend, statement } from "../backend.js";
import { audit } from "../directory/rows.js";
import { requireOrg } from "../inventory/upsert.js";
import type { IncidentSettingsStore } from "./contract.js";

/** The incidents area over a Backend, the same for SQLite and PostgreSQL. */

/** Creates the incidents area of a backend. */
export function createIncidentSettings(backend: Backend): IncidentSettingsStore {
  const db = backend.db;
  return {
    async getReporting(orgId) {
      const row = await db.selectFrom("inc_reporting").selectAll().where("org_id", "=", orgId).executeTakeFirst();
      if (!row) return null;
      const submitTo =
        row.submit_api_root && row.submit_collection
          ? { apiRoot: row.submit_api_root, collection: row.submit_collection }
          : null;
      return { orgId: row.org_id, regime: row.regime, timeZone: row.time_zone, submitTo, updated: row.updated };
    },
    async setReporting(actor, input) {
      const values = {
        regime: input.regime,
        time_zone: input.timeZone,
        submit_api_root: input.submitTo?.apiRoot ?? null,
        submit_collection: input.submitTo?.collection ?? null,
        updated: new Date().toISOString(),
      };
      await backend.runWrite(function* () {
        yield* requireOrg(db, input.orgId);
        yield statement(
          db
            .insertInto("inc_reporting")
            .values({ org_id: input.orgId, ...values })
            .onConflict((oc) => oc.column("org_id").doUpdateSet(values)),
        );
        yield audit(db, actor, "org.reporting", input.orgId, {
          regime: input.regime,
          time_zone: input.timeZone,
          submit_to: input.submitTo,
        });
      });
      return { ...input, submitTo: input.submitTo ?? null, updated: values.updated };
    },
  };
}
