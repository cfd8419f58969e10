import type { Translation } from "../i18n/types";

const waitText = (seconds: number) =>
  seconds < 60
    ? `${seconds} second${seconds === 1 ? "" : "s"}`
    : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`;

/** Messages of the credential-stuffing defence: throttles, activity, the attack view. */
export const defenceEn = {
  throttledTitle: "Too many attempts",
  throttledMessage: (seconds: number) =>
    `There have been too many attempts from here or for this account. Please wait ${waitText(seconds)} and try again.`,
  throttledAlternatives:
    "If you cannot wait, you can still reset your password by e-mail or sign in with a passkey.",
  blockedTitle: "Access refused",
  blockedMessage:
    "Requests from your network are blocked for now because of abuse. If you think this is a mistake, please contact support.",

  proofOfWorkIntro:
    "The portal is facing an attack right now, so your browser does a short security calculation before signing in.",
  proofOfWorkNeedsScript: "This security check needs JavaScript.",
  proofOfWorkSolving: "Security check running…",
  proofOfWorkDone: "Security check complete.",
  proofOfWorkFailed: "The security check could not run in this browser.",
  proofOfWorkRejected:
    "The security check did not complete. Please wait until it says it is complete, then sign in again.",

  accountRecentSignIns: "See recent sign-ins to your account",
  activityTitle: "Recent sign-ins",
  activityIntro:
    "Sign-in attempts to your account, newest first. If one was not you, change your password and sign out everywhere.",
  activityWhen: "When",
  activityResult: "Result",
  activityDevice: "Device",
  activityIpAddress: "IP address",
  activityNone: "No sign-ins recorded yet.",
  activityResultSuccess: "Signed in",
  activityResultFailure: "Wrong password",
  activityResultRefused: "Refused (too many attempts or blocked)",
  activityResultPasskeyFailure: "Passkey not accepted",
  activityResultPasskeyRefused: "Refused (too many attempts, blocked or timed out)",
  activityResultPasskeySuccess: "Signed in with a passkey",
  activityResultPasskeyConfirmed: "Confirmed it was you with a passkey",
  activityResultConfirmed: "Confirmed it was you with the password",
  activityResultConfirmFailure: "Wrong password when confirming it was you",
  activityResultResetPending: "Refused: this password must be replaced first (a reset is pending)",
  activityResultResetLink: "Set a new password with the e-mailed link",

  unrecognisedTitle: "A sign-in you do not recognise?",
  unrecognisedIntro:
    "If someone else signed in to your account, this signs your account out on every device at once. Then choose a new password that you use nowhere else.",
  unrecognisedSubmit: "It was not me: sign out everywhere",
  unrecognisedDone:
    "Your account has been signed out everywhere. Please set a new password now, and never reuse it on another site.",

  alertBannerTitle: "Possible credential-stuffing attack",
  alertKindAttemptRate: (attempts: number, baseline: number) =>
    `Sign-in attempts: ${attempts} in a minute (normal: ${baseline}).`,
  alertKindFailureRatio: (ratio: number, baseline: number) =>
    `Failed sign-ins: ${Math.round(ratio * 100)}% (normal: ${Math.round(baseline * 100)}%).`,
  alertBannerLink: "Open the attack view",

  adminAttacksLink: "Credential-stuffing defence",
  attacksTitle: "Credential-stuffing defence",
  attacksModeTitle: "Under-attack mode",
  attacksModeOn: "On: throttles are tightened and the sign-in form asks for a proof of work.",
  attacksModeOff: "Off.",
  attacksModeAutomaticUntil: (until: string) => `On automatically after an alert, until ${until}.`,
  attacksModeSetting: "Setting",
  attacksModeAutomatic: "Follow alerts",
  attacksModeForceOn: "On now",
  attacksModeForceOff: "Keep off",
  attacksModeSave: "Save",
  attacksModeChanged: "Under-attack mode updated.",
  attacksChartTitle: (hours: number) => `Sign-in attempts per minute, last ${hours} hours`,
  attacksChartHours: "Period",
  attacksLegendAttempts: "Attempts",
  attacksLegendFailures: "Failed or refused",
  attacksLegendAlert: "Alert raised",
  attacksChartTotals: (attempts: number, failures: number, peak: number) =>
    `${attempts} attempts, ${failures} failed or refused, peak ${peak} per minute.`,
  attacksAlertsTitle: "Alerts",
  attacksAlertsNone: "No alerts in this period.",
  attacksAlertRaised: "Raised",
  attacksSourcesTitle: "Top sources (last hour)",
  attacksSourcesNone: "No source tried more than one account in the last hour.",
  attacksSource: "Source",
  attacksAttempts: "Attempts",
  attacksDistinctAccounts: "Accounts tried",
  attacksSuccessRate: "Success rate",
  attacksEmailShare: "E-mail IDs",
  attacksLastSeen: "Last attempt",
  attacksBlocked: "blocked",
  attacksBlockSource: "Block",
  attacksBlocksTitle: "Blocked sources",
  attacksBlocksNone: "No source is blocked.",
  attacksBlockCidr: "Address or CIDR range",
  attacksBlockReason: "Reason",
  attacksBlockOrigin: "Origin",
  attacksOriginManual: "administrator",
  attacksOriginImport: "imported list",
  attacksOriginAutomatic: "automatic",
  attacksBlockExpires: "Expires",
  attacksBlockNever: "never",
  attacksBlockHits: "Hits",
  attacksBlockRemove: "Remove",
  attacksAddBlockTitle: "Block a source",
  attacksExpiresInHours: "Expires after (hours)",
  attacksExpiresHint: "Leave empty to block until removed.",
  attacksAddBlock: "Block",
  attacksImportTitle: "Import a blocklist",
  attacksImportList: "Addresses or CIDR ranges, one per line",
  attacksImportHint: "Text after an address and lines starting with # or ; are ignored.",
  attacksImportFile: "Or read a file",
  attacksImportSubmit: "Import",
  attacksImported: (count: number, invalid: number) =>
    `${count} entries imported${invalid > 0 ? `, ${invalid} lines skipped` : ""}.`,
  attacksImportEmpty: "The list contains no address or CIDR range.",
  attacksImportTooMany: "The list is too long; import at most 100,000 entries at once.",
  attacksCidrInvalid: "Enter an IPv4 or IPv6 address or CIDR range, such as 203.0.113.0/24.",
  attacksHoursInvalid: "Enter a whole number of hours from 1 to 8760, or leave it empty.",
  attacksBlockAdded: "The source is blocked.",
  attacksBlockRemoved: "The block was removed.",
  attacksAffectedTitle: "Members signed in from a blocked source",
  attacksAffectedIntro:
    "Successful sign-ins in this period from a source that is blocked now. These accounts may be in an attacker's hands.",
  attacksAffectedNone: "No member signed in from a blocked source in this period.",
  attacksSuccesses: "Successful sign-ins",
  attacksLastSuccess: "Last success",
  attacksExportCsv: "Download as CSV",
} as const;

export const defenceJa: Translation<typeof defenceEn> = {
  throttledTitle: "試行回数が多すぎます",
  throttledMessage: (seconds: number) =>
    `この接続元またはこのアカウントへの試行が多すぎます。${seconds < 60 ? `${seconds}秒` : `${Math.ceil(seconds / 60)}分`}待ってから、もう一度お試しください。`,
  throttledAlternatives:
    "待てない場合でも、メールでパスワードを再設定するか、パスキーでログインできます。",
  blockedTitle: "アクセスを拒否しました",
  blockedMessage:
    "不正利用のため、お使いのネットワークからのアクセスを一時的に遮断しています。誤りと思われる場合はサポートにお問い合わせください。",

  proofOfWorkIntro:
    "現在ポータルが攻撃を受けているため、ログインの前にブラウザーが短いセキュリティ計算を行います。",
  proofOfWorkNeedsScript: "このセキュリティチェックには JavaScript が必要です。",
  proofOfWorkSolving: "セキュリティチェックを実行中…",
  proofOfWorkDone: "セキュリティチェックが完了しました。",
  proofOfWorkFailed: "このブラウザーではセキュリティチェックを実行できませんでした。",
  proofOfWorkRejected:
    "セキュリティチェックが完了していません。完了の表示を待ってから、もう一度ログインしてください。",

  accountRecentSignIns: "最近のログインを見る",
  activityTitle: "最近のログイン",
  activityIntro:
    "あなたのアカウントへのログインの試行です（新しい順）。心当たりのないものがあれば、パスワードを変更し、すべての端末からログアウトしてください。",
  activityWhen: "日時",
  activityResult: "結果",
  activityDevice: "端末",
  activityIpAddress: "IP アドレス",
  activityNone: "ログインの記録はまだありません。",
  activityResultSuccess: "ログイン成功",
  activityResultFailure: "パスワード誤り",
  activityResultRefused: "拒否（試行過多または遮断）",
  activityResultPasskeyFailure: "パスキーを受け付けず",
  activityResultPasskeyRefused: "拒否（試行過多・遮断・時間切れ）",
  activityResultPasskeySuccess: "パスキーでログイン",
  activityResultPasskeyConfirmed: "パスキーで本人確認",
  activityResultConfirmed: "パスワードで本人確認",
  activityResultConfirmFailure: "本人確認でパスワード誤り",
  activityResultResetPending: "拒否（リセット待ちのため、先にパスワードの変更が必要）",
  activityResultResetLink: "メールのリンクで新しいパスワードを設定",

  unrecognisedTitle: "心当たりのないログインですか？",
  unrecognisedIntro:
    "他の誰かがあなたのアカウントにログインした場合、ここですべての端末から一度にログアウトできます。その後、他のどこでも使っていない新しいパスワードを設定してください。",
  unrecognisedSubmit: "自分ではありません：すべての端末からログアウト",
  unrecognisedDone:
    "すべての端末からログアウトしました。今すぐ新しいパスワードを設定し、他のサイトで使い回さないでください。",

  alertBannerTitle: "パスワードリスト攻撃の可能性があります",
  alertKindAttemptRate: (attempts: number, baseline: number) =>
    `ログイン試行：1分間に${attempts}件（通常：${baseline}件）。`,
  alertKindFailureRatio: (ratio: number, baseline: number) =>
    `ログイン失敗率：${Math.round(ratio * 100)}%（通常：${Math.round(baseline * 100)}%）。`,
  alertBannerLink: "攻撃状況を開く",

  adminAttacksLink: "パスワードリスト攻撃への防御",
  attacksTitle: "パスワードリスト攻撃への防御",
  attacksModeTitle: "攻撃対応モード",
  attacksModeOn:
    "オン：制限を強化し、ログインフォームで計算による確認（プルーフ・オブ・ワーク）を求めています。",
  attacksModeOff: "オフ。",
  attacksModeAutomaticUntil: (until: string) => `警告により自動的にオン（${until}まで）。`,
  attacksModeSetting: "設定",
  attacksModeAutomatic: "警告に従う",
  attacksModeForceOn: "今すぐオン",
  attacksModeForceOff: "オフのまま",
  attacksModeSave: "保存",
  attacksModeChanged: "攻撃対応モードを更新しました。",
  attacksChartTitle: (hours: number) => `1分ごとのログイン試行（過去${hours}時間）`,
  attacksChartHours: "期間",
  attacksLegendAttempts: "試行",
  attacksLegendFailures: "失敗・拒否",
  attacksLegendAlert: "アラート発生",
  attacksChartTotals: (attempts: number, failures: number, peak: number) =>
    `試行${attempts}件、失敗・拒否${failures}件、最大 毎分${peak}件。`,
  attacksAlertsTitle: "警告",
  attacksAlertsNone: "この期間の警告はありません。",
  attacksAlertRaised: "発生日時",
  attacksSourcesTitle: "主な接続元（過去1時間）",
  attacksSourcesNone: "過去1時間に複数のアカウントを試した接続元はありません。",
  attacksSource: "接続元",
  attacksAttempts: "試行",
  attacksDistinctAccounts: "試されたアカウント",
  attacksSuccessRate: "成功率",
  attacksEmailShare: "メールアドレス ID",
  attacksLastSeen: "最終試行",
  attacksBlocked: "遮断中",
  attacksBlockSource: "遮断",
  attacksBlocksTitle: "遮断中の接続元",
  attacksBlocksNone: "遮断中の接続元はありません。",
  attacksBlockCidr: "アドレスまたは CIDR 範囲",
  attacksBlockReason: "理由",
  attacksBlockOrigin: "登録元",
  attacksOriginManual: "管理者",
  attacksOriginImport: "取り込んだリスト",
  attacksOriginAutomatic: "自動",
  attacksBlockExpires: "期限",
  attacksBlockNever: "なし",
  attacksBlockHits: "遮断回数",
  attacksBlockRemove: "解除",
  attacksAddBlockTitle: "接続元を遮断する",
  attacksExpiresInHours: "期限（時間）",
  attacksExpiresHint: "空欄の場合は解除するまで遮断します。",
  attacksAddBlock: "遮断",
  attacksImportTitle: "遮断リストを取り込む",
  attacksImportList: "アドレスまたは CIDR 範囲（1行に1件）",
  attacksImportHint: "アドレスの後の文字と、# または ; で始まる行は無視します。",
  attacksImportFile: "またはファイルを読み込む",
  attacksImportSubmit: "取り込む",
  attacksImported: (count: number, invalid: number) =>
    `${count}件を取り込みました${invalid > 0 ? `（${invalid}行を読み飛ばしました）` : ""}。`,
  attacksImportEmpty: "リストにアドレスまたは CIDR 範囲がありません。",
  attacksImportTooMany: "リストが長すぎます。一度に取り込めるのは10万件までです。",
  attacksCidrInvalid:
    "203.0.113.0/24 のような IPv4 または IPv6 のアドレスか CIDR 範囲を入力してください。",
  attacksHoursInvalid: "1から8760までの整数の時間を入力するか、空欄にしてください。",
  attacksBlockAdded: "接続元を遮断しました。",
  attacksBlockRemoved: "遮断を解除しました。",
  attacksAffectedTitle: "遮断中の接続元からログインした会員",
  attacksAffectedIntro:
    "この期間に、現在遮断中の接続元からログインに成功した会員です。これらのアカウントは攻撃者の手に渡っている可能性があります。",
  attacksAffectedNone: "この期間に遮断中の接続元からログインした会員はいません。",
  attacksSuccesses: "ログイン成功",
  attacksLastSuccess: "最終成功",
  attacksExportCsv: "CSV でダウンロード",
};
