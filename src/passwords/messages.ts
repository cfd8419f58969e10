import type { Translation } from "../i18n/types";

export const passwordsEn = {
  changePasswordTitle: "Change your password",
  changePasswordIntro:
    "Choose a password you use nowhere else. A password manager can create and remember one for you.",
  changePasswordSetIntro:
    "Your account has no password. Set one here if you also want to sign in with a password.",
  changePasswordNew: "New password",
  changePasswordSignOutOthers: "Sign out everywhere else",
  changePasswordSubmit: "Change password",
  changePasswordCurrentWrong: "The current password is not right.",
  changePasswordDone: "Your password was changed. We sent a notice to your e-mail address.",
  changePasswordLink: "Change password",
  findingShortForSingleFactor: (length: number) =>
    `Accepted, but ${length} characters or more is safer when the password is the only thing protecting the account (NIST SP 800-63B).`,
  findingSimilarLoginId:
    "This password is too close to your login ID: anyone who knows your ID can guess it.",
  findingSimilarEmail: "This password is built from your e-mail address: attackers try that first.",
  findingSimilarServiceName:
    "This password contains the name of this service: attackers try that first.",
  findingBreached:
    "This password appears in lists of leaked passwords. Attackers try those on every site, so choose one you have never used anywhere.",
  findingBreachedCount: (count: number) =>
    `This password appears ${count.toLocaleString("en")} times in lists of leaked passwords. Attackers try those on every site, so choose one you have never used anywhere.`,
  findingBreachCheckUnavailable:
    "We could not check this password against leaked-password lists just now. Please try again in a minute.",
  findingReused: "You used this password recently. Choose one you have not used here before.",
} as const;

export const passwordsJa: Translation<typeof passwordsEn> = {
  changePasswordTitle: "パスワードの変更",
  changePasswordIntro:
    "他のどこでも使っていないパスワードにしてください。パスワードマネージャーを使えば、作成と記憶を任せられます。",
  changePasswordSetIntro:
    "このアカウントにはパスワードがありません。パスワードでもログインしたい場合は、ここで設定してください。",
  changePasswordNew: "新しいパスワード",
  changePasswordSignOutOthers: "他のすべての端末からログアウトする",
  changePasswordSubmit: "パスワードを変更",
  changePasswordCurrentWrong: "現在のパスワードが正しくありません。",
  changePasswordDone: "パスワードを変更しました。メールアドレスにお知らせを送信しました。",
  changePasswordLink: "パスワードを変更",
  findingShortForSingleFactor: (length) =>
    `このままでも使えますが、パスワードだけでアカウントを守る場合は${length}文字以上がより安全です（NIST SP 800-63B）。`,
  findingSimilarLoginId:
    "このパスワードはログインIDに似すぎています。IDを知っている人に推測されます。",
  findingSimilarEmail:
    "このパスワードはメールアドレスを元にしています。攻撃者はまずそれを試します。",
  findingSimilarServiceName:
    "このパスワードにはこのサービスの名前が含まれています。攻撃者はまずそれを試します。",
  findingBreached:
    "このパスワードは流出したパスワードの一覧に含まれています。攻撃者はこうした一覧をあらゆるサイトで試すため、どこでも使ったことのないパスワードにしてください。",
  findingBreachedCount: (count) =>
    `このパスワードは流出したパスワードの一覧に${count.toLocaleString("ja")}回登場しています。攻撃者はこうした一覧をあらゆるサイトで試すため、どこでも使ったことのないパスワードにしてください。`,
  findingBreachCheckUnavailable:
    "現在、流出パスワードの一覧との照合ができませんでした。1分ほどしてからもう一度お試しください。",
  findingReused:
    "このパスワードは最近使ったものです。ここで使ったことのないパスワードにしてください。",
};
