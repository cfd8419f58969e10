import { SignInTable, type SignInView } from "../components/sign-in-table";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export type ActivityView = SignInView;

export function ActivityPage(props: { page: PageContext; events: ActivityView[] }) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.activityTitle}>
      <h1>{t.activityTitle}</h1>
      <p>{t.activityIntro}</p>
      <SignInTable page={props.page} events={props.events} />
      <p>
        <a href="/account/sessions">{t.accountManageSessions}</a>
      </p>
    </Layout>
  );
}
