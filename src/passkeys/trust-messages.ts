import type { Translation } from "../i18n/types";

/** Confirming, suspending and reviewing passkeys (issue 15, findings 1 and 5). */
export const passkeyTrustEn = {
  passkeyEmailUnconfirmed:
    "Confirm your e-mail address before adding a passkey: follow the link we sent you, or ask for a new one on the e-mail page.",
  passkeysPending:
    "Your passkey was added. Because you signed in with your password only, it works once you confirm it with the link we just e-mailed you.",
  passkeysAwaitingConfirmation: "Awaiting confirmation from your e-mail",
  passkeysSuspendedTitle: "Passkeys suspended by the password reset",
  passkeysSuspendedIntro:
    "These passkeys were added with a password alone while your password may have been known to someone else, so they were suspended. Keep the ones you added yourself; remove any you do not recognise.",
  passkeysSuspendedState: "Suspended",
  passkeysEnrolledFrom: "Added from",
  passkeysUnknownOrigin: "Unknown",
  passkeysKeep: "Keep",
  passkeysKeepLabel: (name: string) => `Keep the passkey ${name}`,
  passkeysKept: "The passkey works again.",
  passkeysSuspendedRemoved: "The suspended passkey was removed.",
  passkeysKeepNeedsProof:
    "Complete the password reset from your e-mail first (or confirm it is you with another passkey), then keep this passkey.",
  passkeyConfirmTitle: "Confirm the new passkey",
  passkeyConfirmIntro: (name: string) =>
    `A passkey named "${name}" was added to your account after a sign-in with your password. Confirm it only if you added it yourself.`,
  passkeyConfirmSubmit: "Yes, I added it: confirm this passkey",
  passkeyConfirmDone: "The passkey is confirmed. You can now sign in with it.",
  passkeyDisownTitle: "A passkey you did not add",
  passkeyDisownIntro: (name: string) =>
    `The passkey "${name}" will be removed, your account signed out everywhere, and a link to set a new password sent to you.`,
  passkeyDisownSubmit: "Remove this passkey and reset my password",
  passkeyDisownDone:
    "The passkey was removed and your account was signed out everywhere. We have e-mailed you a link to set a new password.",
  resetReviewPasskeysLink: "Review the suspended passkeys",
} as const;

export const passkeyTrustJa: Translation<typeof passkeyTrustEn> = {
  passkeyEmailUnconfirmed:
    "パスキーを追加する前にメールアドレスを確認してください。お送りしたリンクを開くか、メールアドレスのページで新しいリンクを依頼してください。",
  passkeysPending:
    "パスキーを追加しました。パスワードだけでログインしているため、お送りしたメールのリンクで確認すると使えるようになります。",
  passkeysAwaitingConfirmation: "メールでの確認待ち",
  passkeysSuspendedTitle: "パスワード再設定で停止したパスキー",
  passkeysSuspendedIntro:
    "これらのパスキーは、パスワードが第三者に知られていたおそれのある期間にパスワードだけで追加されたため、停止しました。ご自身で追加したものは残し、心当たりのないものは削除してください。",
  passkeysSuspendedState: "停止中",
  passkeysEnrolledFrom: "追加元",
  passkeysUnknownOrigin: "不明",
  passkeysKeep: "残す",
  passkeysKeepLabel: (name) => `パスキー ${name} を残す`,
  passkeysKept: "パスキーを再び使えるようにしました。",
  passkeysSuspendedRemoved: "停止中のパスキーを削除しました。",
  passkeysKeepNeedsProof:
    "先にメールのリンクからパスワードの再設定を完了する（または別のパスキーで本人確認する）と、このパスキーを残せます。",
  passkeyConfirmTitle: "新しいパスキーの確認",
  passkeyConfirmIntro: (name) =>
    `パスワードでのログイン後に「${name}」という名前のパスキーが追加されました。ご自身で追加した場合のみ確認してください。`,
  passkeyConfirmSubmit: "自分で追加しました：このパスキーを有効にする",
  passkeyConfirmDone: "パスキーを確認しました。今後はこのパスキーでログインできます。",
  passkeyDisownTitle: "心当たりのないパスキー",
  passkeyDisownIntro: (name) =>
    `パスキー「${name}」を削除し、すべての端末からログアウトして、新しいパスワードを設定するためのリンクをお送りします。`,
  passkeyDisownSubmit: "このパスキーを削除してパスワードを再設定する",
  passkeyDisownDone:
    "パスキーを削除し、すべての端末からログアウトしました。新しいパスワードを設定するためのリンクをメールでお送りしました。",
  resetReviewPasskeysLink: "停止中のパスキーを確認する",
};
