import { readFile } from "node:fs/promises";
import { Ajv } from "ajv";
import { BUILT_IN_MAPPINGS, type ListMapping, lifetimeMs } from "./mapping.js";
import { LIST_VALUE_TYPES } from "./shapes.js";

/**
 * Reading a mapping the user wrote (a JSON file) and checking it with a JSON schema, so a typo
 * in a key is an error naming the key rather than a list read the wrong way.
 */

const COLUMN = {
  anyOf: [
    { type: "string", minLength: 1 },
    { type: "integer", minimum: 0 },
  ],
};

const SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["name", "format"],
  properties: {
    name: { type: "string", pattern: "^[a-z0-9][a-z0-9._-]{0,63}$" },
    title: { type: "string", minLength: 1 },
    format: { enum: ["text", "csv"] },
    delimiter: { type: "string", minLength: 1, maxLength: 1 },
    header: { type: "boolean" },
    value: { anyOf: [COLUMN, { type: "array", items: COLUMN, minItems: 1 }] },
    type: {
      type: "object",
      additionalProperties: false,
      required: ["column", "values"],
      properties: {
        column: COLUMN,
        values: { type: "object", additionalProperties: { enum: [...LIST_VALUE_TYPES, "shape", "reject"] } },
      },
    },
    firstSeen: COLUMN,
    tags: { type: "array", items: COLUMN },
    labels: { type: "array", items: { type: "string", minLength: 1 } },
    confidence: {
      anyOf: [
        { type: "integer", minimum: 0, maximum: 100 },
        {
          type: "object",
          additionalProperties: false,
          required: ["column", "base", "perUnit"],
          properties: { column: COLUMN, base: { type: "number" }, perUnit: { type: "number" } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["column", "values"],
          properties: {
            column: COLUMN,
            values: { type: "object", additionalProperties: { type: "integer", minimum: 0, maximum: 100 } },
            otherwise: { type: "integer", minimum: 0, maximum: 100 },
          },
        },
      ],
    },
    reference: COLUMN,
    references: {
      type: "object",
      additionalProperties: false,
      required: ["file", "key", "url"],
      properties: { file: { type: "string", minLength: 1 }, key: COLUMN, url: COLUMN },
    },
    lifetimes: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(
        ["ip", "domain", "url", "hash", "email", "regex"].map((k) => [
          k,
          { type: "string", pattern: "^\\d+\\s*[dhm]$" },
        ]),
      ),
    },
  },
} as const;

const validate = new Ajv({ allErrors: true }).compile(SCHEMA);

/** A mapping that cannot be used: the file and what is wrong in it. */
export class ListMappingError extends Error {
  override readonly name = "ListMappingError";
}

/** The built-in mapping of that name, or the mapping in that JSON file. */
export async function loadMapping(nameOrFile: string): Promise<ListMapping> {
  const builtIn = BUILT_IN_MAPPINGS[nameOrFile.toLowerCase()];
  if (builtIn) return builtIn;
  let text: string;
  try {
    text = await readFile(nameOrFile, "utf8");
  } catch {
    throw new ListMappingError(
      `no built-in mapping "${nameOrFile}" (${Object.keys(BUILT_IN_MAPPINGS).join(", ")}) and no such file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ListMappingError(`${nameOrFile}: not JSON (${(error as Error).message})`);
  }
  if (!validate(json)) {
    const problems = (validate.errors ?? []).map((e) => {
      const where = e.instancePath === "" ? "the mapping" : e.instancePath.slice(1).replaceAll("/", ".");
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      const extra = (e.params as { additionalProperty?: string }).additionalProperty;
      if (extra) return `${where}: unknown key "${extra}"`;
      return `${where} ${e.message}${allowed ? ` (${allowed.join(", ")})` : ""}`;
    });
    throw new ListMappingError(`${nameOrFile}: ${[...new Set(problems)].join("; ")}`);
  }
  const mapping = json as ListMapping;
  for (const [kind, text] of Object.entries(mapping.lifetimes ?? {})) {
    if (lifetimeMs(text as string) === null)
      throw new ListMappingError(`${nameOrFile}: lifetimes.${kind} "${text}" is zero`);
  }
  return { ...mapping, title: mapping.title ?? mapping.name };
}
