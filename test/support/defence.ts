import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import type {
  AlertNotice,
  AlertNotifier,
  NewSignInNotice,
  SignInNotifier,
  UnrecognisedSignInHandler,
} from "../../src/defence/notifiers";

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
