import { statement } from "../backend.js";
import type { Directory } from "./contract.js";
import { audit, type DirectoryKit } from "./rows.js";

/** Server settings. */
export type Settings = Pick<Directory, "ensureSetting" | "getSetting" | "putSetting">;

/** The settings methods of the directory. */
export function settingMethods({ db, run, now }: DirectoryKit): Settings {
  const select = (name: string) => db.selectFrom("settings").select("value").where("name", "=", name);
  return {
    async ensureSetting(actor, name, value) {
      const found = await select(name).executeTakeFirst();
      if (found) return found.value;
      return run(function* () {
        // When processes race, the first insert wins and the others read it back in their transaction.
        yield statement(
          db
            .insertInto("settings")
            .values({ name, value, created: now() })
            .onConflict((oc) => oc.column("name").doNothing()),
        );
        const [row] = yield statement(select(name));
        const stored = String(row?.value);
        // The name only: values may be secrets.
        if (stored === value) yield audit(db, actor, "setting.create", name, {});
        return stored;
      });
    },
    async getSetting(name) {
      const found = await select(name).executeTakeFirst();
      return found ? String(found.value) : null;
    },
    async putSetting(actor, name, value) {
      await run(function* () {
        yield statement(
          db
            .insertInto("settings")
            .values({ name, value, created: now() })
            .onConflict((oc) => oc.column("name").doUpdateSet({ value })),
        );
        yield audit(db, actor, "setting.update", name, {});
      });
    },
  };
}
