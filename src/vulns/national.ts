import { SECTORS, type Sector } from "../assets/index.js";
import { CATALOGS, foldText, type MxState } from "../i18n/index.js";
import type { Store } from "../store/index.js";
import type { ActionItem } from "./action-item.js";

/**
 * The national action list as the national CSIRT reads it: every line with the organization it
 * belongs to, that organization's sector and state, and filters on the three. Organizations are
 * named as people write them (accents and capitals aside), states by ISO code or name ("CDMX",
 * "Nuevo Leon"), sectors by their id or their name in Spanish or English ("energía").
 */

/** Who a line of the national list belongs to. `sector`/`state` are null until the organization's profile is set. */
export interface LineOrganization {
  id: string;
  name: string;
  sector: Sector | null;
  state: MxState | null;
}

/** A line of the national list. */
export interface NationalLine extends ActionItem {
  organization: LineOrganization | null;
}

/** Which lines the national list keeps; every given criterion must hold. */
export interface NationalFilter {
  sector?: Sector;
  state?: MxState;
  /** Organization ids (see matchOrganizations). */
  orgIds?: ReadonlySet<string>;
}

/** Every organization with its sector and state, by id. */
export async function loadLineOrganizations(store: Store): Promise<Map<string, LineOrganization>> {
  const out = new Map<string, LineOrganization>();
  for (const org of await store.directory.listOrganizations()) {
    const profile = await store.inventory.getOrgProfile(org.id);
    out.set(org.id, {
      id: org.id,
      name: org.name,
      sector: (profile?.sector as Sector | undefined) ?? null,
      state: (profile?.state as MxState | undefined) ?? null,
    });
  }
  return out;
}

/** The lines with their organization, those the filter keeps, in their ranked order. */
export function nationalLines(
  items: readonly ActionItem[],
  orgs: ReadonlyMap<string, LineOrganization>,
  filter: NationalFilter = {},
): NationalLine[] {
  const out: NationalLine[] = [];
  for (const item of items) {
    const organization = (item.organizationId && orgs.get(item.organizationId)) || null;
    if (filter.sector && organization?.sector !== filter.sector) continue;
    if (filter.state && organization?.state !== filter.state) continue;
    if (filter.orgIds && !(organization && filter.orgIds.has(organization.id))) continue;
    out.push({ ...item, organization });
  }
  return out;
}

/**
 * The organizations a person meant by `wanted`: its id, or the one whose name equals it once
 * accents, capitals and spacing are set aside, else every one whose name contains it ("CFE" for
 * "CFE Occidente" and "CFE Noreste"). An empty set when none does.
 */
export function matchOrganizations(orgs: Iterable<LineOrganization>, wanted: string): Set<string> {
  const all = [...orgs];
  const byId = all.find((o) => o.id === wanted);
  if (byId) return new Set([byId.id]);
  const key = foldText(wanted);
  const equal = all.filter((o) => foldText(o.name) === key);
  if (equal.length > 0) return new Set(equal.map((o) => o.id));
  return new Set(all.filter((o) => key !== "" && foldText(o.name).includes(key)).map((o) => o.id));
}

/** A sector from its id or its name in either language ("energía", "Energy", "telecomunicaciones"); null when none. */
export function parseSector(text: string): Sector | null {
  const key = foldText(text).replace(/[\s_]+/g, "-");
  for (const sector of SECTORS) {
    if (key === sector) return sector;
    for (const catalog of Object.values(CATALOGS)) {
      if (foldText(catalog.exposure.sector[sector]).replace(/\s+/g, "-") === key) return sector;
    }
  }
  return null;
}
