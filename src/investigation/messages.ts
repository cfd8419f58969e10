import type { Translation } from "../i18n/types";

export const investigationEn = {
  adminNavInvestigate: "Investigate",
  investigateTitle: "Incident investigation",
  investigateIntro:
    "Find the members who signed in, or were tried, from given addresses or networks in a time window, from the sign-in log.",
  investigateSources: "Source IPs or CIDR ranges (IPv4 or IPv6), one per line or comma-separated",
  investigateFrom: "From (UTC)",
  investigateTo: "To (UTC)",
  investigateSubmit: "Search the sign-in log",
  investigateResults: "Results",
  investigateSignedIn: "Signed in successfully",
  investigateFailedOnly: "Tried without success",
  investigateLoginId: "Login ID",
  investigateSuccesses: "Successes",
  investigateFailures: "Failures",
  investigateLastSuccess: "Last success",
  investigateLastAttempt: "Last attempt",
  investigateNone: "No member.",
  investigateTruncated: (limit: string) =>
    `Only the first ${limit} members are counted; narrow the window or the sources.`,
  investigateShownFirst: (shown: string) => `The first ${shown} are listed here; the CSV has all.`,
  investigateExport: "Download the results (CSV)",
  investigateResetTitle: "Reset the members who signed in",
  investigateResetIntro:
    "Creates a dry run of a bulk reset over the members who signed in successfully. You see its counts before anything changes, and start it from there.",
  investigateReason: "Reason (kept in the audit log)",
  investigateResetSubmit: "Reset the members who signed in",
  investigateErrorSourcesEmpty: "Enter at least one IP address or CIDR range.",
  investigateErrorSourcesTooMany: (maximum: number) => `Enter at most ${maximum} sources.`,
  investigateErrorSource: (entry: string) =>
    `"${entry}" is not an IP address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).`,
  investigateErrorTime: "Enter a date and time (YYYY-MM-DDTHH:MM).",
  investigateErrorOrder: "The end must be after the start.",
  investigateErrorNobody: "No member signed in from these sources in this window.",
} as const;

export const investigationJa: Translation<typeof investigationEn> = {
  adminNavInvestigate: "調査",
  investigateTitle: "インシデント調査",
  investigateIntro:
    "ログインログから、指定したアドレスやネットワークから指定期間内にログインした会員、または試行された会員を探します。",
  investigateSources: "送信元IPアドレスまたはCIDR範囲（IPv4・IPv6）、1行に1つまたはカンマ区切り",
  investigateFrom: "開始（UTC）",
  investigateTo: "終了（UTC）",
  investigateSubmit: "ログインログを検索",
  investigateResults: "検索結果",
  investigateSignedIn: "ログインに成功した会員",
  investigateFailedOnly: "成功せず試行のみの会員",
  investigateLoginId: "ログインID",
  investigateSuccesses: "成功",
  investigateFailures: "失敗",
  investigateLastSuccess: "最後の成功",
  investigateLastAttempt: "最後の試行",
  investigateNone: "該当する会員はいません。",
  investigateTruncated: (limit: string) =>
    `最初の${limit}人のみを数えています。期間または送信元を絞ってください。`,
  investigateShownFirst: (shown: string) =>
    `ここには最初の${shown}人を表示しています。CSVにはすべて含まれます。`,
  investigateExport: "結果をダウンロード（CSV）",
  investigateResetTitle: "ログインした会員のパスワードを再設定",
  investigateResetIntro:
    "ログインに成功した会員を対象に、一括再設定の試行（ドライラン）を作成します。何かが変わる前に件数を確認し、そこから開始できます。",
  investigateReason: "理由（監査ログに記録されます）",
  investigateResetSubmit: "ログインした会員のパスワードを再設定",
  investigateErrorSourcesEmpty: "IPアドレスまたはCIDR範囲を1つ以上入力してください。",
  investigateErrorSourcesTooMany: (maximum: number) => `送信元は${maximum}件までにしてください。`,
  investigateErrorSource: (entry: string) =>
    `「${entry}」はIPアドレスでもCIDR範囲（203.0.113.0/24、2001:db8::/32 など）でもありません。`,
  investigateErrorTime: "日時を入力してください（YYYY-MM-DDTHH:MM）。",
  investigateErrorOrder: "終了は開始より後にしてください。",
  investigateErrorNobody: "この期間にこれらの送信元からログインした会員はいません。",
};
