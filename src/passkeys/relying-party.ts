import type { Config } from "../config";

/** How long a ceremony may take; the stored challenge expires with it. */
export const ceremonyTimeoutInSeconds = 5 * 60;

export interface RelyingParty {
  /** The RP ID: the public origin's host name. */
  id: string;
  /** The exact origin the browser must report in clientDataJSON. */
  origin: string;
  name: string;
}

/**
 * The relying party comes from REKEY_ORIGIN, never from a request's Host header, so a request
 * routed to us under another name cannot make us accept assertions made for that name.
 */
export function relyingPartyOf(config: Pick<Config, "origin">): RelyingParty {
  return { id: config.origin.hostname, origin: config.origin.origin, name: "rekey" };
}
