/**
 * The ceiling of bench/taxii.ts: an HTTP server with nothing of Centinela's in it, serving the
 * same pages of the same database. node:http, one prepared keyset query (membership joined to
 * objects, raw texts in array mode), the texts joined into an envelope. No authentication,
 * no TLP or version predicates, no cursor seal, no Fastify, no schemas.
 *
 * The server's figures are only meaningful beside this one, measured in the same run on the same
 * cores: the shared machine's speed changes from hour to hour, and no server that does the work
 * TAXII asks for (who is asking, what they may see, which version) can pass it.
 *
 * It answers `GET …/objects/?limit=100` (the first page) and `…&after=<date_added>,<seq>` (the page
 * after that position), with the same media type and the same `more`/`next` shape as the server.
 */
import { createServer } from "node:http";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { CONNECTION_PRAGMAS } from "../src/store/sqlite/writer-thread.js";

const MEDIA_TYPE = "application/taxii+json;version=2.1";

/** Serves the bare pages of the collection "bench" in `dataDir`; prints `LISTEN <url>` once it listens. */
export function serveBare(dataDir: string): void {
  const db = new BetterSqlite3(join(dataDir, "centinela.db"), { readonly: true });
  for (const pragma of CONNECTION_PRAGMAS(10_000)) {
    // A read-only connection cannot change the journal mode; the file is already in WAL.
    if (!pragma.startsWith("journal_mode")) db.pragma(pragma);
  }
  const select =
    "select o.raw, m.date_added, m.seq from collection_objects m join objects o on o.seq = m.seq where m.collection_id = 'bench'";
  const order = "order by m.date_added, m.seq limit ?";
  const first = db.prepare(`${select} ${order}`).raw(true);
  const after = db.prepare(`${select} and (m.date_added, m.seq) > (?, ?) ${order}`).raw(true);

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://bench");
    const limit = Math.min(1000, Number(url.searchParams.get("limit") ?? 100));
    const position = url.searchParams.get("after");
    let rows: unknown[][];
    if (position) {
      const [dateAdded, seq] = position.split(",");
      rows = after.all(dateAdded, Number(seq), limit + 1) as unknown[][];
    } else rows = first.all(limit + 1) as unknown[][];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows[rows.length - 1];
    const next = more && last ? `,"next":"${last[1]},${last[2]}"` : "";
    const body = `{"more":${more}${next},"objects":[${rows.map((r) => r[0]).join(",")}]}`;
    response.writeHead(200, { "content-type": MEDIA_TYPE, "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    process.stdout.write(`LISTEN http://127.0.0.1:${port}\n`);
  });
  process.on("SIGTERM", () => {
    process.stdout.write(`RSS ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
    server.close();
    db.close();
    process.exit(0);
  });
}
