#!/usr/bin/env node
// The rekey command line. It runs the TypeScript sources through tsx, like `npm start` does.
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const tsconfig = fileURLToPath(new URL("../tsconfig.json", import.meta.url));
const { runCommandLine } = await tsImport("../src/cli/main.ts", {
  parentURL: import.meta.url,
  tsconfig,
});
process.exitCode = await runCommandLine(process.argv.slice(2));
