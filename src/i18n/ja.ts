import type { coreEn } from "./en";
import type { Translation } from "./types";

export const coreJa: Translation<typeof coreEn> = {
  languageName: "日本語",
  siteName: "rekey",
  skipToContent: "本文へ移動",
  navigation: "メインナビゲーション",
  languageSwitch: "言語",
  switchLanguage: "切り替え",
  navAccount: "アカウント",
  navSessions: "ログイン中の端末",
  navAdmin: "管理",
  navSignIn: "ログイン",
  navRegister: "新規登録",
  navSignOut: "ログアウト",

  homeTitle: "あなたのアカウントを守るために",
  homeIntro:
    "rekey は、使い回しや流出したパスワードを警告し、第三者に使われているおそれのあるアカウントのパスワードを再設定し、より安全なパスキーへの切り替えをご案内します。",
  homeSignedIn: (loginId) => `${loginId} としてログインしています。`,
  homeGoToAccount: "アカウントへ",
  homeAdvice:
    "同じパスワードを複数のサイトで使わないでください。一つのサイトから流出すると、他のサイトでも試されます。",

  registerTitle: "アカウントの作成",
  registerSubmit: "アカウントを作成",
  registerHaveAccount: "すでにアカウントをお持ちですか？",
  registerSentTitle: "メールをご確認ください",
  registerSentBody:
    "入力されたアドレス宛てにメッセージを送信しました。新しいアカウントが作成された場合は、ログインIDとパスワードですぐにログインできます。",
  registerSentSignIn: "ログイン",

  fieldLoginId: "ログインID",
  fieldLoginIdHint: "3〜32文字の英数字、ピリオド、ハイフン、アンダースコア。",
  fieldLoginIdOrEmail: "ログインIDまたはメールアドレス",
  fieldEmail: "メールアドレス",
  fieldPassword: "パスワード",
  fieldPasswordHint: (minimum) =>
    `${minimum}文字以上。他のサイトで使っていない長いフレーズがおすすめです。`,
  fieldCurrentPassword: "現在のパスワード",

  errorSummary: "次の項目を修正してください：",
  errorRequired: "入力してください。",
  errorLoginIdFormat: "3〜32文字の英数字、ピリオド、ハイフン、アンダースコアを使ってください。",
  errorLoginIdTaken: "このログインIDはすでに使われています。別のIDを選んでください。",
  errorEmailFormat: "name@example.com のような形式でメールアドレスを入力してください。",
  errorEmailTooLong: "メールアドレスが長すぎます。",
  errorEmailTaken: "このメールアドレスはすでにアカウントに登録されています。",
  errorPasswordTooShort: (minimum) => `${minimum}文字以上にしてください。`,
  errorPasswordTooLong: (maximum) => `${maximum}文字以内にしてください。`,
  errorPasswordCharacters: "パスワードに使用できない文字が含まれています。",
  errorFieldCharacters: "使用できない文字が含まれています。",
  errorSignInFailed: "ログインIDまたはパスワードが正しくありません。",

  loginTitle: "ログイン",
  loginSubmit: "ログイン",
  loginNoAccount: "アカウントをお持ちでない方",
  reauthenticateTitle: "ご本人の確認",
  reauthenticateIntro: "重要な設定を変更するページのため、もう一度パスワードを入力してください。",
  reauthenticateSubmit: "確認",

  accountTitle: "アカウント",
  accountLoginId: "ログインID",
  accountEmail: "メールアドレス",
  accountEmailVerified: "確認済み",
  accountEmailUnverified: "未確認",
  accountMemberSince: "登録日",
  accountPasswordChanged: "パスワードの最終変更日",
  accountPasswordNever: "パスワード未設定",
  accountManageSessions: "ログイン中の端末を確認する",

  sessionsTitle: "ログイン中の端末",
  sessionsIntro:
    "心当たりのない端末や場所があれば、その端末をログアウトさせ、パスワードを変更してください。",
  sessionsDevice: "端末",
  sessionsIpAddress: "IPアドレス",
  sessionsLastSeen: "最終利用",
  sessionsSignedIn: "ログイン日時",
  sessionsActions: "操作",
  sessionsThisDevice: "この端末",
  sessionsRevoke: "ログアウト",
  sessionsRevokeOthers: "他のすべての端末からログアウト",
  sessionsRevokedOthers: (count) => `他の${count}件の端末をログアウトしました。`,
  sessionsRevokedOne: "その端末をログアウトしました。",
  sessionsNone: "この端末でのみログインしています。",
  sessionsUnknownDevice: "不明な端末",

  setupTitle: "最初の管理者の作成",
  setupIntro:
    "このリンクは管理者がいない状態でポータルを起動したときに表示されたものです。一度だけ使え、1時間で無効になります。",
  setupSubmit: "管理者を作成",
  setupDone: "管理者アカウントを作成しました。ログインしてください。",

  adminTitle: "管理",
  adminMembers: "会員数",
  adminAdministrators: "管理者数",
  adminActiveSessions: "有効なセッション",
  adminUnverifiedEmails: "未確認のメールアドレス",
  adminRecentMembers: "最近登録した会員",
  adminCreatedAt: "登録日時",

  errorPageTitle: (status) => `エラー ${status}`,
  errorBadRequest: "リクエストを処理できませんでした。入力内容をご確認ください。",
  errorForbidden: "このリクエストは拒否されました。",
  errorCsrf:
    "このフォームは有効期限が切れているか、別のサイトから送信されました。ページを再読み込みして、もう一度お試しください。",
  errorNotFound: "このアドレスにページはありません。",
  errorAmbiguousPath:
    "このアドレスはこのサイトでは使用していません。サイト内のリンクからページを開いてください。",
  errorMethodNotAllowed: "このページはその方法では利用できません。",
  errorPayloadTooLarge: "送信された内容が大きすぎます。",
  errorUnsupportedMediaType: "この形式のフォーム送信には対応していません。",
  errorInvalidEncoding: "フォームに UTF-8 として正しくない文字が含まれていました。",
  errorLinkInvalid:
    "このリンクは無効か、有効期限切れか、すでに使用されています。必要な場合は新しいリンクをご請求ください。",
  errorServer:
    "問題が発生しました。しばらくしてからもう一度お試しください。解決しない場合はサポートにお問い合わせください。",
  errorTryAgainShortly:
    "ただいま変更を保存できません。少し時間をおいて（1〜2 分後に）もう一度お試しください。",
  errorReference: (requestId) => `参照番号: ${requestId}`,
  errorBackHome: "トップページへ",
};
