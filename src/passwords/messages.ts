import type { Translation } from "../i18n/types";
import { describeStrengthFeedback } from "./strength/feedback";

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
  changePasswordResetWaiting:
    "This account waits for a new password because the current one may be known to someone else, so it cannot be used to change it. Use the link we e-mailed you, or sign in again with a passkey.",
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
  securityTitle: "Security",
  securityPassword: "Password",
  securityPasswordAge: (days: number) =>
    days <= 0 ? "set today" : days === 1 ? "set yesterday" : `set ${days} days ago`,
  securityNoPassword: "none: you sign in with a passkey",
  securityHealth: "Last check",
  securityHealthOk: "No problem found",
  securityHealthWeak: "Easy to guess",
  securityHealthSimilar: "Built from your own details",
  securityHealthBreached: "Found in leaked-password lists",
  securityHealthUnknown: "Not checked yet: it is checked the next time you sign in with it",
  securityCheckedAt: (when: string) => `checked at your sign-in on ${when}`,
  securityPasskeys: "Passkeys",
  securityPasskeyCount: (count: number) =>
    count === 0 ? "none yet" : count === 1 ? "1 passkey" : `${count} passkeys`,
  securityManagePasskeys: "Manage passkeys",
  securitySessions: "Signed-in devices",
  securityAdviceTitle: "Keep it yours",
  securityAdviceReuse:
    "Use a different password on every site. When one site leaks its passwords, attackers try them on every other site: that is how accounts are taken over without any break-in.",
  securityAdviceMail:
    "Never use the password of your e-mail account anywhere else. Whoever reads your e-mail can reset every other account you have.",
  securityAdviceManager:
    "A password manager creates and remembers a different password for each site, and a passkey needs no password at all.",
  warningTitle: "Your password needs attention",
  warningIntro: "You are signed in, but the password you used has a problem:",
  warningChangeNow: "Change it now",
  warningAddPasskey: "Add a passkey instead",
  warningLater: "Remind me later",
  breachedAtSignInTitle: "This password has leaked: your account is now protected",
  breachedAtSignInBody:
    "The password just used appears in lists of leaked passwords, which attackers replay on every site. Whoever typed it may not be you, so we did not sign anyone in: we signed the account out everywhere and e-mailed its owner a link to choose a new password. If that is you, follow the link, or sign in with a passkey if you have one.",
  findingWeak: "This password is easy to guess.",
  findingStrengthCheckUnavailable:
    "We could not check this password's strength just now. Please try again in a moment.",
  strengthFeedback: (key: string) => describeStrengthFeedback(key, "en"),
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
  changePasswordResetWaiting:
    "現在のパスワードは第三者に知られているおそれがあるため、このアカウントではパスワードの再設定が必要です。現在のパスワードでは変更できません。メールでお送りしたリンクを使うか、パスキーでログインし直してください。",
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
  securityTitle: "セキュリティ",
  securityPassword: "パスワード",
  securityPasswordAge: (days) =>
    days <= 0 ? "今日設定" : days === 1 ? "昨日設定" : `${days}日前に設定`,
  securityNoPassword: "なし（パスキーでログインしています）",
  securityHealth: "前回の確認",
  securityHealthOk: "問題は見つかりませんでした",
  securityHealthWeak: "推測されやすいパスワードです",
  securityHealthSimilar: "ご自身の情報を元にしたパスワードです",
  securityHealthBreached: "流出したパスワードの一覧に含まれています",
  securityHealthUnknown: "未確認（次回このパスワードでログインしたときに確認します）",
  securityCheckedAt: (when) => `${when} のログイン時に確認`,
  securityPasskeys: "パスキー",
  securityPasskeyCount: (count) => (count === 0 ? "まだありません" : `${count}件`),
  securityManagePasskeys: "パスキーを管理",
  securitySessions: "ログイン中の端末",
  securityAdviceTitle: "アカウントを守るために",
  securityAdviceReuse:
    "サイトごとに異なるパスワードを使ってください。あるサイトからパスワードが流出すると、攻撃者はそれを他のあらゆるサイトで試します。侵入しなくてもアカウントが乗っ取られるのはこのためです。",
  securityAdviceMail:
    "メールアカウントのパスワードを他で使わないでください。メールを読める人は、他のすべてのアカウントのパスワードを再設定できてしまいます。",
  securityAdviceManager:
    "パスワードマネージャーを使えばサイトごとに異なるパスワードを作成・記憶でき、パスキーならパスワード自体が不要です。",
  warningTitle: "パスワードに問題があります",
  warningIntro: "ログインしましたが、使用したパスワードには次の問題があります：",
  warningChangeNow: "今すぐ変更する",
  warningAddPasskey: "代わりにパスキーを追加する",
  warningLater: "後で通知する",
  breachedAtSignInTitle: "このパスワードは流出しています：アカウントを保護しました",
  breachedAtSignInBody:
    "いま使われたパスワードは流出したパスワードの一覧に含まれており、攻撃者はこうした一覧をあらゆるサイトで試します。入力したのがご本人とは限らないため、ログインさせずに、すべての端末からログアウトさせ、アカウントの持ち主に新しいパスワードを設定するリンクをメールで送りました。ご本人の場合はそのリンクを開くか、パスキーをお持ちであればパスキーでログインしてください。",
  findingWeak: "このパスワードは推測されやすいです。",
  findingStrengthCheckUnavailable:
    "現在、パスワードの強さを確認できませんでした。少ししてからもう一度お試しください。",
  strengthFeedback: (key) => describeStrengthFeedback(key, "ja"),
};
