import { createHash } from "node:crypto";
import type { MispEvent, MispObject } from "./misp-event.js";

/**
 * hashes.csv: one line `md5,event-uuid` for every value of every event of a MISP feed (each part
 * of a composite `filename|sha256` value apart), as PyMISP's feed generator and MISP write it, so
 * a MISP instance can correlate against a feed without downloading its events. It carries no
 * digest of an event, so it cannot tell that an event changed (the manifest's timestamp does);
 * what it can do for a reader is check that an event it downloaded holds the values the feed
 * publisher hashed — an event file cut short or replaced after hashes.csv was written shows here.
 */

const md5 = (text: string): string => createHash("md5").update(text).digest("hex");

/** The values of an event (its attributes and its objects' attributes) as hashes.csv hashes them. */
export function eventValueHashes(event: MispEvent, options: { withDeleted?: boolean } = {}): Map<string, string> {
  const out = new Map<string, string>();
  const attributes = [
    ...(event.Attribute ?? []),
    ...(event.Object ?? []).flatMap((o: MispObject) => o.Attribute ?? []),
  ];
  for (const attr of attributes) {
    if (options.withDeleted !== true && (attr.deleted === true || attr.deleted === "1" || attr.deleted === 1)) continue;
    const value = String(attr.value);
    const parts = attr.type.includes("|") ? value.split("|") : [value];
    for (const part of parts) out.set(md5(part), part);
  }
  return out;
}

/** hashes.csv read: event uuid → the md5s listed for it. Lines that are not `md5,uuid` are counted, not kept. */
export function parseHashesCsv(text: string): { byEvent: Map<string, Set<string>>; badLines: number } {
  const byEvent = new Map<string, Set<string>>();
  let badLines = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^([0-9a-fA-F]{32}),([0-9a-fA-F-]{36})$/.exec(line);
    if (!m) {
      badLines++;
      continue;
    }
    const uuid = (m[2] as string).toLowerCase();
    const set = byEvent.get(uuid) ?? new Set<string>();
    byEvent.set(uuid, set);
    set.add((m[1] as string).toLowerCase());
  }
  return { byEvent, badLines };
}

/** The values of `event` hashes.csv does not list for it (none listed at all: every value), at most `limit`. */
export function valuesNotInHashes(
  event: MispEvent,
  hashes: ReadonlyMap<string, ReadonlySet<string>>,
): { missing: string[]; total: number } {
  const listed = hashes.get(event.uuid.toLowerCase());
  const values = eventValueHashes(event);
  const missing: string[] = [];
  for (const [hash, value] of values) if (!listed?.has(hash)) missing.push(value);
  return { missing, total: values.size };
}
