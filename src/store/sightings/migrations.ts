import { statement } from "../backend.js";
import type { AreaMigrations } from "../migration.js";

/** The sightings area's migrations, in its block 60–79. Append only. */
export const SIGHTINGS_MIGRATIONS: AreaMigrations = {
  area: "sightings",
  block: [60, 79],
  migrations: [
    {
      version: 60,
      name: "sightings: matching events per organization and indicator",
      statements: (db) => [
        statement(
          db.schema
            .createTable("sighting_events")
            .addColumn("org_id", "text", (c) => c.notNull())
            .addColumn("indicator_id", "text", (c) => c.notNull())
            .addColumn("event", "text", (c) => c.notNull())
            .addColumn("ts", "text")
            .addColumn("src", "text")
            .addColumn("dst", "text")
            .addPrimaryKeyConstraint("sighting_events_pk", ["org_id", "indicator_id", "event"]),
        ),
      ],
    },
  ],
};
