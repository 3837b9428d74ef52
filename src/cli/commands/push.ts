import type { Command } from "commander";
import { openSource } from "../../sources/index.js";
import { readStixStream, type StixStreamItem } from "../../stix/index.js";
import { pushObjects, TaxiiClient } from "../../taxii/index.js";
import { readClientTls } from "../../tls/index.js";

interface PushCommandOptions {
  to: string;
  collection: string;
  user?: string;
  passwordEnv: string;
  tokenEnv: string;
  batch: string;
  clientCert?: string;
  clientKey?: string;
  ca?: string;
}

/** The STIX items of a file, "-" or URL, gzip or plain, opened when the first is asked for. */
async function* readStix(file: string): AsyncGenerator<StixStreamItem> {
  yield* readStixStream((await openSource(file)).stream);
}

/** `centinela push FILE… --to URL --collection ID`: send objects to a remote TAXII collection. */
export function registerPushCommand(program: Command): void {
  program
    .command("push")
    .description("send STIX objects to a remote TAXII 2.1 collection and follow the status until done")
    .argument("<files...>", "STIX bundles, objects or JSON lines (.gz too), or - for standard input")
    .requiredOption("--to <url>", "API root URL of the remote server")
    .requiredOption("--collection <id>", "remote collection id")
    .option("--user <username>", "HTTP Basic user; password from --password-env")
    .option("--password-env <var>", "environment variable holding the password", "CENTINELA_PUSH_PASSWORD")
    .option("--token-env <var>", "environment variable holding a Bearer token", "CENTINELA_PUSH_TOKEN")
    .option("--batch <n>", "objects per envelope", "1000")
    .option(
      "--client-cert <file>",
      "PEM client certificate to present (mutual TLS, as CISA AIS asks); needs --client-key",
    )
    .option("--client-key <file>", "the unencrypted PEM private key of --client-cert")
    .option("--ca <file>", "PEM CA bundle to trust for the server's certificate, instead of the system's")
    .action(async (files: string[], options: PushCommandOptions) => {
      // Read and checked before anything is sent: a wrong file is named, not a handshake failure.
      const tls = readClientTls({
        clientCert: options.clientCert ?? null,
        clientKey: options.clientKey ?? null,
        ca: options.ca ?? null,
      });
      const client = new TaxiiClient({
        credentials: options.user
          ? { username: options.user, password: process.env[options.passwordEnv] ?? "" }
          : { token: process.env[options.tokenEnv] ?? null },
        tls,
      });
      let failures = 0;
      try {
        for (const file of files) {
          const result = await pushObjects(client, options.to, options.collection, readStix(file), {
            batchSize: Number(options.batch),
          });
          failures += result.failures.length + result.pending + result.unreadable;
          process.stdout.write(
            `${file}\tenvelopes=${result.envelopes}\ttotal=${result.total}\tsuccesses=${result.successes}\tfailures=${result.failures.length}\tpending=${result.pending}\tunreadable=${result.unreadable}\n`,
          );
          for (const f of result.failures.slice(0, 20)) process.stderr.write(`  failed ${f.id}: ${f.message ?? ""}\n`);
        }
      } finally {
        await client.close();
      }
      if (failures > 0) process.exitCode = 1;
    });
}
