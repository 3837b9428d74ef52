import type { FastifyInstance } from "fastify";

/**
 * A clean stop for a server run as a service. On SIGTERM (a service manager's stop) or SIGINT
 * (Ctrl-C) the host stops accepting connections, answers 503 with `Connection: close` to any new
 * request on a connection already open (so a load balancer drains it: /readyz says 503 too), and
 * lets the requests in progress finish — an upload of objects half sent is read to its end and
 * stored — before the caller closes the store. Past the grace period, or on a second signal a
 * second or more later, the connections still open are cut and the stop is reported as forced.
 */

/**
 * Answers with `Connection: close` once the server has stopped listening, so that a keep-alive
 * connection whose request was in progress at the stop ends with its answer rather than keeping
 * the close waiting (Node closes only idle connections, and Fastify marks only requests that
 * arrive after the stop). Registered by createServer on the root.
 */
export function endConnectionsWhenStopping(app: FastifyInstance): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (!request.server.server.listening && request.raw.httpVersionMajor === 1) reply.header("connection", "close");
    return payload;
  });
}

/** Default grace period: how long requests in progress may take to finish once a stop is asked. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 30_000;

/**
 * Signals this close after the first are the same stop: Ctrl-C reaches every process of the
 * group, and `--workers`' primary passes it on as SIGTERM, so a worker gets two at once.
 */
const SAME_STOP_MS = 1000;

/** The signals that stop the server. */
const STOP_SIGNALS = ["SIGTERM", "SIGINT"] as const;

/** How a stop went. */
export interface Stopped {
  /** The signal that asked for it. */
  signal: NodeJS.Signals;
  /** True when requests were still running past the grace period (or a second signal came) and were cut. */
  forced: boolean;
}

/** A stop signal awaited: `signal` resolves on the first one; `close` then closes `app` as described above. */
export interface StopSignal {
  /** The first SIGTERM or SIGINT. */
  signal: Promise<NodeJS.Signals>;
  /**
   * Closes `app` gently, within `graceMs`, once the signal came: `onStopping` is called as soon as
   * no connection is accepted any more, `onForce` if requests are cut. Resolves once every
   * connection is gone.
   */
  close(app: FastifyInstance, graceMs: number, hooks?: StopHooks): Promise<Stopped>;
}

/** What close tells its caller along the way. */
export interface StopHooks {
  onStopping?(signal: NodeJS.Signals): void;
  onForce?(): void;
}

/**
 * Starts listening for SIGTERM and SIGINT (call it before `listen`, so that no signal is missed
 * and the default handler, which kills the process at once, never runs).
 */
export function awaitStopSignal(): StopSignal {
  let first: NodeJS.Signals | null = null;
  let firstAt = 0;
  let force: (() => void) | null = null;
  let resolveSignal: (signal: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    resolveSignal = resolve;
  });
  const onSignal = (received: NodeJS.Signals) => {
    if (first === null) {
      first = received;
      firstAt = Date.now();
      resolveSignal(received);
    } else if (Date.now() - firstAt >= SAME_STOP_MS) {
      // A second signal while draining: the operator does not want to wait.
      force?.();
    }
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    signal,
    async close(app, graceMs, hooks = {}) {
      const received = await signal;
      // The listener first, at once (Fastify closes it only after its onClose hooks): from here
      // a new connection is refused. app.close below still waits for the open ones to end.
      app.server.close();
      hooks.onStopping?.(received);
      let forced = false;
      force = () => {
        if (forced) return;
        forced = true;
        hooks.onForce?.();
        app.server.closeAllConnections();
      };
      const timer = setTimeout(() => force?.(), graceMs);
      try {
        await app.close();
      } finally {
        clearTimeout(timer);
        for (const s of STOP_SIGNALS) process.off(s, onSignal);
      }
      return { signal: received, forced };
    },
  };
}
