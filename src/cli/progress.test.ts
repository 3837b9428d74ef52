import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setLocale } from "../i18n/index.js";
import { createProgress } from "./progress.js";

/** A stream that is not a terminal, as under cron or in a log file. */
function plainStream() {
  const lines: string[] = [];
  const stream = {
    isTTY: false,
    write(text: string) {
      lines.push(...text.split("\n").filter(Boolean));
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

describe("progress off a terminal", () => {
  it("prints plain lines now and then, and a true final line", () => {
    setLocale("en");
    const { stream, lines } = plainStream();
    const progress = createProgress("feed.json", 1000, "bytes", false, stream);
    progress.update(100, { read: 10_000, stored: 10_000, rejected: 0 });
    progress.update(770, { read: 12_962, stored: 10_000, rejected: 0 });
    progress.update(1000, { read: 19_863, rejected: 3 });
    progress.stop();
    assert.deepEqual(lines, [
      "feed.json: 10% read 10,000  stored 10,000  rejected 0",
      "feed.json: 100% read 19,863  rejected 3",
    ]);
  });

  it("says the words in Spanish for a Spanish reader", () => {
    setLocale("es-MX");
    const { stream, lines } = plainStream();
    const progress = createProgress("stdin", null, "objects", false, stream);
    progress.update(5, { read: 5, stored: 4, rejected: 1 });
    progress.stop();
    assert.deepEqual(lines, ["stdin: 5 objetos leídos 5  guardados 4  rechazados 1"]);
    setLocale("en");
  });
});
