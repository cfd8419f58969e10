import { Layout } from "../layout";
import type { PageContext } from "../page-context";

/** An administrator without a passkey, where the operator requires one: how to get in. */
export function AdminPasskeyRequiredPage(props: { page: PageContext }) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.adminPasskeyRequiredTitle}>
      <h1>{t.adminPasskeyRequiredTitle}</h1>
      <p>{t.adminPasskeyRequiredBody}</p>
      <h2>{t.adminPasskeyRequiredStepsTitle}</h2>
      <ol>
        <li>{t.adminPasskeyRequiredStepAdd}</li>
        <li>{t.adminPasskeyRequiredStepReturn}</li>
      </ol>
      <p>
        <a class="button" href="/account/passkeys">
          {t.adminPasskeyRequiredAdd}
        </a>
      </p>
      <p>
        <a href="/account">{t.adminPasskeyRequiredAccount}</a>
      </p>
    </Layout>
  );
}
