import type { ProofOfWorkView } from "../../views/components/proof-of-work";
import type { Deps } from "../deps";
import type { StaticAssets } from "../web/static-assets";
import { issueProofOfWorkChallenge } from "./proof-of-work";
import { readUnderAttackState } from "./state";

/** In under-attack mode the sign-in form carries a challenge and the script that solves it. */
export async function proofOfWorkForForm(
  deps: Pick<Deps, "database" | "clock" | "settings">,
  assets: StaticAssets,
): Promise<ProofOfWorkView | null> {
  if (!(await readUnderAttackState(deps)).active) return null;
  return {
    challenge: await issueProofOfWorkChallenge(deps),
    scriptHref: assets.pathFor("proof-of-work.js"),
  };
}
