import { startSaturablePortal } from "../../test/support/saturation";

/**
 * bench/health's portal process: the real server (src/server.ts) with throttles raised and an
 * operations port, alone in its process as in production. Reports its origins to the parent
 * over IPC and shuts down when told.
 */
const portal = await startSaturablePortal({ LOG_LEVEL: "silent", REKEY_OPERATIONS_PORT: "0" });
process.send?.({
  origin: portal.origin,
  operationsOrigin: `http://127.0.0.1:${portal.running.operationsAddress?.port}`,
});
process.once("message", async () => {
  await portal.stop();
  process.exit(0);
});
