import type { PageContext } from "../page-context";

/**
 * A calm, standing note on admin pages for an administrator without a passkey. Unlike the
 * member nudge it cannot be dismissed: the operator decides, with REKEY_ADMIN_REQUIRE_PASSKEY,
 * whether it becomes a requirement.
 */
export function AdminPasskeyNudge(props: { page: PageContext }) {
  const t = props.page.messages;
  return (
    <p class="advice" data-admin-passkey-nudge>
      <strong>{t.adminPasskeyNudgeTitle}</strong> {t.adminPasskeyNudgeBody}{" "}
      <a href="/account/passkeys">{t.adminPasskeyNudgeAdd}</a>
    </p>
  );
}
