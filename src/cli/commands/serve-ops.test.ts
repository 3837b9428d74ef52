import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { logLevelOf, metricsOf, shutdownGraceOf } from "./serve-ops.js";

describe("serve's service options", () => {
  it("open /metrics without a token only on a local address, and refuse a short token", () => {
    const saved = process.env.CENTINELA_METRICS_TOKEN;
    delete process.env.CENTINELA_METRICS_TOKEN;
    try {
      assert.deepEqual(metricsOf({}, "127.0.0.1"), { token: null, local: true });
      assert.deepEqual(metricsOf({}, "localhost"), { token: null, local: true });
      assert.deepEqual(metricsOf({}, "0.0.0.0"), { token: null, local: false });
      assert.equal(metricsOf({ metrics: false }, "127.0.0.1"), false);
      // A token is then the only way in, wherever the server listens.
      assert.deepEqual(metricsOf({ metricsToken: "0123456789abcdef" }, "127.0.0.1"), {
        token: "0123456789abcdef",
        local: false,
      });
      assert.throws(() => metricsOf({ metricsToken: "short" }, "0.0.0.0"), /--metrics-token .*16/);
      assert.throws(() => metricsOf({ metricsToken: "" }, "0.0.0.0"), /--metrics-token/);
      process.env.CENTINELA_METRICS_TOKEN = "tiny";
      assert.throws(() => metricsOf({}, "0.0.0.0"), /CENTINELA_METRICS_TOKEN/);
    } finally {
      if (saved === undefined) delete process.env.CENTINELA_METRICS_TOKEN;
      else process.env.CENTINELA_METRICS_TOKEN = saved;
    }
  });

  it("read the log level and the grace period, naming what is allowed", () => {
    assert.equal(logLevelOf("WARN"), "warn");
    assert.throws(() => logLevelOf("loud"), /trace, debug, info, warn, error, fatal, silent/);
    assert.equal(shutdownGraceOf(undefined), 30_000);
    assert.equal(shutdownGraceOf("2.5"), 2500);
    assert.throws(() => shutdownGraceOf("-1"), /--shutdown-grace/);
    assert.throws(() => shutdownGraceOf("soon"), /--shutdown-grace/);
  });
});
