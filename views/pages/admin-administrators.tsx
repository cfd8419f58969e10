import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AdministratorRowView {
  id: number;
  loginId: string;
  email: string;
  passkeys: number;
}

/** The administrators, with demote and delete for each (never oneself), and a promote form. */
export function AdminAdministratorsPage(props: {
  page: PageContext;
  csrfToken: string;
  currentMemberId: number;
  notice: string | null;
  error: string | null;
  loginId: string;
  administrators: AdministratorRowView[];
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.administratorsTitle}>
      <AdminNav page={props.page} />
      <h1>{t.administratorsTitle}</h1>
      <p>{t.administratorsIntro}</p>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p class="error" role="alert" id="administrators-error">
          {props.error}
        </p>
      )}
      <ul class="administrator-list">
        {props.administrators.map((administrator) => {
          const self = administrator.id === props.currentMemberId;
          return (
            <li data-administrator={administrator.loginId}>
              <p>
                <a href={`/admin/members/${administrator.id}`}>{administrator.loginId}</a>
                {self && ` ${t.administratorsYou}`} · {administrator.email} ·{" "}
                {t.administratorsPasskeys}: {administrator.passkeys}
              </p>
              {!self && (
                <div class="account-actions">
                  <form
                    method="post"
                    action={`/admin/administrators/${administrator.id}/demote`}
                    class="inline-form"
                  >
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" class="secondary">
                      {t.administratorsDemote(administrator.loginId)}
                    </button>
                  </form>
                  <form
                    method="post"
                    action={`/admin/administrators/${administrator.id}/remove`}
                    class="inline-form"
                  >
                    <CsrfField token={props.csrfToken} />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" class="secondary">
                      {t.administratorsRemove(administrator.loginId)}
                    </button>
                  </form>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      <p class="hint">{t.administratorsRemoveHint}</p>
      <h2>{t.administratorsPromoteTitle}</h2>
      <form method="post" action="/admin/administrators/promote" class="search-form">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="loginId">{t.administratorsPromoteLoginId}</label>
          <input
            id="loginId"
            name="loginId"
            type="text"
            value={props.loginId}
            maxlength={64}
            autocomplete="off"
            required
            aria-describedby={props.error ? "administrators-error" : undefined}
          />
        </div>
        <button type="submit">{t.administratorsPromoteSubmit}</button>
      </form>
    </Layout>
  );
}
