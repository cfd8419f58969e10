import { createSignInSender } from "../../test/support/saturation";

/**
 * bench/health's load process: keeps `connections` sign-ins for unknown IDs in flight against
 * the portal (each a real argon2id verification) for `seconds`, then reports how many it sent.
 * Usage (from run.ts): load.ts <origin> <connections> <seconds>
 */
const [origin = "", connectionsText = "200", secondsText = "15"] = process.argv.slice(2);
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(origin)) throw new Error("loopback origins only");
const signIn = await createSignInSender(origin);
const deadline = performance.now() + Number(secondsText) * 1000;
let signIns = 0;
let failures = 0;
await Promise.all(
  Array.from({ length: Number(connectionsText) }, async () => {
    while (performance.now() < deadline) {
      const status = await signIn().catch(() => 0);
      if (status === 0 || status >= 500) failures++;
      signIns++;
    }
  }),
);
process.send?.({ signIns, failures });
