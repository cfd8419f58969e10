import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * Where rekey's files are, whether it runs from its sources through tsx (tests, `npm run dev`)
 * or from the compiled bundle in build/ (`npm start`). Bundled code lands in other folders
 * (and shared chunks in build/ itself), so paths are found from the project root, the first
 * folder up from here that holds package.json, never relative to the running file.
 */
function findProjectRoot(start: string): string {
  let folder = dirname(start);
  while (!existsSync(join(folder, "package.json"))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

const here = fileURLToPath(import.meta.url);
export const projectRoot = findProjectRoot(here);

/** True in the compiled bundle, false when tsx runs the TypeScript sources. */
export const runsCompiled = !/\.tsx?$/.test(here);

export function projectPath(...segments: string[]): string {
  return join(projectRoot, ...segments);
}

/**
 * A TypeScript worker thread's entry, `sourcePath` without extension ("src/health/operations-worker"):
 * its bundled build/<sourcePath>.js when compiled, else the .mjs beside the source that registers
 * tsx first (worker threads on Node 20 do not inherit tsx's loader).
 */
export function workerEntryFor(sourcePath: string): URL {
  return pathToFileURL(
    runsCompiled ? projectPath("build", `${sourcePath}.js`) : projectPath(`${sourcePath}.mjs`),
  );
}
