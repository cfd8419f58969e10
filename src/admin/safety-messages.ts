import type { Translation } from "../i18n/types";

/** Administrators and passkeys: the requirement page, the passkey-only confirmation, the nudge. */
export const adminSafetyEn = {
  adminPasskeyRequiredTitle: "The admin console needs a passkey",
  adminPasskeyRequiredBody:
    "This portal asks administrators to confirm who they are with a passkey before they use the admin console. A passkey cannot be phished or replayed from another site's leak, so a stolen password alone cannot open the console. Your account has no passkey yet.",
  adminPasskeyRequiredStepsTitle: "What to do",
  adminPasskeyRequiredStepAdd:
    "Add a passkey on your passkeys page (you may be asked to confirm it is you first).",
  adminPasskeyRequiredStepReturn:
    "Come back to the admin console and confirm it is you with the passkey.",
  adminPasskeyRequiredAdd: "Add a passkey",
  adminPasskeyRequiredAccount: "Back to your account",
  adminPasskeyReauthenticateNote:
    "The admin console needs a confirmation with your passkey; a password is not enough here.",
  adminPasskeyLost: "Lost your passkey? Add a new one on your passkeys page.",
  adminPasskeyNudgeTitle: "Your administrator account has no passkey.",
  adminPasskeyNudgeBody:
    "Administrator accounts are what attackers want most. A passkey cannot be phished or reused from another site's leak: add one and sign in with it.",
  adminPasskeyNudgeAdd: "Add a passkey",
} as const;

export const adminSafetyJa: Translation<typeof adminSafetyEn> = {
  adminPasskeyRequiredTitle: "管理画面にはパスキーが必要です",
  adminPasskeyRequiredBody:
    "このポータルでは、管理者が管理画面を使う前にパスキーで本人確認をする必要があります。パスキーはフィッシングされず、他のサイトから流出した情報で使い回されることもないため、パスワードが盗まれただけでは管理画面を開けません。あなたのアカウントにはまだパスキーがありません。",
  adminPasskeyRequiredStepsTitle: "手順",
  adminPasskeyRequiredStepAdd:
    "パスキーのページでパスキーを追加してください（先に本人確認を求められることがあります）。",
  adminPasskeyRequiredStepReturn: "管理画面に戻り、パスキーで本人確認をしてください。",
  adminPasskeyRequiredAdd: "パスキーを追加",
  adminPasskeyRequiredAccount: "アカウントに戻る",
  adminPasskeyReauthenticateNote:
    "管理画面ではパスキーによる本人確認が必要です。パスワードでは確認できません。",
  adminPasskeyLost: "パスキーをなくした場合は、パスキーのページで新しく追加してください。",
  adminPasskeyNudgeTitle: "あなたの管理者アカウントにはパスキーがありません。",
  adminPasskeyNudgeBody:
    "管理者アカウントは攻撃者に最も狙われます。パスキーはフィッシングされず、他のサイトから流出した情報で使い回されることもありません。パスキーを追加して、ログインに使ってください。",
  adminPasskeyNudgeAdd: "パスキーを追加",
};
