// `npm start`: runs the compiled portal (build/src/main.js), compiling it first when build/ is
// missing or older than the sources (a fresh clone installed without scripts, a `git pull`).
// Node's --enable-source-maps makes stack traces name the TypeScript lines.
import { buildIsStale, buildServer, builtEntry } from "./build-server.mjs";

if (buildIsStale()) {
  console.log("rekey: compiling the server (once, after an install or a change)...");
  await buildServer();
}
process.setSourceMapsEnabled(true);
await import(builtEntry);
