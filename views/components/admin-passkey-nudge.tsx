import type { PageContext } from "../page-context";

/**
 * A calm, standing note on admin pages for an administrator without a passkey. Unlike the
 * member nudge it cannot be dismissed: the operator decides, with REKEY_ADMIN_REQUIRE_PASSKEY,
 * whether it becomes a requirement.
 */
export function AdminPasskeyNudge(props: { page: PageContext }) {
  const t = props.page.messages;
  return (
    <div class="nudge admin-passkey-nudge" data-admin-passkey-nudge>
      <p>
        <strong>{t.adminPasskeyNudgeTitle}</strong> {t.adminPasskeyNudgeBody}
      </p>
      <p>
        <a class="button" href="/account/passkeys">
          {t.adminPasskeyNudgeAdd}
        </a>
      </p>
    </div>
  );
}
