import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export function HomePage(props: { page: PageContext }) {
  const t = props.page.messages;
  const member = props.page.member;
  return (
    <Layout page={props.page} title={t.homeTitle}>
      <h1>{t.homeTitle}</h1>
      <p>{t.homeIntro}</p>
      <p class="advice">{t.homeAdvice}</p>
      {member ? (
        <p>
          {t.homeSignedIn(member.loginId)} <a href="/account">{t.homeGoToAccount}</a>
        </p>
      ) : (
        <p class="actions">
          <a class="button" href="/login">
            {t.navSignIn}
          </a>{" "}
          <a class="button secondary" href="/register">
            {t.navRegister}
          </a>
        </p>
      )}
    </Layout>
  );
}
