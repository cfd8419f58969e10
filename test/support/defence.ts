import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { addSourceBlocks } from "../../src/defence/blocklist";
import { parseCidr } from "../../src/defence/ip-address";
import type {
  AlertNotice,
  AlertNotifier,
  NewSignInNotice,
  SignInNotifier,
  UnrecognisedSignInHandler,
} from "../../src/defence/notifiers";
import type { TestPortal } from "./harness";

/** Blocks an address or range by hand, as an administrator would; no expiry unless given. */
export async function blockSource(
  portal: TestPortal,
  cidr: string,
  options: { expiresInMinutes?: number } = {},
): Promise<void> {
  const range = parseCidr(cidr);
  if (!range) throw new TypeError(`not an address or CIDR range: ${cidr}`);
  const expiresAt =
    options.expiresInMinutes === undefined
      ? null
      : new Date(portal.clock.now().getTime() + options.expiresInMinutes * 60_000);
  await addSourceBlocks(portal.deps, [
    { range, reason: "test", origin: "manual", expiresAt, createdBy: null },
  ]);
}

/** Notifiers that keep what they were asked to send, for assertions. */
export function capturingNotifiers() {
  const alerts: AlertNotice[] = [];
  const newSignIns: NewSignInNotice[] = [];
  const unrecognised: number[] = [];
  const alertNotifier: AlertNotifier = { notifyAlert: async (notice) => void alerts.push(notice) };
  const signInNotifier: SignInNotifier = {
    notifyNewSignIn: async (notice) => void newSignIns.push(notice),
  };
  const unrecognisedSignInHandler: UnrecognisedSignInHandler = {
    handleUnrecognisedSignIn: async (member) => void unrecognised.push(member.id),
  };
  return {
    alerts,
    newSignIns,
    unrecognised,
    overrides: { alertNotifier, signInNotifier, unrecognisedSignInHandler },
  };
}

/** The challenge JSON a sign-in page carries in under-attack mode, or null. */
export function challengeOf(html: string): string | null {
  const attribute = /data-proof-of-work="([^"]+)"/.exec(html)?.[1];
  return attribute ? attribute.replace(/&quot;/g, '"').replace(/&amp;/g, "&") : null;
}

/** Solves a page's challenge the way the browser script does, with altcha-lib's solver. */
export async function solveProofOfWork(html: string): Promise<string> {
  const json = challengeOf(html);
  if (!json) throw new Error("the page carries no proof-of-work challenge");
  const challenge = JSON.parse(json);
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error("no solution found");
  return Buffer.from(JSON.stringify({ challenge, solution })).toString("base64");
}
