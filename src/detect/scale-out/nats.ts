import { AckPolicy, DiscardPolicy, type JetStreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { t } from "../../i18n/index.js";
import { DetectError } from "../errors.js";

/**
 * The JetStream layout of the scale-out, in one place: two work-queue streams (log lines to
 * the workers, their results to the single writer), one durable pull consumer on each, and the
 * core-NATS subject on which the store's index version is announced. A prefix keeps several
 * deployments (or tests) on one server apart; without one the subjects are `logs.<org>.<kind>`,
 * `results.<org>` and `index.version`.
 */

/** The server when CENTINELA_NATS does not name one. */
export const DEFAULT_NATS_URL = "nats://127.0.0.1:4222";

/** The server the scale-out commands use: CENTINELA_NATS, else the local one. */
export function natsUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.CENTINELA_NATS?.trim() || DEFAULT_NATS_URL;
}

/** Subjects, streams and consumers of one deployment. */
export interface ScaleOutNames {
  prefix: string;
  /** Stream of the log lines (work queue). */
  logsStream: string;
  /** Stream of the workers' results (work queue). */
  resultsStream: string;
  /** The workers' shared durable consumer. */
  workers: string;
  /** The writer's durable consumer. */
  writer: string;
  /** Core subject announcing a new index version. */
  indexVersion: string;
  /** `logs.<org>.<kind>`. */
  logs(org: string, kind: string): string;
  /** `results.<org>`. */
  results(org: string): string;
}

const PREFIX = /^[A-Za-z0-9_-]{1,64}$/;

/** A subject token from any text: NATS tokens may not hold dots, spaces, `*` or `>`. */
export function subjectToken(text: string): string {
  const token = text.replace(/[^A-Za-z0-9_-]/g, "_");
  return token === "" ? "_" : token;
}

/** The names of the deployment under `prefix` ("" for none); a prefix NATS cannot carry throws DETECT_BAD_OPTION. */
export function scaleOutNames(prefix = ""): ScaleOutNames {
  if (prefix !== "" && !PREFIX.test(prefix))
    throw new DetectError("DETECT_BAD_OPTION", t("detect:scaleOut.badPrefix", { prefix }));
  const s = prefix === "" ? "" : `${prefix}.`;
  const n = prefix === "" ? "" : `${prefix.toUpperCase()}_`;
  return {
    prefix,
    logsStream: `${n}CENTINELA_LOGS`,
    resultsStream: `${n}CENTINELA_RESULTS`,
    workers: "centinela-workers",
    writer: "centinela-writer",
    indexVersion: `${s}index.version`,
    logs: (org, kind) => `${s}logs.${subjectToken(org)}.${subjectToken(kind)}`,
    results: (org) => `${s}results.${subjectToken(org)}`,
  };
}

/** Connects to the NATS server at `url`; an unreachable server is DETECT_NATS saying what to check. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  try {
    return await connect({ servers: url, name, timeout: 5000, maxReconnectAttempts: -1 });
  } catch (error) {
    throw new DetectError("DETECT_NATS", t("detect:scaleOut.unreachable", { url, reason: (error as Error).message }), {
      cause: error,
    });
  }
}

/** How long (ns) JetStream remembers a message id to drop a re-shipped batch: one hour. */
const DUPLICATE_WINDOW_NS = 3600 * 1e9;

/** Settings of the consumers. */
export interface ConsumerSettings {
  /** How long a fetched message may stay unacknowledged before it goes to another consumer (ms). */
  ackWaitMs: number;
  /** The consumer whose ack wait is set to `ackWaitMs` if it differs (the caller's own); the others are only created. */
  own?: "workers" | "writer";
}

/** The default: a killed worker's messages go to another after 30 s. */
export const DEFAULT_ACK_WAIT_MS = 30_000;

/**
 * Creates the two streams and their consumers when missing (any command may be first), and
 * sets the caller's own consumer's ack wait when it differs. JetStream without `-js` is DETECT_NATS.
 */
export async function ensureScaleOut(
  jsm: JetStreamManager,
  names: ScaleOutNames,
  settings: ConsumerSettings = { ackWaitMs: DEFAULT_ACK_WAIT_MS },
): Promise<void> {
  const s = names.prefix === "" ? "" : `${names.prefix}.`;
  const streams = [
    [names.logsStream, `${s}logs.>`, names.workers, "workers"],
    [names.resultsStream, `${s}results.>`, names.writer, "writer"],
  ] as const;
  try {
    for (const [stream, subject, durable, role] of streams) {
      try {
        await jsm.streams.info(stream);
      } catch {
        await jsm.streams.add({
          name: stream,
          subjects: [subject],
          // A work queue: a message is gone once acknowledged, so the stream holds only what is left to do.
          retention: RetentionPolicy.Workqueue,
          storage: StorageType.File,
          discard: DiscardPolicy.Old,
          duplicate_window: DUPLICATE_WINDOW_NS,
        });
      }
      const ackWait = settings.ackWaitMs * 1e6;
      let current: { ack_wait?: number } | null = null;
      try {
        current = (await jsm.consumers.info(stream, durable)).config;
      } catch {
        current = null;
      }
      if (current === null)
        await jsm.consumers.add(stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          ack_wait: ackWait,
          max_ack_pending: 10_000,
          max_deliver: -1,
        });
      else if (settings.own === role && current.ack_wait !== ackWait)
        await jsm.consumers.update(stream, durable, { ack_wait: ackWait });
    }
  } catch (error) {
    throw new DetectError("DETECT_NATS", t("detect:scaleOut.noJetStream", { reason: (error as Error).message }), {
      cause: error,
    });
  }
}

/** Messages left in a stream (a work queue holds only those not yet acknowledged). */
export async function messagesLeft(jsm: JetStreamManager, stream: string): Promise<number> {
  return (await jsm.streams.info(stream)).state.messages;
}

/** Deletes a deployment's streams (tests; a user resetting a deployment). */
export async function removeScaleOut(jsm: JetStreamManager, names: ScaleOutNames): Promise<void> {
  for (const stream of [names.logsStream, names.resultsStream]) await jsm.streams.delete(stream).catch(() => false);
}
