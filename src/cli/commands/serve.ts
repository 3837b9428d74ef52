import cluster from "node:cluster";
import { isIP } from "node:net";
import type { Command } from "commander";
import { DEFAULT_CERTIFICATE_USER_ATTRIBUTE } from "../../access/index.js";
import { API_PREFIX } from "../../api/index.js";
import { consolePlugin, createSessions } from "../../console/index.js";
import { t } from "../../i18n/index.js";
import { incidentsPlugin } from "../../incidents/index.js";
import type { ServerTls } from "../../server/index.js";
import {
  awaitStopSignal,
  bootstrapStore,
  createServer,
  DEFAULT_RATE_LIMIT,
  DEFAULT_SHUTDOWN_GRACE_MS,
  defaultPlugins,
  LOG_LEVELS,
  type LogLevel,
  METRICS_PATH,
  METRICS_TOKEN_MIN,
  type MetricsOptions,
  parseRateLimit,
  type RateLimitOptions,
  serviceLogger,
} from "../../server/index.js";
import { DISCOVERY_PATH, resolveCursorSecret } from "../../taxii/index.js";
import { readCaBundle, readKeyPair, requireBoth, subjectLine, validUntil } from "../../tls/index.js";
import { openCommandStore, printError, withStoreOption } from "../context.js";
import { feedsTickMs, type ServeFeedOptions, startServeFeeds } from "./serve-feeds.js";
import { logLevelOf, metricsLine, metricsOf, shutdownGraceOf } from "./serve-ops.js";

interface ServeOptions extends ServeFeedOptions {
  workers?: string;
  port?: string;
  host?: string;
  bodyLimit?: string;
  trustProxy?: string;
  rateLimit?: string;
  addressRateLimit?: string;
  metricsToken?: string;
  logLevel?: string;
  shutdownGrace?: string;
  /** False with --no-metrics. */
  metrics?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  tlsClientUser: string;
}

/** The subject attributes a client certificate may name its user by (Node's short names). */
const USER_ATTRIBUTES = ["CN", "emailAddress", "UID", "serialNumber", "OU", "O"];

/**
 * The TLS of `--tls-cert`, `--tls-key` and `--tls-client-ca`, read and checked now (a missing,
 * unreadable or expired file, or a key of another certificate, is a message naming the option),
 * with the lines to print once listening; null for plain HTTP.
 */
function serverTlsOf(options: ServeOptions): { tls: ServerTls; lines: string[] } | null {
  const { tlsCert, tlsKey, tlsClientCa } = options;
  if (!tlsCert && !tlsKey) {
    if (tlsClientCa) requireBoth("--tls-client-ca", "--tls-cert and --tls-key");
    return null;
  }
  if (!tlsKey) requireBoth("--tls-cert", "--tls-key");
  if (!tlsCert) requireBoth("--tls-key", "--tls-cert");
  const attribute = options.tlsClientUser;
  if (!USER_ATTRIBUTES.includes(attribute)) {
    throw new Error(`--tls-client-user must be one of ${USER_ATTRIBUTES.join(", ")}, not "${attribute.slice(0, 40)}"`);
  }
  const pair = readKeyPair({
    cert: { option: "--tls-cert", path: tlsCert },
    key: { option: "--tls-key", path: tlsKey },
  });
  const lines = [
    t("tls:listening", {
      cert: tlsCert,
      subject: subjectLine(pair.certificate.subject),
      date: validUntil(pair.certificate).toISOString(),
    }),
  ];
  const tls: ServerTls = { cert: pair.cert, key: pair.key };
  if (tlsClientCa) {
    tls.clientCa = readCaBundle({ option: "--tls-client-ca", path: tlsClientCa });
    tls.userAttribute = attribute;
    lines.push(t("tls:listeningClients", { ca: tlsClientCa, attribute }));
  }
  return { tls, lines };
}

/** Names the proxy-address matcher of Fastify knows for whole ranges. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/** Why `entry` cannot name a trusted proxy, or null when it can. */
function proxyEntryProblem(entry: string): string | null {
  if (PROXY_RANGE_NAMES.has(entry)) return null;
  const slash = entry.indexOf("/");
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return "is not an IP address, a CIDR, or loopback, linklocal or uniquelocal";
  if (slash < 0) return null;
  const prefix = entry.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : family === 4 && isIP(prefix) === 4 ? -1 : Number.NaN;
  if (Number.isNaN(bits) || bits > (family === 4 ? 32 : 128)) return "has a prefix length out of range";
  // A /0 trusts every peer: then any client could name itself in X-Forwarded-For.
  if (bits === 0 || prefix === "0.0.0.0") return "would trust every address, letting any client choose its own";
  return null;
}

/**
 * The proxies of `--trust-proxy` / CENTINELA_TRUST_PROXY: comma-separated IP addresses, CIDRs
 * (`10.0.0.0/8`, `fd00::/8`, `10.0.0.0/255.0.0.0`) or `loopback`, `linklocal`, `uniquelocal`.
 * Throws a message naming the first bad entry. Only the listed peers are believed: from them the
 * client is the last X-Forwarded-For address not itself a trusted proxy, which is what the
 * sign-in limit counts and the audit log records.
 */
export function parseTrustedProxies(text: string, option = "--trust-proxy"): string[] {
  const entries = text
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) {
    throw new Error(`${option} needs the addresses of the reverse proxies, e.g. 127.0.0.1 or 10.0.0.0/8`);
  }
  for (const entry of entries) {
    const problem = proxyEntryProblem(entry);
    if (problem) {
      throw new Error(
        `${option}: "${entry.slice(0, 60)}" ${problem}; give the reverse proxies' addresses, e.g. 127.0.0.1,10.0.0.0/8`,
      );
    }
  }
  return entries;
}

/** The rate limits of the options, else the environment, else the defaults. */
function rateLimitOf(options: ServeOptions): RateLimitOptions {
  const read = (flag: string | undefined, option: string, env: string, fallback: number): number => {
    if (flag !== undefined) return parseRateLimit(flag, option);
    const fromEnv = process.env[env];
    return fromEnv !== undefined && fromEnv.trim() !== "" ? parseRateLimit(fromEnv, env) : fallback;
  };
  return {
    perPrincipal: read(options.rateLimit, "--rate-limit", "CENTINELA_RATE_LIMIT", DEFAULT_RATE_LIMIT.perPrincipal),
    perAddress: read(
      options.addressRateLimit,
      "--address-rate-limit",
      "CENTINELA_ADDRESS_RATE_LIMIT",
      DEFAULT_RATE_LIMIT.perAddress,
    ),
  };
}

/** `centinela serve`: the TAXII 2.1 server on the store; creates the admin user on first start. */
export function registerServeCommand(program: Command): void {
  withStoreOption(
    program
      .command("serve")
      .description(t("help:serve._"))
      .option("--port <n>", t("help:serve.port"))
      .option("--host <address>", t("help:serve.host"), "127.0.0.1")
      .option("--body-limit <bytes>", t("help:serve.bodyLimit"), String(64 * 1024 * 1024))
      .option("--workers <n>", t("help:serve.workers"), "1")
      .option("--rate-limit <rate>", t("help:serve.rateLimit", { rate: DEFAULT_RATE_LIMIT.perPrincipal }))
      .option("--address-rate-limit <rate>", t("help:serve.addressRateLimit", { rate: DEFAULT_RATE_LIMIT.perAddress }))
      .option("--tls-cert <file>", t("help:serve.tlsCert"))
      .option("--tls-key <file>", t("help:serve.tlsKey"))
      .option("--tls-client-ca <file>", t("help:serve.tlsClientCa"))
      .option(
        "--tls-client-user <attribute>",
        t("help:serve.tlsClientUser", { attributes: USER_ATTRIBUTES.join(", ") }),
        DEFAULT_CERTIFICATE_USER_ATTRIBUTE,
      )
      .option("--trust-proxy <addresses>", t("help:serve.trustProxy"))
      .option("--metrics-token <token>", t("help:serve.metricsToken", { path: METRICS_PATH, min: METRICS_TOKEN_MIN }))
      .option("--no-metrics", t("help:serve.noMetrics", { path: METRICS_PATH }))
      .option("--log-level <level>", t("help:serve.logLevel", { levels: LOG_LEVELS.join(", ") }))
      .option("--shutdown-grace <seconds>", t("help:serve.shutdownGrace"), String(DEFAULT_SHUTDOWN_GRACE_MS / 1000))
      .option("--no-feeds", t("help:serve.noFeeds"))
      .option("--feeds-tick <duration>", t("help:serve.feedsTick")),
  ).action(async (options: ServeOptions) => {
    process.exitCode = await runServe(options);
  });
}

async function runServe(options: ServeOptions): Promise<number> {
  const port = Number(options.port ?? process.env.PORT ?? 8080);
  const bodyLimit = Number(options.bodyLimit);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    printError(`--port must be a whole number from 0 to 65535, not "${options.port ?? process.env.PORT}"`);
    return 2;
  }
  if (!Number.isInteger(bodyLimit) || bodyLimit < 1024) {
    printError(`--body-limit must be a whole number of bytes, at least 1024, not "${options.bodyLimit}"`);
    return 2;
  }
  const workers = Number(options.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    printError(`--workers must be a whole number from 1 to 64, not "${options.workers}"`);
    return 2;
  }
  let trustProxy: string[] | undefined;
  const proxies = options.trustProxy ?? process.env.CENTINELA_TRUST_PROXY;
  if (proxies !== undefined && (options.trustProxy !== undefined || proxies.trim() !== "")) {
    try {
      trustProxy = parseTrustedProxies(
        proxies,
        options.trustProxy !== undefined ? "--trust-proxy" : "CENTINELA_TRUST_PROXY",
      );
    } catch (error) {
      printError(error);
      return 2;
    }
  }
  let rateLimit: RateLimitOptions;
  let tls: ReturnType<typeof serverTlsOf>;
  try {
    rateLimit = rateLimitOf(options);
    tls = serverTlsOf(options);
  } catch (error) {
    printError(error);
    return 2;
  }
  let logLevel: LogLevel;
  let graceMs: number;
  try {
    logLevel = logLevelOf(options.logLevel);
    graceMs = shutdownGraceOf(options.shutdownGrace);
  } catch (error) {
    printError(error);
    return 2;
  }
  const host = options.host ?? "127.0.0.1";
  let metrics: MetricsOptions | false;
  let tickMs: number;
  try {
    metrics = metricsOf(options, host);
    tickMs = feedsTickMs(options);
  } catch (error) {
    printError(error);
    return 2;
  }
  const store = await openCommandStore(options);
  let cursorSecret: Buffer;
  try {
    // The environment's key, or the one the store keeps (made here on first start, before any
    // worker is forked), so `next` values outlive restarts and every worker accepts the others'.
    cursorSecret = await resolveCursorSecret(store.directory, process.env.CENTINELA_CURSOR_SECRET);
  } catch (error) {
    await store.close();
    printError(error);
    return 2;
  }
  // With several processes, the first start's work (admin, default collection) is done once here.
  let first: Awaited<ReturnType<typeof bootstrapStore>> | null;
  try {
    first = cluster.isWorker ? null : await bootstrapStore(store, process.env.CENTINELA_ADMIN_PASSWORD);
  } catch (error) {
    await store.close();
    printError(error);
    return 2;
  }
  if (first?.created) {
    // Printed once, to the terminal only: it is not stored anywhere in the clear.
    const line = first.generatedPassword
      ? t("cli:user.adminGenerated", { user: "admin", password: first.generatedPassword })
      : t("cli:user.adminFromEnv", { user: "admin", variable: "CENTINELA_ADMIN_PASSWORD" });
    process.stderr.write(`centinela: ${line}\n`);
  }
  if (workers > 1 && cluster.isPrimary) {
    await store.close();
    return runWorkers(workers);
  }
  // TAXII 2.1, the REST API (inventory, action lists, incidents) and the web console on one host, behind
  // one sign-in (the console's session cookie is one more way in).
  const sessions = await createSessions(store.directory);
  const app = await createServer({
    store,
    plugins: [
      ...defaultPlugins({ store, cursorSecret }),
      incidentsPlugin({ store }),
      consolePlugin({ store, sessions }),
    ],
    bodyLimit,
    rateLimit,
    metrics,
    logger: serviceLogger(logLevel),
    ...(trustProxy ? { trustProxy } : {}),
    ...(tls ? { tls: tls.tls } : {}),
  });
  // Before listening: a stop asked for from now on is a clean one.
  const stop = awaitStopSignal();
  const address = await app.listen({ port, host });
  // With --workers, the first process speaks for all of them.
  if (!cluster.isWorker || cluster.worker?.id === 1) {
    // Before the address line, which is what scripts (and the tests) wait for.
    if (trustProxy)
      process.stderr.write(`centinela: ${t("server:serve.trustedProxies", { proxies: trustProxy.join(", ") })}\n`);
    for (const line of tls?.lines ?? []) process.stderr.write(`centinela: ${line}\n`);
    process.stderr.write(`centinela: ${t("server:serve.taxiiAt", { url: `${address}${DISCOVERY_PATH}` })}\n`);
    process.stderr.write(`centinela: ${t("server:serve.apiAt", { url: `${address}${API_PREFIX}` })}\n`);
    process.stderr.write(`centinela: ${t("server:serve.consoleAt", { url: `${address}/` })}\n`);
    process.stderr.write(`centinela: ${metricsLine(metrics, `${address}${METRICS_PATH}`)}\n`);
  }
  // One process runs the feeds (with --workers, the first), so a feed never runs twice at once.
  const scheduler =
    !cluster.isWorker || cluster.worker?.id === 1 ? startServeFeeds(store, app.log, options, tickMs) : null;
  const signal = await stop.signal;
  // No feed run starts from here on; the runs in progress write their page and save their cursor.
  const feedsStopped = scheduler?.stop();
  const speaks = !cluster.isWorker || cluster.worker?.id === 1;
  const stopped = await stop.close(app, graceMs, {
    onStopping: () => {
      if (speaks) process.stderr.write(`centinela: ${t("server:serve.stopping", { signal })}\n`);
      app.log.info({ signal }, "stopping: no new connections; finishing the requests in progress");
    },
    onForce: () => {
      process.stderr.write(`centinela: ${t("server:serve.forced", { seconds: graceMs / 1000 })}\n`);
      app.log.warn({ graceMs }, "stop forced: requests still in progress were cut");
    },
  });
  await feedsStopped;
  // Only once every request and feed run has ended: the last writes are in before the store closes.
  await store.close();
  if (speaks) process.stderr.write(`centinela: ${t("server:serve.stopped")}\n`);
  // A worker's IPC channel to the primary would keep it alive: let go of it to end.
  cluster.worker?.disconnect();
  return stopped.forced ? 1 : 0;
}

/**
 * The primary of `--workers N`: forks N copies of this command, which share the listening port
 * (node:cluster hands connections round-robin) and read one cursor secret (from the environment
 * they inherit, or from the store), so a `next` issued by one process is accepted by every other.
 * A worker that dies is replaced.
 */
async function runWorkers(count: number): Promise<number> {
  let stopping = false;
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(
      `centinela: server process ${worker.process.pid} ended (${signal ?? code}); starting another\n`,
    );
    cluster.fork();
  });
  for (let i = 0; i < count; i++) cluster.fork();
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  stopping = true;
  const running = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
  // Each worker stops as serve does alone (finishing its requests); a worker that had to cut them makes the exit 1.
  const codes = await Promise.all(
    running.map(
      (worker) =>
        new Promise<number>((resolve) => {
          worker.once("exit", (code) => resolve(code ?? 1));
          worker.process.kill("SIGTERM");
        }),
    ),
  );
  return codes.some((c) => c !== 0) ? 1 : 0;
}
