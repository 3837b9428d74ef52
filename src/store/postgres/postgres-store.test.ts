import { postgresSchema } from "../../testing/index.js";
import { runStoreCases } from "../areas.cases.js";
import { openPostgresStore } from "./postgres-store.js";

/** Each test gets its own schema `t_<random>`, selected through the connection's search_path and dropped after. */
runStoreCases("postgres", async (t) => {
  const schema = await postgresSchema(t);
  if (!schema) return null;
  return {
    location: { url: schema.url },
    open: (options) => openPostgresStore({ ...options, url: schema.url }),
    dispose: () => schema.drop(),
  };
});
