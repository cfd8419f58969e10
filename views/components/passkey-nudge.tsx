import type { PageContext } from "../page-context";
import { CsrfField } from "./form";

/** "Add a passkey / Not now / Don't ask again", shown only when shouldOfferPasskey says so. */
export function PasskeyNudge(props: { page: PageContext; csrfToken: string }) {
  const t = props.page.messages;
  return (
    <section class="nudge" aria-labelledby="passkey-nudge-title">
      <h2 id="passkey-nudge-title">{t.nudgeTitle}</h2>
      <p>{t.nudgeBody}</p>
      <div class="actions">
        <a class="button" href="/account/passkeys">
          {t.nudgeAdd}
        </a>
        <form method="post" action="/account/passkey-nudge" class="inline-form">
          <CsrfField token={props.csrfToken} />
          <button type="submit" name="answer" value="not-now" class="secondary">
            {t.nudgeLater}
          </button>
          <button type="submit" name="answer" value="never" class="link-button">
            {t.nudgeNever}
          </button>
        </form>
      </div>
    </section>
  );
}
