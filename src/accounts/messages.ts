import type { Translation } from "../i18n/types";

/** The pages of an e-mail address change beyond the form itself (src/mail/messages.ts). */
export const emailChangeEn = {
  emailChangeApprovalSent:
    "We sent a link to your current address: the change goes ahead only once it is approved there.",
  emailChangeApproveTitle: "Approve the new e-mail address",
  emailChangeApproveIntro: (address: string) =>
    `Move your account to ${address}? We will then send a confirmation link to that address; the change takes effect when it is opened.`,
  emailChangeApproveWarning:
    "If you did not ask for this, do not approve it: someone knows your password. Choose a new one instead.",
  emailChangeApproveSubmit: "Approve the change",
  emailChangeApproved:
    "Approved. If the new address can be used, a confirmation link is on its way to it.",
  emailChangeUndoTitle: "Undo the e-mail address change",
  emailChangeUndoIntro: (address: string) =>
    `Bring back ${address} as the address of your account? The account will be signed out everywhere, its password will stop working, and a link to choose a new one will come to ${address}.`,
  emailChangeUndoSubmit: "Undo the change and secure my account",
  emailChangeUndone:
    "Done: your previous address is back, the account is signed out everywhere, and a link to choose a new password is on its way to that address.",
  emailChangeUndoAddressTaken:
    "This address now belongs to another account, so it could not be brought back. Nothing was changed; contact support to secure your account.",
} as const;

export const emailChangeJa: Translation<typeof emailChangeEn> = {
  emailChangeApprovalSent:
    "現在のアドレスにリンクを送信しました。そちらで承認されるまで、変更は行われません。",
  emailChangeApproveTitle: "新しいメールアドレスの承認",
  emailChangeApproveIntro: (address: string) =>
    `アカウントのメールアドレスを ${address} に変更しますか？承認すると、そのアドレスに確認リンクを送ります。リンクを開いた時点で変更されます。`,
  emailChangeApproveWarning:
    "お心当たりがない場合は承認しないでください。パスワードが第三者に知られています。代わりに新しいパスワードを設定してください。",
  emailChangeApproveSubmit: "変更を承認する",
  emailChangeApproved: "承認しました。新しいアドレスが利用できる場合、確認リンクを送信しました。",
  emailChangeUndoTitle: "メールアドレス変更の取り消し",
  emailChangeUndoIntro: (address: string) =>
    `アカウントのメールアドレスを ${address} に戻しますか？すべての端末からログアウトされ、パスワードが使えなくなり、新しいパスワードを設定するリンクが ${address} に届きます。`,
  emailChangeUndoSubmit: "変更を取り消してアカウントを保護する",
  emailChangeUndone:
    "完了しました。以前のアドレスに戻し、すべての端末からログアウトさせました。新しいパスワードを設定するリンクをそのアドレスに送信しました。",
  emailChangeUndoAddressTaken:
    "このアドレスは現在別のアカウントで使われているため、戻せませんでした。変更は行われていません。アカウントを保護するため、サポートへご連絡ください。",
};
