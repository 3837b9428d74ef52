import { fromCatalog } from "../errors/index.js";
import type { StixStreamItem } from "../stix/index.js";
import { collectionUrl, parseJson, type TaxiiClient } from "./client.js";
import { TaxiiError } from "./errors.js";

/**
 * `push`: sends objects to a remote collection as envelopes (each within the API root's
 * max_content_length and `batchSize` objects), then follows each status resource until it is
 * complete, so the caller learns the fate of every object.
 */

/** The per-object outcome lists of a TAXII status resource. */
interface StatusBody {
  id: string;
  status: "pending" | "complete";
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  failures?: Array<{ id: string; version?: string; message?: string }>;
}

/** Options of pushObjects. */
export interface PushOptions {
  /** Objects per envelope. Default 1,000. */
  batchSize?: number;
  /** How many times to poll a pending status before giving up. Default 60. */
  maxPolls?: number;
  /** Wait between polls in ms. Default 1,000. */
  pollDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onEnvelope?: (progress: PushResult) => void;
}

/** What a push did, added up over its envelopes. */
export interface PushResult {
  envelopes: number;
  total: number;
  successes: number;
  failures: Array<{ id: string; version?: string; message?: string }>;
  /** Objects still pending when polling gave up. */
  pending: number;
  /** Items that could not even be read (bad JSON in the input). */
  unreadable: number;
}

/** Pushes every object of `items` to the collection `collectionId` under `apiRoot`. */
export async function pushObjects(
  client: TaxiiClient,
  apiRoot: string,
  collectionId: string,
  items: AsyncIterable<StixStreamItem>,
  options: PushOptions = {},
): Promise<PushResult> {
  const root = apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`;
  const info = await client.getJson<{ max_content_length?: number }>(root);
  const maxBytes = Math.max(1024, info.max_content_length ?? 10 * 1024 * 1024);
  const batchSize = options.batchSize ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const result: PushResult = { envelopes: 0, total: 0, successes: 0, failures: [], pending: 0, unreadable: 0 };
  const target = `${collectionUrl(root, collectionId)}objects/`;
  let batch: string[] = [];
  let bytes = 0;

  const send = async (): Promise<void> => {
    if (batch.length === 0) return;
    const body = `{"objects":[${batch.join(",")}]}`;
    batch = [];
    bytes = 0;
    const response = await client.request("POST", target, body);
    let status = parseJson<StatusBody>(response.text, target);
    for (let polls = 0; status.status !== "complete" && polls < (options.maxPolls ?? 60); polls++) {
      await sleep(options.pollDelayMs ?? 1000);
      status = await client.getJson<StatusBody>(`${root}status/${encodeURIComponent(status.id)}/`);
    }
    result.envelopes++;
    result.total += status.total_count;
    result.successes += status.success_count;
    result.failures.push(...(status.failures ?? []));
    result.pending += status.status === "complete" ? 0 : status.pending_count;
    options.onEnvelope?.(result);
  };

  for await (const item of items) {
    if (item.kind === "error") {
      result.unreadable++;
      continue;
    }
    const size = Buffer.byteLength(item.raw) + 1;
    if (size + 16 > maxBytes) {
      throw new TaxiiError(
        "TAXII_TOO_LARGE",
        fromCatalog("errors:taxii.objectTooLarge", { number: item.index + 1, size, max: maxBytes }),
      );
    }
    if (batch.length >= batchSize || bytes + size + 16 > maxBytes) await send();
    batch.push(item.raw);
    bytes += size;
  }
  await send();
  return result;
}
