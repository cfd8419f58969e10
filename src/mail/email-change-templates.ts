import type { Language } from "../i18n";
import type { EmailContent } from "./render";
import { maskEmailAddress } from "./render";

/**
 * The messages of an e-mail address change (src/accounts/email-change*.ts). Addresses other
 * than the recipient's are masked: the recipient may not be the member.
 */
export type EmailChangeTemplate =
  | {
      /** To the current address: a password alone may not move the account elsewhere. */
      kind: "email-change-approval";
      loginId: string;
      newAddress: string;
      approveUrl: string;
      expiresInHours: number;
      forgotPasswordUrl: string;
    }
  | {
      /** To the previous address once the change landed: undo restores it and forces a reset. */
      kind: "email-change-undo";
      loginId: string;
      newAddress: string;
      undoUrl: string;
      expiresInDays: number;
    }
  | {
      /** To the current address when a forced reset's link went to the previous one instead. */
      kind: "forced-reset-sent-to-previous-address";
      loginId: string;
    };

export function composeEmailChangeEmail(
  template: EmailChangeTemplate,
  language: Language,
): EmailContent {
  return language === "ja" ? composeJapanese(template) : composeEnglish(template);
}

function composeEnglish(template: EmailChangeTemplate): EmailContent {
  const greeting = `Hello ${template.loginId},`;
  switch (template.kind) {
    case "email-change-approval":
      return {
        subject: "Approve the change of your rekey e-mail address",
        greeting,
        paragraphs: [
          `Someone signed in to your account asked to move it to the address ${maskEmailAddress(template.newAddress)}. Nothing changes unless you approve it here: then we send a confirmation link to the new address.`,
          "If you did not ask for this, do not approve it: someone knows your password. Choose a new one now.",
        ],
        action: { label: "Approve the change", url: template.approveUrl },
        links: [
          { label: "I did not ask for this: reset my password", url: template.forgotPasswordUrl },
        ],
        closing: `The link works once and expires in ${template.expiresInHours} hours.`,
      };
    case "email-change-undo":
      return {
        subject: "The e-mail address of your rekey account was changed",
        greeting,
        paragraphs: [
          `The e-mail address of your account was changed to ${maskEmailAddress(template.newAddress)}. Messages now go to the new address.`,
          "If you did not do this, undo it: this address comes back, the account is signed out everywhere, its password stops working, and a link to choose a new one comes here.",
        ],
        action: { label: "This wasn't me: undo the change", url: template.undoUrl },
        closing: `The link works once, for ${template.expiresInDays} days, even if the password has been changed since.`,
      };
    case "forced-reset-sent-to-previous-address":
      return {
        subject: "Your rekey account needs a new password",
        greeting,
        paragraphs: [
          "To protect your account, it was signed out everywhere and needs a new password.",
          "Because the e-mail address of the account changed recently, the link to choose a new password went to the address the account had before. If you changed the address yourself and can no longer read the old one, contact support.",
        ],
      };
  }
}

function composeJapanese(template: EmailChangeTemplate): EmailContent {
  const greeting = `${template.loginId} 様`;
  switch (template.kind) {
    case "email-change-approval":
      return {
        subject: "【rekey】メールアドレス変更の承認",
        greeting,
        paragraphs: [
          `あなたのアカウントにログインした人が、メールアドレスを ${maskEmailAddress(template.newAddress)} に変更しようとしています。ここで承認しない限り変更されません。承認すると、新しいアドレスに確認リンクを送ります。`,
          "お心当たりがない場合は承認しないでください。パスワードが第三者に知られています。すぐに新しいパスワードを設定してください。",
        ],
        action: { label: "変更を承認する", url: template.approveUrl },
        links: [
          { label: "心当たりがない（パスワードを再設定する）", url: template.forgotPasswordUrl },
        ],
        closing: `このリンクは一度だけ使え、${template.expiresInHours}時間で無効になります。`,
      };
    case "email-change-undo":
      return {
        subject: "【rekey】メールアドレスが変更されました",
        greeting,
        paragraphs: [
          `アカウントのメールアドレスが ${maskEmailAddress(template.newAddress)} に変更されました。今後のお知らせは新しいアドレスに届きます。`,
          "お心当たりがない場合は、変更を取り消してください。このアドレスに戻り、すべての端末からログアウトされ、パスワードが使えなくなり、新しいパスワードを設定するリンクがこのアドレスに届きます。",
        ],
        action: { label: "心当たりがない（変更を取り消す）", url: template.undoUrl },
        closing: `このリンクは一度だけ、${template.expiresInDays}日間使えます。その間にパスワードが変更されていても使えます。`,
      };
    case "forced-reset-sent-to-previous-address":
      return {
        subject: "【rekey】新しいパスワードの設定が必要です",
        greeting,
        paragraphs: [
          "アカウントを保護するため、すべての端末からログアウトさせました。新しいパスワードの設定が必要です。",
          "最近メールアドレスが変更されたため、新しいパスワードを設定するリンクは変更前のアドレスに送りました。ご自身で変更し、以前のアドレスを受信できない場合は、サポートへご連絡ください。",
        ],
      };
  }
}
