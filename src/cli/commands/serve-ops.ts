import { t } from "../../i18n/index.js";
import {
  DEFAULT_SHUTDOWN_GRACE_MS,
  isLocalHost,
  LOG_LEVELS,
  type LogLevel,
  METRICS_TOKEN_MIN,
  type MetricsOptions,
} from "../../server/index.js";

/**
 * The options of `serve` that run it as a service — who may read /metrics, the log's level, the
 * grace period of a stop — read from the flags, else the environment, each refusal a message.
 */

/** What these options read of serve's. */
export interface ServeOpsOptions {
  metricsToken?: string;
  /** False with --no-metrics. */
  metrics?: boolean;
}

/**
 * Who may read /metrics: the scraper with the token of --metrics-token / CENTINELA_METRICS_TOKEN,
 * else, on a server listening on a local address, callers on this machine; false with --no-metrics.
 * Throws when the token is too short to be a secret.
 */
export function metricsOf(options: ServeOpsOptions, host: string): MetricsOptions | false {
  if (options.metrics === false) return false;
  const fromFlag = options.metricsToken !== undefined;
  const token = (options.metricsToken ?? process.env.CENTINELA_METRICS_TOKEN ?? "").trim();
  if (token === "" && !fromFlag) return { token: null, local: isLocalHost(host) };
  if (token.length < METRICS_TOKEN_MIN)
    throw new Error(
      t("server:serve.metricsTokenShort", {
        option: fromFlag ? "--metrics-token" : "CENTINELA_METRICS_TOKEN",
        min: METRICS_TOKEN_MIN,
      }),
    );
  return { token, local: false };
}

/** The line saying how /metrics is reached. */
export function metricsLine(metrics: MetricsOptions | false, url: string): string {
  if (metrics === false) return t("server:serve.metricsOff");
  if (metrics.token) return t("server:serve.metricsToken", { url });
  return metrics.local ? t("server:serve.metricsLocal", { url }) : t("server:serve.metricsClosed", { url });
}

/** The level of --log-level, else CENTINELA_LOG_LEVEL, else info; throws naming the levels. */
export function logLevelOf(flag: string | undefined): LogLevel {
  const level = (flag ?? process.env.CENTINELA_LOG_LEVEL ?? "info").trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new Error(
    t("server:serve.badLogLevel", {
      option: flag !== undefined ? "--log-level" : "CENTINELA_LOG_LEVEL",
      value: level.slice(0, 40),
      allowed: LOG_LEVELS.join(", "),
    }),
  );
}

/** The grace period of --shutdown-grace (seconds, 0 to 3,600) in milliseconds. */
export function shutdownGraceOf(flag: string | undefined): number {
  const ms = Number(flag ?? DEFAULT_SHUTDOWN_GRACE_MS / 1000) * 1000;
  if (!Number.isFinite(ms) || ms < 0 || ms > 3_600_000)
    throw new Error(t("server:serve.badGrace", { value: String(flag).slice(0, 40) }));
  return ms;
}
