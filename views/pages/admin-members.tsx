import type { Messages } from "../../src/i18n";
import { AdminNav } from "../components/admin-nav";
import { formatDateTime, formatNumber } from "../format";
import { Layout } from "../layout";
import type { PageContext } from "../page-context";

export interface MemberRowView {
  id: number;
  loginId: string;
  email: string;
  role: "member" | "admin";
  passwordHash: string | null;
  passwordHealth: "ok" | "weak" | "similar" | "breached" | null;
  resetRequiredAt: Date | null;
  lastSignInAt: Date | null;
  createdAt: Date;
}

export interface MemberSearchView {
  query: string;
  health?: string | undefined;
  reset?: string | undefined;
  lastSignIn?: string | undefined;
}

export function healthLabelOf(
  member: Pick<MemberRowView, "passwordHash" | "passwordHealth">,
  t: Messages,
): string {
  if (member.passwordHash === null) return t.adminHealthPasswordless;
  switch (member.passwordHealth) {
    case "ok":
      return t.adminHealthOk;
    case "weak":
      return t.adminHealthWeak;
    case "similar":
      return t.adminHealthSimilar;
    case "breached":
      return t.adminHealthBreached;
    default:
      return t.adminHealthUnchecked;
  }
}

function Select(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
  any: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">{props.any}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Find members by any part of their login ID or address, filter, page and export. */
export function AdminMembersPage(props: {
  page: PageContext;
  search: MemberSearchView;
  members: MemberRowView[];
  nextHref: string | null;
  exportHref: string;
  exportLimit: number;
}) {
  const t = props.page.messages;
  const language = props.page.language;
  const { search } = props;
  return (
    <Layout page={props.page} title={t.adminMembersTitle}>
      <AdminNav page={props.page} />
      <h1>{t.adminMembersTitle}</h1>
      <p>
        <a href="/admin/administrators">{t.administratorsTitle}</a>
      </p>
      <form method="get" action="/admin/members" class="search-form">
        <div class="field">
          <label for="q">{t.adminMembersSearch}</label>
          <input
            id="q"
            name="q"
            type="search"
            value={search.query}
            maxlength={254}
            autocomplete="off"
          />
        </div>
        <Select
          id="health"
          label={t.membersFilterHealth}
          value={search.health}
          any={t.membersFilterAny}
          options={[
            ["ok", t.adminHealthOk],
            ["weak", t.adminHealthWeak],
            ["similar", t.adminHealthSimilar],
            ["breached", t.adminHealthBreached],
            ["unchecked", t.adminHealthUnchecked],
            ["passwordless", t.adminHealthPasswordless],
          ]}
        />
        <Select
          id="reset"
          label={t.membersFilterReset}
          value={search.reset}
          any={t.membersFilterAny}
          options={[
            ["pending", t.membersFilterResetPending],
            ["none", t.membersFilterResetNone],
          ]}
        />
        <Select
          id="signed-in"
          label={t.membersFilterSignedIn}
          value={search.lastSignIn}
          any={t.membersFilterAny}
          options={[
            ["7", t.membersFilterSignedIn7],
            ["30", t.membersFilterSignedIn30],
            ["90", t.membersFilterSignedIn90],
            ["not-90", t.membersFilterNotSignedIn90],
            ["never", t.membersFilterNeverSignedIn],
          ]}
        />
        <button type="submit">{t.adminMembersSearchSubmit}</button>
      </form>
      <p>
        <a href={props.exportHref}>{t.membersExport(formatNumber(props.exportLimit, language))}</a>
      </p>
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
                <th scope="col">{t.membersHealth}</th>
                <th scope="col">{t.membersLastSignIn}</th>
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
                  <td data-role={member.role}>
                    {member.role === "admin" ? t.roleAdministrator : t.roleMember}
                  </td>
                  <td>
                    {healthLabelOf(member, t)}
                    {member.resetRequiredAt && (
                      <>
                        {" "}
                        <span class="badge warn">{t.membersResetPending}</span>
                      </>
                    )}
                  </td>
                  <td>
                    {member.lastSignInAt
                      ? formatDateTime(member.lastSignInAt, language)
                      : t.membersNeverSignedIn}
                  </td>
                  <td>{formatDateTime(member.createdAt, language)}</td>
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
