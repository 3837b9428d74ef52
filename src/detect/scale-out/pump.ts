import type { Consumer, JsMsg } from "@nats-io/jetstream";

/**
 * The loop both the workers and the writer run: messages arrive from a `consume()` (the client
 * keeps pulling, so nothing waits for a batch to fill) into a queue, and whatever has arrived
 * is handled as one group while more arrive — one result publish round, or one store
 * transaction, for many messages when they come fast, and no wait when they come slowly. The
 * consumer's max_ack_pending bounds the queue. `drain` ends the loop once `isDone` says so
 * after a quiet second; `signal` ends it after the group in hand.
 */

/** How the pump runs. */
export interface PumpOptions {
  /** Handles one group; returns once every message of it is acknowledged (or terminated). */
  handle(group: JsMsg[]): Promise<void>;
  /** Messages per group at most. */
  maxGroup: number;
  /** Messages the client keeps pulled ahead. */
  prefetch: number;
  /**
   * Every this many ms, messages pulled but not yet acknowledged are marked in progress, so
   * one waiting in the queue behind a slow group is not given to another consumer (ms; 0: never).
   * A process that dies stops marking them, and they go to another after the ack wait.
   */
  keepAliveMs?: number;
  /** How long to wait for a group to fill before handling a smaller one (ms; 0: never wait). */
  lingerMs?: number;
  /** With drain: whether nothing is left to do (asked after a quiet second). */
  isDone?: () => Promise<boolean>;
  drain?: boolean;
  signal?: AbortSignal;
}

/** Runs until `signal` aborts or, with drain, `isDone`. */
export async function pump(consumer: Consumer, options: PumpOptions): Promise<void> {
  const messages = await consumer.consume({ max_messages: options.prefetch });
  const queue: JsMsg[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let lastArrival = Date.now();
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const reader = (async () => {
    for await (const m of messages) {
      queue.push(m);
      lastArrival = Date.now();
      poke();
    }
    ended = true;
    poke();
  })();
  const stop = () => {
    ended = true;
    messages.stop();
    poke();
  };
  options.signal?.addEventListener("abort", stop, { once: true });
  const ticker = setInterval(poke, 500);
  let group: JsMsg[] = [];
  const keepAlive =
    (options.keepAliveMs ?? 0) > 0
      ? setInterval(() => {
          for (const m of queue) m.working();
          for (const m of group) m.working();
        }, options.keepAliveMs)
      : null;
  try {
    while (!ended || queue.length > 0) {
      if (options.signal?.aborted === true) break;
      if (queue.length === 0) {
        if (options.drain === true && Date.now() - lastArrival >= 1000 && options.isDone && (await options.isDone())) {
          if (queue.length === 0) break;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        continue;
      }
      const linger = options.lingerMs ?? 0;
      if (linger > 0 && queue.length < options.maxGroup && !ended) {
        const until = Date.now() + linger;
        while (queue.length < options.maxGroup && !ended && Date.now() < until)
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, Math.max(1, until - Date.now()));
          });
        wake = null;
      }
      group = queue.splice(0, options.maxGroup);
      await options.handle(group);
      group = [];
    }
  } finally {
    clearInterval(ticker);
    if (keepAlive !== null) clearInterval(keepAlive);
    options.signal?.removeEventListener("abort", stop);
    messages.stop();
    await reader.catch(() => {});
    // Messages pulled but not handled go back to the stream for another consumer.
    for (const m of queue.splice(0)) m.nak();
  }
}

/** A third of the consumer's ack wait: often enough that a held message never times out. */
export async function keepAliveFor(consumer: Consumer): Promise<number> {
  const ackWaitNs = (await consumer.info(true)).config.ack_wait ?? 30e9;
  return Math.max(200, Math.floor(ackWaitNs / 1e6 / 3));
}
