// Worker threads on Node 20 do not inherit tsx's loader, so this plain entry registers it
// for the TypeScript worker (a .ts entry fails with "Unknown file extension .ts").
const { tsImport } = await import("tsx/esm/api");
await tsImport("./operations-worker.ts", import.meta.url);
