import { fromCatalog } from "../../errors/index.js";
import { StoreError } from "../errors.js";
import { STORE_TIMESTAMP } from "./timestamps.js";

/**
 * Keyset page cursors: base64url of `[date_added, seq]` of the last row of a page. Decoding
 * checks every part, so a garbled or forged cursor is a STORE_BAD_CURSOR, never a query.
 */

/** The position a cursor stands for: the last row already returned. */
export interface CursorKey {
  dateAdded: string;
  seq: number;
}

const MAX_CURSOR_LENGTH = 128;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Encodes the key of the last row of a page as an opaque cursor. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.dateAdded, key.seq]), "utf8").toString("base64url");
}

/** Decodes a cursor made by encodeCursor; anything else throws STORE_BAD_CURSOR. */
export function decodeCursor(cursor: string): CursorKey {
  const bad = (why: string) => new StoreError("STORE_BAD_CURSOR", fromCatalog("errors:store.pageCursor", { why }));
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) throw bad("wrong length");
  if (!BASE64URL.test(cursor)) throw bad("not base64url");
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad("not a cursor this store issued");
  }
  if (!Array.isArray(value) || value.length !== 2) throw bad("not a cursor this store issued");
  const [dateAdded, seq] = value as unknown[];
  if (typeof dateAdded !== "string" || !STORE_TIMESTAMP.test(dateAdded)) throw bad("bad position time");
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) throw bad("bad position sequence");
  return { dateAdded, seq };
}
