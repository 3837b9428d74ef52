import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";

/**
 * A real HTTP server on 127.0.0.1 serving the files of a folder as they are on disk at each
 * request (a test changes a file and the next request sees it), 404 for what is not there: the
 * remote of the feed tests.
 */

/** A running folder server. */
export interface FolderServer {
  /** The URL of the folder, ending in "/". */
  url: string;
  /** Paths asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `folder` until closed. */
export async function serveFolder(folder: string): Promise<FolderServer> {
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    requests.push(path);
    const file = normalize(join(folder, path));
    try {
      if (!file.startsWith(folder)) throw new Error("outside the folder");
      const body = await readFile(file);
      response.writeHead(200, { "content-length": body.length });
      response.end(body);
    } catch {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
