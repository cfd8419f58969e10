import type { Translation } from "../i18n/types";

export const memberPageEn = {
  adminMemberPasskeys: "Passkeys",
  adminMemberPasskeysNone: "No passkey.",
  adminMemberSignIns: "Recent sign-ins",
  adminMemberReminders: "Rotation reminders",
  adminMemberReminderNone: "None planned.",
  adminMemberReminderNext: (when: string, reason: "risk" | "age") =>
    `Next on ${when} (${reason === "risk" ? "weak or breached password" : "password age"}).`,
  adminMemberReminderSent: (count: number, last: string) =>
    `${count} sent in this cycle, the last on ${last}.`,
  adminMemberReminderSnoozed: (until: string) => `Snoozed by the member until ${until}.`,
  adminMemberReminderUnsubscribed: (since: string) => `Unsubscribed on ${since}.`,
} as const;

export const memberPageJa: Translation<typeof memberPageEn> = {
  adminMemberPasskeys: "パスキー",
  adminMemberPasskeysNone: "パスキーはありません。",
  adminMemberSignIns: "最近のログイン",
  adminMemberReminders: "パスワード変更のリマインダー",
  adminMemberReminderNone: "予定はありません。",
  adminMemberReminderNext: (when: string, reason: "risk" | "age") =>
    `次回は ${when}（${reason === "risk" ? "弱いまたは流出したパスワード" : "パスワードの経過期間"}）。`,
  adminMemberReminderSent: (count: number, last: string) =>
    `この周期で ${count} 回送信、最後は ${last}。`,
  adminMemberReminderSnoozed: (until: string) => `会員が ${until} まで延期しています。`,
  adminMemberReminderUnsubscribed: (since: string) => `${since} に配信停止されました。`,
};
