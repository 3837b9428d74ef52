#!/usr/bin/env node
// The installed command runs the TypeScript sources through tsx, so there is no build step
// between a clone and a working `npx centinela`.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/index.ts");
process.exitCode = await main(process.argv);
