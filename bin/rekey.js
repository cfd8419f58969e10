#!/usr/bin/env node
// The rekey command line: the compiled build (see scripts/build-server.mjs) when it is up to
// date with the sources, else the TypeScript sources through tsx, as `npm run dev` runs them.
import { fileURLToPath } from "node:url";
import { buildIsStale } from "../scripts/build-server.mjs";

let runCommandLine;
if (buildIsStale()) {
  const { tsImport } = await import("tsx/esm/api");
  const tsconfig = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
  ({ runCommandLine } = await tsImport("../src/cli/main.ts", {
    parentURL: import.meta.url,
    tsconfig,
  }));
} else {
  process.setSourceMapsEnabled(true);
  ({ runCommandLine } = await import("../build/src/cli/main.js"));
}
process.exitCode = await runCommandLine(process.argv.slice(2));
