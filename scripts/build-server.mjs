// Compiles the server, the CLI and the TypeScript worker threads into build/ for `npm start`
// (issue 24: a start took 40 s and more with tsx compiling every module first). One esbuild
// pass, shared code split into chunks, node_modules left as imports. Plain JavaScript, so
// `npm start` can rebuild without loading tsx. Run by `npm install` (the `prepare` script) and by
// scripts/start.mjs whenever a source is newer than the build. Tests and `npm run dev` keep
// running the sources through tsx.
import { readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../", import.meta.url));
export const builtEntry = join(projectRoot, "build", "src", "main.js");

const entryPoints = [
  "src/main.ts",
  "src/cli/main.ts",
  "src/health/operations-worker.ts",
  "src/passwords/strength/strength-worker.ts",
];
/** What the bundle is made of; views/static and migrations are read at run time instead. */
const sourceFolders = ["src", "views/components", "views/pages"];
const sourceFiles = [
  "views/layout.tsx",
  "views/format.ts",
  "views/page-context.ts",
  "tsconfig.json",
  "package-lock.json",
];

function newestIn(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

/** Whether build/ is missing or older than a source it was made from. */
export function buildIsStale() {
  const built = statSync(builtEntry, { throwIfNoEntry: false });
  if (!built) return true;
  const newest = Math.max(
    ...sourceFolders.map((folder) => newestIn(join(projectRoot, folder))),
    ...sourceFiles.map((file) => newestIn(join(projectRoot, file))),
  );
  return newest > built.mtimeMs;
}

export async function buildServer() {
  const { build } = await import("esbuild");
  rmSync(join(projectRoot, "build"), { recursive: true, force: true });
  await build({
    absWorkingDir: projectRoot,
    entryPoints,
    outdir: "build",
    outbase: ".",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    sourcemap: true,
    // JSX as in tsconfig.json: hono/jsx's automatic runtime.
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const began = performance.now();
  await buildServer();
  console.log(`rekey: compiled build/ in ${Math.round(performance.now() - began)} ms`);
}
