import type { Language } from "../i18n";
import type { EmailContent } from "./render";

/**
 * A rotation reminder. It names no password, no date and no check result beyond "at risk" or
 * "old": whoever reads the mailbox learns little. Every link is safe to open: changing the
 * password starts at the sign-in page, and snooze and unsubscribe confirm before acting.
 */
export interface PasswordReminderTemplate {
  kind: "password-reminder";
  loginId: string;
  reason: "risk" | "age";
  changePasswordUrl: string;
  passkeyUrl: string;
  snoozeUrl: string;
  snoozeInDays: number;
  unsubscribeUrl: string;
}

export function composePasswordReminder(
  template: PasswordReminderTemplate,
  language: Language,
): EmailContent {
  return language === "ja" ? composeJapanese(template) : composeEnglish(template);
}

function composeEnglish(template: PasswordReminderTemplate): EmailContent {
  return {
    subject:
      template.reason === "risk"
        ? "Please change your rekey password"
        : "A reminder to review your rekey password",
    greeting: `Hello ${template.loginId},`,
    paragraphs: [
      template.reason === "risk"
        ? "When you last signed in, our check found that your password is easy to guess or close to your login ID. Please change it to one you use nowhere else."
        : "Your password has not been changed for a long time. It does not expire; but if you have used it on any other site, or are not sure, please change it to one you use nowhere else.",
      "Or sign in without a password: a passkey uses your device's screen lock and cannot be phished.",
    ],
    action: { label: "Change my password", url: template.changePasswordUrl },
    links: [
      { label: "Use a passkey instead", url: template.passkeyUrl },
      { label: `Remind me in ${template.snoozeInDays} days`, url: template.snoozeUrl },
      { label: "Stop these reminders", url: template.unsubscribeUrl },
    ],
    closing:
      "The first link opens the usual sign-in page; we never sign you in from an e-mail and never ask for your password by e-mail.",
  };
}

function composeJapanese(template: PasswordReminderTemplate): EmailContent {
  return {
    subject:
      template.reason === "risk"
        ? "【rekey】パスワードの変更をお願いします"
        : "【rekey】パスワードの見直しのお願い",
    greeting: `${template.loginId} 様`,
    paragraphs: [
      template.reason === "risk"
        ? "前回のログイン時の確認で、パスワードが推測されやすいか、ログインIDに似ていることがわかりました。他のどこでも使っていないパスワードに変更してください。"
        : "パスワードが長い間変更されていません。有効期限はありませんが、他のサイトでも使ったことがある場合や、わからない場合は、他のどこでも使っていないパスワードに変更してください。",
      "パスワードを使わずにログインすることもできます。パスキーは端末の画面ロックを使い、フィッシングで盗まれることがありません。",
    ],
    action: { label: "パスワードを変更する", url: template.changePasswordUrl },
    links: [
      { label: "代わりにパスキーを使う", url: template.passkeyUrl },
      { label: `${template.snoozeInDays}日後に再通知する`, url: template.snoozeUrl },
      { label: "このお知らせを停止する", url: template.unsubscribeUrl },
    ],
    closing:
      "最初のリンクは通常のログインページを開きます。メールのリンクからログインさせることや、メールでパスワードをお尋ねすることはありません。",
  };
}
