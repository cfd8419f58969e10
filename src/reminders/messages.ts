import type { Translation } from "../i18n/types";

export const remindersEn = {
  remindersSnoozeTitle: "Remind me later",
  remindersSnoozeIntro: (days: number) =>
    `Postpone the next password reminder by ${days} days? Your password stays as it is.`,
  remindersSnoozeSubmit: (days: number) => `Remind me in ${days} days`,
  remindersSnoozedTitle: "Reminder postponed",
  remindersSnoozedBody: (days: number) =>
    `We will not remind you again for ${days} days. You can change your password at any time after signing in.`,
  remindersUnsubscribeTitle: "Stop password reminders",
  remindersUnsubscribeIntro:
    "Stop the e-mails that remind you to change the password of this account? Security notices about the account still reach you.",
  remindersUnsubscribeSubmit: "Stop the reminders",
  remindersUnsubscribedTitle: "Reminders stopped",
  remindersUnsubscribedBody:
    "You will get no more password reminders. You can turn them on again on your account page.",
  remindersAccountHeading: "Password reminders",
  remindersAccountExplain:
    "We e-mail a reminder when your password may be at risk or has not been changed for a long time. Passwords never expire.",
  remindersAccountOn: "On",
  remindersAccountOff: "Off",
  remindersAccountNext: "Next reminder",
  remindersAccountNone: "None planned",
  remindersAccountTurnOff: "Turn reminders off",
  remindersAccountTurnOn: "Turn reminders on",
  remindersAccountTurnedOff: "Password reminders are off.",
  remindersAccountTurnedOn: "Password reminders are on.",
  adminRemindersTitle: "Rotation reminders",
  adminRemindersIntro:
    "Reminders only remind: a password never expires because of its age (NIST SP 800-63B, ASVS 6.2.10). Breached passwords are forced to change instead, so they get no reminder.",
  adminRemindersDue: "Due now",
  adminRemindersSent: "Reminded in the last 30 days",
  adminRemindersSnoozed: "Snoozed",
  adminRemindersUnsubscribed: "Unsubscribed",
  adminRemindersRate: (perMinute: string, timeZone: string) =>
    `At most ${perMinute} reminders are sent per minute (REKEY_REMINDERS_PER_MINUTE); hours are in ${timeZone} (REKEY_TIME_ZONE).`,
  adminRemindersPlanned: "Every member is planned.",
  adminRemindersPlanning: (done: string, total: string) =>
    `Planning in progress: members up to ID ${done} of ${total}.`,
  adminRemindersPolicy: "Policy",
  adminRemindersRisk: "Remind members whose password was found weak or similar to their login ID",
  adminRemindersAge: "Remind members whose password is old",
  adminRemindersAgeDays: "Age reminder after (days)",
  adminRemindersRepeat: "Repeat every (days), until the member changes the password",
  adminRemindersMaximum: "At most this many reminders per password",
  adminRemindersWindowStart: "Send from (hour)",
  adminRemindersWindowEnd: "Send until (hour)",
  adminRemindersWindowHint: "A start later than the end wraps midnight; 0 to 24 sends at any hour.",
  adminRemindersSave: "Save and re-plan",
  adminRemindersSaved: "Policy saved. Every member is being re-planned.",
  adminRemindersErrorNumber: (minimum: number, maximum: number) =>
    `Enter a whole number from ${minimum} to ${maximum}.`,
  adminRemindersErrorWindow: "The window cannot start and end at the same hour.",
  adminRemindersSchedule: "The next four weeks",
  adminRemindersScheduleSummary: (total: string) =>
    `Planned reminders per day for the next 28 days: ${total} in all.`,
  adminRemindersWeek: "Week starting",
  adminRemindersCount: "Reminders",
} as const;

export const remindersJa: Translation<typeof remindersEn> = {
  remindersSnoozeTitle: "後で通知する",
  remindersSnoozeIntro: (days) =>
    `次のパスワード変更のお知らせを${days}日後に延期しますか？パスワードは変更されません。`,
  remindersSnoozeSubmit: (days) => `${days}日後に再通知する`,
  remindersSnoozedTitle: "お知らせを延期しました",
  remindersSnoozedBody: (days) =>
    `${days}日間はお知らせしません。パスワードはログイン後いつでも変更できます。`,
  remindersUnsubscribeTitle: "パスワードのお知らせの停止",
  remindersUnsubscribeIntro:
    "このアカウントのパスワード変更をお勧めするメールを停止しますか？アカウントのセキュリティに関するお知らせは引き続き届きます。",
  remindersUnsubscribeSubmit: "お知らせを停止する",
  remindersUnsubscribedTitle: "お知らせを停止しました",
  remindersUnsubscribedBody:
    "今後パスワードのお知らせは届きません。アカウントページから再開できます。",
  remindersAccountHeading: "パスワードのお知らせ",
  remindersAccountExplain:
    "パスワードが危険なおそれがあるときや、長い間変更されていないときにメールでお知らせします。パスワードに有効期限はありません。",
  remindersAccountOn: "オン",
  remindersAccountOff: "オフ",
  remindersAccountNext: "次のお知らせ",
  remindersAccountNone: "予定なし",
  remindersAccountTurnOff: "お知らせをオフにする",
  remindersAccountTurnOn: "お知らせをオンにする",
  remindersAccountTurnedOff: "パスワードのお知らせをオフにしました。",
  remindersAccountTurnedOn: "パスワードのお知らせをオンにしました。",
  adminRemindersTitle: "パスワード変更のお知らせ",
  adminRemindersIntro:
    "お知らせは通知するだけです。古いことを理由にパスワードを無効にすることはありません（NIST SP 800-63B、ASVS 6.2.10）。流出したパスワードは変更が強制されるため、お知らせの対象外です。",
  adminRemindersDue: "送信予定（現在）",
  adminRemindersSent: "過去30日に通知",
  adminRemindersSnoozed: "延期中",
  adminRemindersUnsubscribed: "停止中",
  adminRemindersRate: (perMinute, timeZone) =>
    `1分あたり最大${perMinute}件を送信します（REKEY_REMINDERS_PER_MINUTE）。時刻は ${timeZone} です（REKEY_TIME_ZONE）。`,
  adminRemindersPlanned: "すべての会員の予定を作成済みです。",
  adminRemindersPlanning: (done, total) => `予定を作成中です：会員ID ${done} / ${total}。`,
  adminRemindersPolicy: "ポリシー",
  adminRemindersRisk: "パスワードが弱い、またはログインIDに似ていると判定された会員に通知する",
  adminRemindersAge: "パスワードが古い会員に通知する",
  adminRemindersAgeDays: "通知するまでの日数",
  adminRemindersRepeat: "再通知の間隔（日）：パスワードが変更されるまで",
  adminRemindersMaximum: "1つのパスワードあたりの最大通知回数",
  adminRemindersWindowStart: "送信開始（時）",
  adminRemindersWindowEnd: "送信終了（時）",
  adminRemindersWindowHint: "開始が終了より遅い場合は日をまたぎます。0〜24で終日送信します。",
  adminRemindersSave: "保存して再計画",
  adminRemindersSaved: "ポリシーを保存しました。すべての会員の予定を作り直しています。",
  adminRemindersErrorNumber: (minimum, maximum) =>
    `${minimum}から${maximum}までの整数を入力してください。`,
  adminRemindersErrorWindow: "開始と終了を同じ時刻にはできません。",
  adminRemindersSchedule: "今後4週間",
  adminRemindersScheduleSummary: (total) => `今後28日間の1日ごとの送信予定：合計${total}件。`,
  adminRemindersWeek: "週の開始日",
  adminRemindersCount: "件数",
};
