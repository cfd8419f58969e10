import type { Language } from "../i18n";
import { composeEmailChangeEmail, type EmailChangeTemplate } from "./email-change-templates";
import { composePasswordReminder, type PasswordReminderTemplate } from "./reminder-template";
import type { EmailContent } from "./render";
import { maskEmailAddress } from "./render";
import { composeSecurityEmail, type SecurityTemplate } from "./security-templates";

/**
 * Every message rekey sends. Bodies hold the minimum personal data: the login ID as greeting,
 * never a password, and a link built from REKEY_ORIGIN.
 */
export type EmailTemplate =
  | { kind: "email-verification"; loginId: string; verifyUrl: string; expiresInHours: number }
  | { kind: "registration-attempt"; loginId: string; signInUrl: string }
  | { kind: "email-change-attempt"; loginId: string }
  // Superseded by "email-change-undo"; kept so messages queued before it still render.
  | { kind: "email-changed"; loginId: string; newAddress: string }
  | { kind: "password-changed"; loginId: string; securityUrl: string }
  | {
      kind: "forced-reset";
      loginId: string;
      resetUrl: string;
      expiresInHours: number;
      /** Why, when the member should hear it: "combo-list" when a scan found the password. */
      cause?: "combo-list";
    }
  | { kind: "password-reset"; loginId: string; resetUrl: string; expiresInMinutes: number }
  /** A member imported without a password (issue 20): set one, or sign in with a passkey later. */
  | {
      kind: "set-password-invitation";
      loginId: string;
      setPasswordUrl: string;
      expiresInDays: number;
    }
  | {
      kind: "passkey-added";
      loginId: string;
      passkeyName: string;
      /** Device and address the passkey was enrolled from, when known. */
      enrolledFrom: string | null;
      passkeysUrl: string;
      /** Set while the passkey waits for the member's confirmation (a password-only enrolment). */
      confirmUrl: string | null;
      confirmExpiresInHours: number;
      /** "This wasn't me": removes the passkey and forces a password reset. */
      disownUrl: string;
    }
  | PasswordReminderTemplate
  | SecurityTemplate
  | EmailChangeTemplate;

export type EmailKind = EmailTemplate["kind"];

export function composeEmail(template: EmailTemplate, language: Language): EmailContent {
  if (template.kind === "password-reminder") return composePasswordReminder(template, language);
  if (template.kind === "new-sign-in" || template.kind === "security-alert") {
    return composeSecurityEmail(template, language);
  }
  if (
    template.kind === "email-change-approval" ||
    template.kind === "email-change-undo" ||
    template.kind === "forced-reset-sent-to-previous-address"
  ) {
    return composeEmailChangeEmail(template, language);
  }
  return language === "ja" ? composeJapanese(template) : composeEnglish(template);
}

function composeEnglish(
  template: Exclude<
    EmailTemplate,
    PasswordReminderTemplate | SecurityTemplate | EmailChangeTemplate
  >,
): EmailContent {
  const greeting = `Hello ${template.loginId},`;
  switch (template.kind) {
    case "email-verification":
      return {
        subject: "Confirm your e-mail address for rekey",
        greeting,
        paragraphs: ["Please confirm that this address belongs to your rekey account."],
        action: { label: "Confirm my address", url: template.verifyUrl },
        closing: `The link works once and expires in ${template.expiresInHours} hours. If you did not ask for this, ignore this message.`,
      };
    case "registration-attempt":
      return {
        subject: "Someone tried to register with your address",
        greeting,
        paragraphs: [
          "Someone tried to create a new rekey account with this e-mail address, which already belongs to your account. No new account was created.",
          "If it was you, sign in with your existing account instead.",
        ],
        action: { label: "Sign in", url: template.signInUrl },
        closing: "If it was not you, you do not need to do anything.",
      };
    case "email-change-attempt":
      return {
        subject: "Someone tried to use your address on another account",
        greeting,
        paragraphs: [
          "Someone tried to move another rekey account to this e-mail address, which already belongs to your account. Nothing was changed.",
        ],
        closing: "You do not need to do anything.",
      };
    case "email-changed":
      return {
        subject: "The e-mail address of your rekey account was changed",
        greeting,
        paragraphs: [
          `The e-mail address of your account was changed to ${maskEmailAddress(template.newAddress)}. Messages now go to the new address.`,
          "If you did not do this, your account may be in someone else's hands: contact support at once.",
        ],
      };
    case "password-changed":
      return {
        subject: "Your rekey password was changed",
        greeting,
        paragraphs: [
          "The password of your account was just changed.",
          "If you did not do this, reset your password now and check where your account is signed in.",
        ],
        action: { label: "Review your account", url: template.securityUrl },
      };
    case "forced-reset":
      return {
        subject: "Action needed: set a new password for your rekey account",
        greeting,
        paragraphs:
          template.cause === "combo-list"
            ? [
                "We found your password together with your e-mail address or login ID in a list leaked from another site. Attackers collect such lists and try every pair on other sites: this works wherever the same password is reused. To protect your account, we have signed it out everywhere and it needs a new password.",
                "Choose a new password that you use nowhere else, and change the old one on every other site where you used it, starting with your e-mail account.",
                "After setting it, you can add a passkey: it cannot be leaked in a list or reused, and signs you in without a password.",
              ]
            : [
                "To protect your account, we have signed it out everywhere and it needs a new password. Your password may have been exposed through another site: people often reuse a password, and attackers try leaked lists everywhere.",
                "Choose a new password that you use nowhere else. If you used your old password on other sites, change it there too, starting with your e-mail account.",
              ],
        action: { label: "Set a new password", url: template.resetUrl },
        closing: `The link works once and expires in ${template.expiresInHours} hours. We never ask for your password by e-mail.`,
      };
    case "set-password-invitation":
      return {
        subject: "Set a password for your account at rekey",
        greeting,
        paragraphs: [
          "Your account has moved to rekey, which now looks after sign-in for the service you use. Your login ID and e-mail address stay the same.",
          "Choose a password you use nowhere else. You can also add a passkey after signing in.",
        ],
        action: { label: "Set your password", url: template.setPasswordUrl },
        closing: `The link works once and expires in ${template.expiresInDays} days. We never ask for your password by e-mail.`,
      };
    case "password-reset":
      return {
        subject: "Reset your rekey password",
        greeting,
        paragraphs: ["Someone (hopefully you) asked to reset the password of your account."],
        action: { label: "Choose a new password", url: template.resetUrl },
        closing: `The link works once and expires in ${template.expiresInMinutes} minutes. If you did not ask for this, ignore this message: your password stays as it is.`,
      };
    case "passkey-added": {
      const where = template.enrolledFrom ? ` from ${template.enrolledFrom}` : "";
      const disown = {
        label: "This wasn't me: remove this passkey and reset my password",
        url: template.disownUrl,
      };
      if (template.confirmUrl) {
        return {
          subject: "Confirm the passkey added to your rekey account",
          greeting,
          paragraphs: [
            `A passkey named "${template.passkeyName}" was added to your account${where} by someone who signed in with your password.`,
            "It will not work until you confirm it here: a password alone is not enough to add a way to sign in, because a leaked password is all an attacker needs.",
          ],
          action: { label: "Yes, it was me: confirm this passkey", url: template.confirmUrl },
          links: [disown],
          closing: `The confirmation link works once and expires in ${template.confirmExpiresInHours} hours.`,
        };
      }
      return {
        subject: "A passkey was added to your rekey account",
        greeting,
        paragraphs: [
          `A passkey named "${template.passkeyName}" was added to your account${where}. You can now sign in with it instead of a password.`,
          "If you did not do this, use the link below: it removes the passkey, signs you out everywhere and sends you a link to set a new password.",
        ],
        action: { label: "Review your passkeys", url: template.passkeysUrl },
        links: [disown],
      };
    }
  }
}

function composeJapanese(
  template: Exclude<
    EmailTemplate,
    PasswordReminderTemplate | SecurityTemplate | EmailChangeTemplate
  >,
): EmailContent {
  const greeting = `${template.loginId} 様`;
  switch (template.kind) {
    case "email-verification":
      return {
        subject: "【rekey】メールアドレスの確認",
        greeting,
        paragraphs: ["このアドレスがあなたの rekey アカウントのものであることを確認してください。"],
        action: { label: "メールアドレスを確認する", url: template.verifyUrl },
        closing: `このリンクは一度だけ使え、${template.expiresInHours}時間で無効になります。お心当たりがない場合は、このメールを破棄してください。`,
      };
    case "registration-attempt":
      return {
        subject: "【rekey】あなたのアドレスで登録が試みられました",
        greeting,
        paragraphs: [
          "このメールアドレスで新しい rekey アカウントの作成が試みられましたが、このアドレスはすでにあなたのアカウントに登録されているため、新しいアカウントは作成されていません。",
          "ご本人の場合は、既存のアカウントでログインしてください。",
        ],
        action: { label: "ログイン", url: template.signInUrl },
        closing: "お心当たりがない場合、対応は不要です。",
      };
    case "email-change-attempt":
      return {
        subject: "【rekey】あなたのアドレスへの変更が試みられました",
        greeting,
        paragraphs: [
          "別の rekey アカウントのメールアドレスを、あなたのアカウントに登録済みのこのアドレスへ変更する操作が試みられました。変更は行われていません。",
        ],
        closing: "対応は不要です。",
      };
    case "email-changed":
      return {
        subject: "【rekey】メールアドレスが変更されました",
        greeting,
        paragraphs: [
          `アカウントのメールアドレスが ${maskEmailAddress(template.newAddress)} に変更されました。今後のお知らせは新しいアドレスに届きます。`,
          "お心当たりがない場合、アカウントが第三者に使われているおそれがあります。すぐにサポートへご連絡ください。",
        ],
      };
    case "password-changed":
      return {
        subject: "【rekey】パスワードが変更されました",
        greeting,
        paragraphs: [
          "アカウントのパスワードが変更されました。",
          "お心当たりがない場合は、すぐにパスワードを再設定し、ログイン中の端末をご確認ください。",
        ],
        action: { label: "アカウントを確認する", url: template.securityUrl },
      };
    case "forced-reset":
      return {
        subject: "【rekey】新しいパスワードの設定をお願いします",
        greeting,
        paragraphs:
          template.cause === "combo-list"
            ? [
                "お使いのパスワードが、メールアドレスまたはログイン ID とともに、他のサイトから流出したリストに含まれていました。攻撃者はこうしたリストを集め、他のサイトで組み合わせを試します。同じパスワードを使い回していると、そのサイトにも不正にログインされてしまいます。アカウントを保護するため、すべての端末からログアウトさせました。新しいパスワードの設定が必要です。",
                "他のどこでも使っていない新しいパスワードを設定してください。以前のパスワードを使っていた他のサイトでも、メールアカウントをはじめ、パスワードを変更してください。",
                "設定後にパスキーを追加できます。パスキーはリストから流出することも使い回されることもなく、パスワードなしでログインできます。",
              ]
            : [
                "アカウントを保護するため、すべての端末からログアウトさせました。新しいパスワードの設定が必要です。他のサイトから流出したパスワードが使われたおそれがあります（同じパスワードの使い回しは、流出したリストを使った不正ログインの原因になります）。",
                "他のどこでも使っていない新しいパスワードを設定してください。以前のパスワードを他のサイトでも使っていた場合は、メールアカウントをはじめ、そちらも変更してください。",
              ],
        action: { label: "新しいパスワードを設定する", url: template.resetUrl },
        closing: `このリンクは一度だけ使え、${template.expiresInHours}時間で無効になります。メールでパスワードをお尋ねすることはありません。`,
      };
    case "set-password-invitation":
      return {
        subject: "【rekey】パスワードを設定してください",
        greeting,
        paragraphs: [
          "ご利用中のサービスのログインは、今後 rekey が担当します。ログインIDとメールアドレスは変わりません。",
          "他のどこでも使っていないパスワードを設定してください。ログイン後にパスキーを追加することもできます。",
        ],
        action: { label: "パスワードを設定する", url: template.setPasswordUrl },
        closing: `このリンクは一度だけ使え、${template.expiresInDays}日で無効になります。メールでパスワードをお尋ねすることはありません。`,
      };
    case "password-reset":
      return {
        subject: "【rekey】パスワードの再設定",
        greeting,
        paragraphs: ["アカウントのパスワード再設定が依頼されました。"],
        action: { label: "新しいパスワードを設定する", url: template.resetUrl },
        closing: `このリンクは一度だけ使え、${template.expiresInMinutes}分で無効になります。お心当たりがない場合はこのメールを破棄してください。パスワードは変更されません。`,
      };
    case "passkey-added": {
      const where = template.enrolledFrom ? `（${template.enrolledFrom}）` : "";
      const disown = {
        label: "心当たりがない（このパスキーを削除してパスワードを再設定）",
        url: template.disownUrl,
      };
      if (template.confirmUrl) {
        return {
          subject: "【rekey】追加されたパスキーの確認",
          greeting,
          paragraphs: [
            `あなたのパスワードでログインした人が、「${template.passkeyName}」という名前のパスキーをアカウントに追加しました${where}。`,
            "このパスキーは、ここで確認するまで使えません。流出したパスワードだけでログイン手段を増やせないようにするためです。",
          ],
          action: { label: "本人です：このパスキーを有効にする", url: template.confirmUrl },
          links: [disown],
          closing: `確認リンクは一度だけ使え、${template.confirmExpiresInHours}時間で無効になります。`,
        };
      }
      return {
        subject: "【rekey】パスキーが追加されました",
        greeting,
        paragraphs: [
          `「${template.passkeyName}」という名前のパスキーがアカウントに追加されました${where}。今後はパスワードの代わりにこのパスキーでログインできます。`,
          "お心当たりがない場合は、下のリンクを使ってください。パスキーを削除し、すべての端末からログアウトして、パスワード再設定のリンクをお送りします。",
        ],
        action: { label: "パスキーを確認する", url: template.passkeysUrl },
        links: [disown],
      };
    }
  }
}
