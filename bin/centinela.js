#!/usr/bin/env node
// The installed command runs the TypeScript sources through tsx, so there is no build step
// between a clone and a working `npx centinela`.
import { register } from "tsx/esm/api";

// A reader that stops early (`centinela export | head`) ends the output, not the program with a
// stack trace: stop quietly, as command-line tools do when their pipe closes.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});

register();
const { main } = await import("../src/cli/index.ts");
process.exitCode = await main(process.argv);
