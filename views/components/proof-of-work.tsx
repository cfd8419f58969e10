import type { Messages } from "../../src/i18n";

export interface ProofOfWorkView {
  /** altcha-lib v2 challenge JSON; the script posts back base64 `{ challenge, solution }`. */
  challenge: string;
  scriptHref: string;
}

/**
 * The under-attack security check on the sign-in form: an external, fingerprinted script
 * (CSP script-src 'self', no inline code or styles) solves the challenge and fills the field.
 */
export function ProofOfWorkField(props: { proofOfWork: ProofOfWorkView; messages: Messages }) {
  const t = props.messages;
  return (
    <div class="proof-of-work" data-proof-of-work={props.proofOfWork.challenge}>
      <input type="hidden" name="altcha" value="" />
      <p class="hint">{t.proofOfWorkIntro}</p>
      <p
        class="proof-of-work-status"
        role="status"
        data-solving={t.proofOfWorkSolving}
        data-done={t.proofOfWorkDone}
        data-failed={t.proofOfWorkFailed}
      >
        {t.proofOfWorkNeedsScript}
      </p>
      <script src={props.proofOfWork.scriptHref} defer />
    </div>
  );
}
