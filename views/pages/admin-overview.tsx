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
  health: Record<"ok" | "weak" | "similar" | "breached" | "unchecked" | "passwordless", number>;
  age: Record<"under-90-days" | "90-to-365-days" | "1-to-2-years" | "over-2-years", number>;
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
      <h2>{t.adminHealthTitle}</h2>
      <Figures
        page={props.page}
        figures={[
          [t.adminHealthOk, overview.health.ok],
          [t.adminHealthWeak, overview.health.weak],
          [t.adminHealthSimilar, overview.health.similar],
          [t.adminHealthBreached, overview.health.breached],
          [t.adminHealthUnchecked, overview.health.unchecked],
          [t.adminHealthPasswordless, overview.health.passwordless],
        ]}
      />
      <h2>{t.adminAgeTitle}</h2>
      <Figures
        page={props.page}
        figures={[
          [t.adminAgeUnder90, overview.age["under-90-days"]],
          [t.adminAge90To365, overview.age["90-to-365-days"]],
          [t.adminAge1To2, overview.age["1-to-2-years"]],
          [t.adminAgeOver2, overview.age["over-2-years"]],
        ]}
      />
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
