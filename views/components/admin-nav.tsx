import type { PageContext } from "../page-context";

/** The administrator's sections; the current one is marked for assistive technology. */
export function AdminNav(props: { page: PageContext }) {
  const t = props.page.messages;
  const sections: [string, string][] = [
    ["/admin", t.adminNavOverview],
    ["/admin/members", t.adminNavMembers],
    ["/admin/administrators", t.administratorsTitle],
    ["/admin/resets", t.adminNavResets],
    ["/admin/combo-scans", t.adminNavComboScans],
    ["/admin/investigate", t.adminNavInvestigate],
    ["/admin/attacks", t.adminAttacksLink],
    ["/admin/reminders", t.adminRemindersTitle],
    ["/admin/mail", t.adminNavMail],
    ["/admin/api-keys", t.adminNavApiKeys],
    ["/admin/webhooks", t.adminNavWebhooks],
    ["/admin/oidc", t.adminOidcTitle],
    ["/admin/settings", t.adminNavSettings],
    ["/admin/audit", t.adminNavAudit],
  ];
  const current = props.page.currentPath;
  return (
    <nav class="admin-nav" aria-label={t.adminNavigation}>
      <ul>
        {sections.map(([href, label]) => {
          const isCurrent =
            current === href || (href !== "/admin" && current.startsWith(`${href}/`));
          return (
            <li>
              <a href={href} aria-current={isCurrent ? "page" : undefined}>
                {label}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
