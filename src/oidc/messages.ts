import type { Translation } from "../i18n/types";

/** Pages of the OpenID Connect provider: consent, step-up, logout, errors, the admin console. */
export const oidcEn = {
  oidcConsentTitle: (clientName: string) => `Sign in to ${clientName}?`,
  oidcConsentIntro: (clientName: string, loginId: string) =>
    `${clientName} asks to use your rekey account (${loginId}). It will receive:`,
  oidcScopeOpenid: "An identifier for your account",
  oidcScopeEmail: "Your e-mail address",
  oidcScopeProfile: "Your name and language",
  oidcScopeOfflineAccess: "Access while you are away (until you sign out everywhere)",
  oidcConsentAllow: "Allow",
  oidcConsentDeny: "Cancel",
  oidcStepUpTitle: "Confirm with a passkey",
  oidcStepUpBody: (clientName: string) =>
    `${clientName} asks you to confirm with a passkey. A password is not enough for this service.`,
  oidcStepUpNoPasskey:
    "Your account has no passkey yet. Add one on your account's passkey page, then come back.",
  oidcStepUpAddPasskey: "Add a passkey",
  oidcInteractionExpired:
    "This sign-in request has expired or was opened in another browser. Go back to the service and start again.",
  oidcContinueTitle: (clientName: string) => `Returning to ${clientName}…`,
  oidcContinueLink: "Continue",
  oidcLogoutTitle: "Sign out",
  oidcLogoutQuestion: "Do you want to sign out of rekey and the services you signed in to with it?",
  oidcLogoutConfirm: "Yes, sign out",
  oidcLogoutCancel: "No, stay signed in",
  oidcLogoutDoneTitle: "Signed out",
  oidcLogoutDoneBody: "You have been signed out.",
  oidcErrorTitle: "Sign-in could not continue",
  oidcErrorBody:
    "The service sent a request that rekey cannot accept. Go back to the service and try again.",
  adminOidcTitle: "Connected services",
  adminOidcIntro:
    "Services that sign their members in through rekey with OpenID Connect. Discovery document:",
  adminOidcNone: "No service is registered yet.",
  adminOidcName: "Name",
  adminOidcClientId: "Client ID",
  adminOidcRedirectUris: "Redirect URIs (one per line, matched exactly)",
  adminOidcPostLogoutUris: "Post-logout redirect URIs (one per line, optional)",
  adminOidcBackchannelUri: "Back-channel logout URI (optional)",
  adminOidcScopes: "Allowed scopes",
  adminOidcFirstParty: "Our own service (no consent page)",
  adminOidcPublic: "Public client (no secret; PKCE required)",
  adminOidcAdd: "Register service",
  adminOidcDelete: "Remove",
  adminOidcType: "Type",
  adminOidcTypeConfidential: "Confidential",
  adminOidcTypePublic: "Public",
  adminOidcCreatedTitle: "Service registered",
  adminOidcSecretOnce:
    "Copy the client secret now: it is stored only as a hash and will not be shown again.",
  adminOidcClientSecret: "Client secret",
  adminOidcProblem: (field: string) => `Check this field: ${field}.`,
  adminOidcBack: "Back to connected services",
} as const;

export const oidcJa: Translation<typeof oidcEn> = {
  oidcConsentTitle: (clientName) => `${clientName}にログインしますか？`,
  oidcConsentIntro: (clientName, loginId) =>
    `${clientName}があなたのrekeyアカウント（${loginId}）の利用を求めています。次の情報が渡されます。`,
  oidcScopeOpenid: "アカウントの識別子",
  oidcScopeEmail: "メールアドレス",
  oidcScopeProfile: "お名前と言語",
  oidcScopeOfflineAccess: "ご不在の間のアクセス（すべての端末からログアウトするまで）",
  oidcConsentAllow: "許可する",
  oidcConsentDeny: "キャンセル",
  oidcStepUpTitle: "パスキーで確認",
  oidcStepUpBody: (clientName) =>
    `${clientName}はパスキーでの確認を求めています。このサービスにはパスワードだけでは足りません。`,
  oidcStepUpNoPasskey:
    "アカウントにまだパスキーがありません。パスキーのページで追加してから、もう一度お試しください。",
  oidcStepUpAddPasskey: "パスキーを追加",
  oidcInteractionExpired:
    "このログインの要求は期限が切れたか、別のブラウザーで開かれました。サービスに戻ってやり直してください。",
  oidcContinueTitle: (clientName) => `${clientName}に戻っています…`,
  oidcContinueLink: "続ける",
  oidcLogoutTitle: "ログアウト",
  oidcLogoutQuestion: "rekeyと、rekeyでログインしたサービスからログアウトしますか？",
  oidcLogoutConfirm: "ログアウトする",
  oidcLogoutCancel: "ログインしたままにする",
  oidcLogoutDoneTitle: "ログアウトしました",
  oidcLogoutDoneBody: "ログアウトしました。",
  oidcErrorTitle: "ログインを続けられません",
  oidcErrorBody:
    "サービスから受け付けられない要求が届きました。サービスに戻ってもう一度お試しください。",
  adminOidcTitle: "連携サービス",
  adminOidcIntro:
    "OpenID Connectでrekeyを通してメンバーをログインさせるサービスです。ディスカバリー文書：",
  adminOidcNone: "登録されたサービスはまだありません。",
  adminOidcName: "名前",
  adminOidcClientId: "クライアントID",
  adminOidcRedirectUris: "リダイレクトURI（1行に1つ、完全一致で照合）",
  adminOidcPostLogoutUris: "ログアウト後のリダイレクトURI（1行に1つ、任意）",
  adminOidcBackchannelUri: "バックチャネル・ログアウトURI（任意）",
  adminOidcScopes: "許可するスコープ",
  adminOidcFirstParty: "自社のサービス（同意画面なし）",
  adminOidcPublic: "パブリッククライアント（シークレットなし、PKCE必須）",
  adminOidcAdd: "サービスを登録",
  adminOidcDelete: "削除",
  adminOidcType: "種類",
  adminOidcTypeConfidential: "コンフィデンシャル",
  adminOidcTypePublic: "パブリック",
  adminOidcCreatedTitle: "サービスを登録しました",
  adminOidcSecretOnce:
    "クライアントシークレットを今すぐコピーしてください。ハッシュとしてのみ保存され、二度と表示されません。",
  adminOidcClientSecret: "クライアントシークレット",
  adminOidcProblem: (field) => `この項目を確認してください：${field}。`,
  adminOidcBack: "連携サービスに戻る",
};
