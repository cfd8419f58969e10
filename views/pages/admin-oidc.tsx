import { supportedScopes } from "../../src/oidc/clients";
import { AdminNav } from "../components/admin-nav";
import { CsrfField } from "../components/form";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface OidcClientView {
  id: string;
  name: string;
  publicClient: boolean;
  firstParty: boolean;
  redirectUris: string[];
  backchannelLogoutUri: string | null;
  scopes: string;
  createdAt: Date;
}

export interface OidcClientFormValues {
  name: string;
  redirectUris: string;
  postLogoutRedirectUris: string;
  backchannelLogoutUri: string;
}

/** Connected services: the list, the registration form, and the one-time secret after a POST. */
export function AdminOidcPage(props: {
  page: PageContext;
  csrfToken: string;
  discoveryUrl: string;
  clients: OidcClientView[];
  created: { clientId: string; clientSecret: string | null } | null;
  problemField: string | null;
  values: OidcClientFormValues;
}) {
  const t = props.page.messages;
  const { values } = props;
  return (
    <Layout page={props.page} title={t.adminOidcTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminOidcTitle}</h1>
      <p>
        {t.adminOidcIntro} <code>{props.discoveryUrl}</code>
      </p>
      {props.created && (
        <div class="notice" role="status" data-oidc-created>
          <p>{t.adminOidcCreatedTitle}</p>
          <p>
            {t.adminOidcClientId}: <code data-client-id>{props.created.clientId}</code>
          </p>
          {props.created.clientSecret && (
            <>
              <p>{t.adminOidcSecretOnce}</p>
              <p>
                {t.adminOidcClientSecret}:{" "}
                <code data-client-secret>{props.created.clientSecret}</code>
              </p>
            </>
          )}
        </div>
      )}
      {props.problemField && (
        <p class="error" role="alert">
          {t.adminOidcProblem(props.problemField)}
        </p>
      )}
      {props.clients.length === 0 ? (
        <p>{t.adminOidcNone}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t.adminOidcName}</th>
              <th scope="col">{t.adminOidcClientId}</th>
              <th scope="col">{t.adminOidcType}</th>
              <th scope="col">{t.adminOidcScopes}</th>
              <th scope="col">
                <span class="visually-hidden">{t.adminOidcDelete}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.clients.map((client) => (
              <tr data-oidc-client={client.id}>
                <td>
                  {client.name}
                  <br />
                  <small>{formatDateTime(client.createdAt, props.page.language)}</small>
                </td>
                <td>
                  <code>{client.id}</code>
                </td>
                <td>
                  {client.publicClient ? t.adminOidcTypePublic : t.adminOidcTypeConfidential}
                  {client.firstParty && <> · {t.adminOidcFirstParty}</>}
                </td>
                <td>{client.scopes}</td>
                <td>
                  <form
                    method="post"
                    action={`/admin/oidc/${encodeURIComponent(client.id)}/delete`}
                  >
                    <CsrfField token={props.csrfToken} />
                    <button
                      type="submit"
                      class="secondary"
                      aria-label={`${t.adminOidcDelete}: ${client.name}`}
                    >
                      {t.adminOidcDelete}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.adminOidcAdd}</h2>
      <form method="post" action="/admin/oidc">
        <CsrfField token={props.csrfToken} />
        <div class="field">
          <label for="name">{t.adminOidcName}</label>
          <input id="name" name="name" type="text" maxlength={100} required value={values.name} />
        </div>
        <div class="field">
          <label for="redirectUris">{t.adminOidcRedirectUris}</label>
          <textarea id="redirectUris" name="redirectUris" rows={3} required>
            {values.redirectUris}
          </textarea>
        </div>
        <div class="field">
          <label for="postLogoutRedirectUris">{t.adminOidcPostLogoutUris}</label>
          <textarea id="postLogoutRedirectUris" name="postLogoutRedirectUris" rows={2}>
            {values.postLogoutRedirectUris}
          </textarea>
        </div>
        <div class="field">
          <label for="backchannelLogoutUri">{t.adminOidcBackchannelUri}</label>
          <input
            id="backchannelLogoutUri"
            name="backchannelLogoutUri"
            type="url"
            value={values.backchannelLogoutUri}
          />
        </div>
        <fieldset class="options">
          <legend>{t.adminOidcScopes}</legend>
          {supportedScopes.map((scope) => (
            <label>
              <input
                type="checkbox"
                name={`scope-${scope}`}
                checked
                disabled={scope === "openid"}
              />{" "}
              <code>{scope}</code>
            </label>
          ))}
        </fieldset>
        <fieldset class="options">
          <legend>{t.adminOidcType}</legend>
          <label>
            <input type="checkbox" name="firstParty" /> {t.adminOidcFirstParty}
          </label>
          <label>
            <input type="checkbox" name="publicClient" /> {t.adminOidcPublic}
          </label>
        </fieldset>
        <button type="submit">{t.adminOidcAdd}</button>
      </form>
    </Layout>
  );
}
