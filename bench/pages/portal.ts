import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * bench/pages' rekey process: the real server (src/server.ts), one registered member signed in
 * through the real form, alone in its process as in production. Reports its origin and the
 * member's cookies to the parent over IPC, its CPU time when asked, and shuts down when told
 * (so a --cpu-prof profile is written on exit). Usage (from run.ts): portal.ts [checkout], where
 * checkout is the rekey source tree to run (default: this one), so one run can hold a change
 * against another branch's code (`--compare /work/main`).
 */
const checkout = resolve(process.argv[2] ?? resolve(import.meta.dirname, "../.."));
const load = (path: string) => import(pathToFileURL(resolve(checkout, path)).href);
const { registerMember } = await load("src/accounts/registration.ts");
const { startSaturablePortal } = await load("test/support/saturation.ts");
const portal = await startSaturablePortal({ LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" });
const member = {
  loginId: "bench-member",
  email: "bench@example.jp",
  password: "bench pages 2026 !",
};
await registerMember(portal.running.deps, member);

const cookies = new Map<string, string>();
const keepCookies = (response: Response) => {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ""] = line.split(";");
    const separator = pair.indexOf("=");
    cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
  }
};
const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
keepCookies(await fetch(`${portal.origin}/login`));
const signIn = await fetch(`${portal.origin}/login`, {
  method: "POST",
  redirect: "manual",
  headers: {
    "content-type": "application/x-www-form-urlencoded",
    origin: portal.origin.replace("127.0.0.1", "localhost"),
    "sec-fetch-site": "same-origin",
    cookie: cookieHeader(),
  },
  body: new URLSearchParams({
    csrfToken: cookies.get("rekey_csrf") ?? "",
    loginId: member.loginId,
    password: member.password,
  }).toString(),
});
keepCookies(signIn);
if (signIn.status !== 303) throw new Error(`the bench member's sign-in answered ${signIn.status}`);

process.send?.({ origin: portal.origin, cookie: cookieHeader() });
process.on("message", async (message) => {
  if (message === "cpu") process.send?.({ cpu: process.cpuUsage() });
  if (message === "stop") {
    await portal.stop();
    process.exit(0);
  }
});
