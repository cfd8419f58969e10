import type { Translation } from "../i18n/types";

/** Passkey pages, the sign-in button, nudges and the page script's answers. */
export const passkeysEn = {
  navPasskeys: "Passkeys",
  passkeysTitle: "Passkeys",
  passkeysIntro:
    "A passkey signs you in with your fingerprint, face or screen lock instead of a password. It works only on this site, so it cannot be phished, guessed or replayed from another site's leak.",
  passkeysNone: "You have no passkeys yet.",
  passkeysAdd: "Add a passkey",
  passkeysAddConfirmFirst: "Confirm it is you to add a passkey",
  passkeysNeedsScript:
    "Passkeys need JavaScript and a browser that supports them. You can keep signing in with your password.",
  passkeysName: "Name",
  passkeysKind: "Kind",
  passkeysCreated: "Added",
  passkeysLastUsed: "Last used",
  passkeysNeverUsed: "Not used yet",
  passkeysActions: "Actions",
  passkeysSynced: "Synced",
  passkeysDeviceBound: "This device only",
  passkeysNewName: (name: string) => `New name for ${name}`,
  passkeysRename: "Rename",
  passkeysDelete: "Remove",
  passkeysDeleteLabel: (name: string) => `Remove the passkey ${name}`,
  passkeysOnlyWayIn: "Your only way to sign in; add another passkey before removing it.",
  passkeysDefaultName: "Passkey",
  passkeysAdded: "Your passkey was added. Next time, sign in with it instead of your password.",
  passkeysRenamed: "The passkey was renamed.",
  passkeysDeleted:
    "The passkey was removed. Also delete it from your device or password manager, or it will keep offering it.",
  passkeysDeleteRefused:
    "This passkey is your only way to sign in, so it cannot be removed. Add another passkey first.",
  passkeysNameRequired: "Enter a name.",
  passkeysNameTooLong: (maximum: number) => `Use at most ${maximum} characters.`,

  passwordlessTitle: "Sign in without a password",
  passwordlessOffer:
    "With a passkey you no longer need a password. Removing it means nobody can sign in with a leaked or guessed password, and you will get no password reminders.",
  passwordlessNeedsPasskey: "Once you have a passkey, you can remove your password altogether.",
  passwordlessRemove: "Remove my password",
  passwordlessActive:
    "You sign in with passkeys only: your account has no password that could leak or be guessed.",
  passwordlessDone: "Your password was removed. Sign in with your passkey from now on.",
  passwordlessRefused: "Add a passkey before removing your password.",
  accountPasswordNone: "None: you sign in with a passkey",

  passkeySignIn: "Sign in with a passkey",
  passkeySignInHeading: "Or use a passkey",
  passkeyReauthenticate: "Confirm with a passkey",
  reauthenticateIntroPasskey:
    "This page changes important settings, so please confirm it is you with your passkey.",
  passkeyCancelled: "The passkey request was cancelled or timed out. Please try again.",
  passkeyAlreadyRegistered: "This device already holds a passkey for your account.",
  passkeyFailed: "The passkey could not be checked. Please try again.",
  passkeyExpired: "This took too long. Please try again.",
  passkeySignInFailed:
    "This passkey could not sign you in. It may have been removed from your account.",
  passkeyConfirmFirst: "Please confirm it is you first.",

  nudgeTitle: "Sign in faster and safer with a passkey",
  nudgeBody:
    "A passkey cannot be phished or reused by attackers who collected passwords elsewhere. It takes a few seconds.",
  nudgeAdd: "Add a passkey",
  nudgeLater: "Not now",
  nudgeNever: "Don't ask again",
  accountManagePasskeys: "Manage your passkeys",
} as const;

export const passkeysJa: Translation<typeof passkeysEn> = {
  navPasskeys: "パスキー",
  passkeysTitle: "パスキー",
  passkeysIntro:
    "パスキーを使うと、パスワードの代わりに指紋・顔認証・画面ロックでログインできます。このサイトでしか使えないため、フィッシングや推測、他サイトから流出した情報での不正ログインに使われることがありません。",
  passkeysNone: "パスキーはまだ登録されていません。",
  passkeysAdd: "パスキーを追加",
  passkeysAddConfirmFirst: "本人確認をしてパスキーを追加",
  passkeysNeedsScript:
    "パスキーの利用には JavaScript とパスキーに対応したブラウザが必要です。引き続きパスワードでログインできます。",
  passkeysName: "名前",
  passkeysKind: "種類",
  passkeysCreated: "追加日時",
  passkeysLastUsed: "最終利用",
  passkeysNeverUsed: "未使用",
  passkeysActions: "操作",
  passkeysSynced: "同期",
  passkeysDeviceBound: "この端末のみ",
  passkeysNewName: (name) => `${name} の新しい名前`,
  passkeysRename: "名前を変更",
  passkeysDelete: "削除",
  passkeysDeleteLabel: (name) => `パスキー ${name} を削除`,
  passkeysOnlyWayIn: "唯一のログイン手段です。削除するには先に別のパスキーを追加してください。",
  passkeysDefaultName: "パスキー",
  passkeysAdded:
    "パスキーを追加しました。次回からはパスワードの代わりにパスキーでログインできます。",
  passkeysRenamed: "パスキーの名前を変更しました。",
  passkeysDeleted:
    "パスキーを削除しました。端末やパスワードマネージャーからも削除しないと、引き続き候補に表示されます。",
  passkeysDeleteRefused:
    "このパスキーは唯一のログイン手段のため削除できません。先に別のパスキーを追加してください。",
  passkeysNameRequired: "名前を入力してください。",
  passkeysNameTooLong: (maximum) => `${maximum}文字以内にしてください。`,

  passwordlessTitle: "パスワードなしでログイン",
  passwordlessOffer:
    "パスキーがあればパスワードは不要です。パスワードを削除すると、流出や推測されたパスワードでログインされることがなくなり、パスワード変更のお知らせも届かなくなります。",
  passwordlessNeedsPasskey: "パスキーを追加すると、パスワードを完全に削除できます。",
  passwordlessRemove: "パスワードを削除する",
  passwordlessActive:
    "パスキーだけでログインしています。流出や推測のおそれがあるパスワードはありません。",
  passwordlessDone: "パスワードを削除しました。今後はパスキーでログインしてください。",
  passwordlessRefused: "パスワードを削除する前にパスキーを追加してください。",
  accountPasswordNone: "なし（パスキーでログイン）",

  passkeySignIn: "パスキーでログイン",
  passkeySignInHeading: "パスキーを使う",
  passkeyReauthenticate: "パスキーで確認",
  reauthenticateIntroPasskey:
    "重要な設定を変更するページのため、パスキーでご本人であることを確認してください。",
  passkeyCancelled:
    "パスキーの操作がキャンセルされたか、時間切れになりました。もう一度お試しください。",
  passkeyAlreadyRegistered: "この端末にはすでにあなたのアカウントのパスキーがあります。",
  passkeyFailed: "パスキーを確認できませんでした。もう一度お試しください。",
  passkeyExpired: "時間がかかりすぎました。もう一度お試しください。",
  passkeySignInFailed:
    "このパスキーではログインできませんでした。アカウントから削除された可能性があります。",
  passkeyConfirmFirst: "先に本人確認をしてください。",

  nudgeTitle: "パスキーで、より速く安全にログイン",
  nudgeBody:
    "パスキーはフィッシングされず、他のサイトで集められたパスワードで悪用されることもありません。登録は数秒で終わります。",
  nudgeAdd: "パスキーを追加",
  nudgeLater: "今はしない",
  nudgeNever: "今後表示しない",
  accountManagePasskeys: "パスキーを管理する",
};
