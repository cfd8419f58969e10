import { AdminNav } from "../components/admin-nav";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface MemberRowView {
  id: number;
  loginId: string;
  email: string;
  role: string;
  createdAt: Date;
}

export function AdminMembersPage(props: {
  page: PageContext;
  query: string;
  members: MemberRowView[];
  nextHref: string | null;
}) {
  const t = props.page.messages;
  return (
    <Layout page={props.page} title={t.adminMembersTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminMembersTitle}</h1>
      <form method="get" action="/admin/members" class="search-form">
        <div class="field">
          <label for="q">{t.adminMembersSearch}</label>
          <input
            id="q"
            name="q"
            type="search"
            value={props.query}
            maxlength={254}
            autocomplete="off"
          />
        </div>
        <button type="submit">{t.adminMembersSearchSubmit}</button>
      </form>
      {props.members.length === 0 ? (
        <p>{t.adminMembersNone}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.accountLoginId}</th>
                <th scope="col">{t.accountEmail}</th>
                <th scope="col">{t.adminMembersRole}</th>
                <th scope="col">{t.adminCreatedAt}</th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((member) => (
                <tr>
                  <td>
                    <a href={`/admin/members/${member.id}`}>{member.loginId}</a>
                  </td>
                  <td>{member.email}</td>
                  <td>{member.role}</td>
                  <td>{formatDateTime(member.createdAt, props.page.language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.nextHref && (
        <p>
          <a href={props.nextHref} rel="next">
            {t.adminMembersNext}
          </a>
        </p>
      )}
    </Layout>
  );
}
