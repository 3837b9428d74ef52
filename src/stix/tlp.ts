import type { StixObject, TlpLevel } from "./types.js";

/**
 * TLP marking definitions. TLP 2.0 ids are those of the OASIS TLP 2.0 extension
 * definitions; TLP 1.0 ids are those in STIX 2.1 §7.2.1.4, which map onto 2.0 (WHITE → CLEAR).
 */
export const TLP_MARKING_IDS: Readonly<Record<TlpLevel, string>> = {
  clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
  green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
  amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
  "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
  red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
};

/** TLP 1.0 marking-definition ids of STIX 2.1 §7.2.1.4 and the TLP 2.0 level each maps to. */
export const TLP1_MARKING_IDS: Readonly<Record<string, TlpLevel>> = {
  "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "clear",
  "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "green",
  "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "amber",
  "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "red",
};

const LEVEL_BY_ID = new Map<string, TlpLevel>();
for (const [level, id] of Object.entries(TLP_MARKING_IDS)) LEVEL_BY_ID.set(id, level as TlpLevel);
for (const [id, level] of Object.entries(TLP1_MARKING_IDS)) LEVEL_BY_ID.set(id, level);

const RANK: Readonly<Record<TlpLevel, number>> = { clear: 0, green: 1, amber: 2, "amber+strict": 3, red: 4 };

/** The TLP level a marking-definition id stands for, or null for any other marking. */
export function tlpLevelOfMarking(markingId: string): TlpLevel | null {
  return LEVEL_BY_ID.get(markingId) ?? null;
}

/**
 * The TLP level that governs an object: the most restrictive TLP marking among its
 * `object_marking_refs`, or null when it carries none (the store then applies its default).
 */
export function tlpOf(object: Pick<StixObject, "object_marking_refs">): TlpLevel | null {
  const refs = object.object_marking_refs;
  if (!Array.isArray(refs)) return null;
  let found: TlpLevel | null = null;
  for (const ref of refs) {
    if (typeof ref !== "string") continue;
    const level = LEVEL_BY_ID.get(ref);
    if (level !== undefined && (found === null || RANK[level] > RANK[found])) found = level;
  }
  return found;
}

/** The TLP 2.0 marking-definition objects, as published with the TLP 2.0 extension. */
export function tlpMarkingDefinition(level: TlpLevel): StixObject {
  const name = `TLP:${level.toUpperCase()}`;
  return {
    type: "marking-definition",
    spec_version: "2.1",
    id: TLP_MARKING_IDS[level],
    created: "2022-10-01T00:00:00.000Z",
    name,
    extensions: {
      "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
        extension_type: "property-extension",
        tlp_2_0: level,
      },
    },
  };
}
