import { AdminNav } from "../components/admin-nav";
import { Figures } from "../components/figures";
import { formatDateTime } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface AdminOverviewView {
  members: number;
  administrators: number;
  activeSessions: number;
  unverifiedEmails: number;
  newestMembers: { loginId: string; role: string; createdAt: Date }[];
}

export function AdminOverviewPage(props: { page: PageContext; overview: AdminOverviewView }) {
  const t = props.page.messages;
  const language = props.page.language;
  const { overview } = props;
  const figures: [string, number][] = [
    [t.adminMembers, overview.members],
    [t.adminAdministrators, overview.administrators],
    [t.adminActiveSessions, overview.activeSessions],
    [t.adminUnverifiedEmails, overview.unverifiedEmails],
  ];
  return (
    <Layout page={props.page} title={t.adminTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminTitle}</h1>
      <p>
        <a href="/admin/attacks">{t.adminAttacksLink}</a>
      </p>
      <Figures page={props.page} figures={figures} />
      <h2>{t.adminRecentMembers}</h2>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t.accountLoginId}</th>
              <th scope="col">{t.adminCreatedAt}</th>
            </tr>
          </thead>
          <tbody>
            {overview.newestMembers.map((member) => (
              <tr>
                <td>
                  {member.loginId}
                  {member.role === "admin" && <span class="badge">{t.navAdmin}</span>}
                </td>
                <td>{formatDateTime(member.createdAt, language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
