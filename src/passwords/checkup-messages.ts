import type { Translation } from "../i18n/types";

/** The member's security check-up (in the style of Google Password Checkup). */
export const checkupEn = {
  checkupTitle: "Security check-up",
  checkupAllGood: "No problems found",
  checkupAllGoodText: "Your password and sign-in look safe. Keep them that way with a passkey.",
  checkupProblems: (count: number) =>
    count === 1 ? "1 problem to fix" : `${count} problems to fix`,
  checkupProblemsText: "Fix each one below: each has one button that does it.",
  checkupResetPending: "Your password must be replaced",
  checkupResetPendingText:
    "Your password may be known to someone else, so it no longer works. Set a new one to finish.",
  checkupStateOk: "OK",
  checkupStateProblem: "Problem",
  checkupStateSuggestion: "Suggestion",
  checkupStateUnknown: "Not checked yet",
  checkupBreached: "Leaked passwords",
  checkupBreachedOk: "Not found in the lists of leaked passwords.",
  checkupBreachedProblem:
    "Your password is in the lists of leaked passwords: attackers try it everywhere.",
  checkupWeak: "Strength",
  checkupWeakOk: "Hard to guess.",
  checkupWeakProblem: "Easy to guess.",
  checkupSimilarProblem: "Built from your own details, so easy to guess.",
  checkupReused: "Reuse",
  checkupReusedOk: "Not one of your earlier passwords here. Make sure you use it on no other site.",
  checkupReusedProblem: "The same as one of your earlier passwords.",
  checkupOld: "Age",
  checkupOldOk: (age: string) => `Password ${age}.`,
  checkupOldProblem: (age: string, days: number) =>
    `Password ${age}: older than the ${days} days we recommend.`,
  checkupPasskey: "Passkey",
  checkupPasskeyOk: (count: number) =>
    count === 1 ? "You have 1 passkey." : `You have ${count} passkeys.`,
  checkupPasskeySuggestion:
    "No passkey yet. A passkey cannot be leaked or guessed, and signs you in with your fingerprint, face or screen lock.",
  checkupNoPassword: "You have no password: you sign in with a passkey, which cannot leak.",
  checkupUnknownText: "Checked the next time you sign in with your password.",
  checkupChangePassword: "Change password",
  checkupSetNewPassword: "Set a new password",
  checkupAddPasskey: "Add a passkey",
  checkupManagePasskeys: "Manage passkeys",
  checkupCheckedAt: (when: string) => `Last checked when you signed in on ${when}.`,
  resetPendingBanner:
    "Your password must be replaced before it works again: someone else may know it.",
  resetPendingBannerLink: "Set a new password now",
  passwordShow: "Show password",
  passwordHide: "Hide password",
  passphraseSuggestion: "Need an idea? A random passphrase made for you just now:",
  passphraseUse: "Use this passphrase",
} as const;

export const checkupJa: Translation<typeof checkupEn> = {
  checkupTitle: "セキュリティ診断",
  checkupAllGood: "問題は見つかりませんでした",
  checkupAllGoodText:
    "パスワードとログインは安全な状態です。パスキーを追加すると、この状態を保ちやすくなります。",
  checkupProblems: (count) => `対処が必要な問題が${count}件あります`,
  checkupProblemsText: "下の項目をそれぞれ対処してください。各項目のボタンから対処できます。",
  checkupResetPending: "パスワードの変更が必要です",
  checkupResetPendingText:
    "パスワードが第三者に知られているおそれがあるため、現在のパスワードは使えません。新しいパスワードを設定してください。",
  checkupStateOk: "問題なし",
  checkupStateProblem: "問題あり",
  checkupStateSuggestion: "おすすめ",
  checkupStateUnknown: "未確認",
  checkupBreached: "流出",
  checkupBreachedOk: "流出したパスワードの一覧には含まれていません。",
  checkupBreachedProblem:
    "流出したパスワードの一覧に含まれています。攻撃者はあらゆるサイトでこのパスワードを試します。",
  checkupWeak: "強さ",
  checkupWeakOk: "推測されにくいパスワードです。",
  checkupWeakProblem: "推測されやすいパスワードです。",
  checkupSimilarProblem: "ご自身の情報を元にしているため、推測されやすいパスワードです。",
  checkupReused: "使い回し",
  checkupReusedOk:
    "このサイトで以前に使ったパスワードではありません。他のサイトでも使わないようにしてください。",
  checkupReusedProblem: "以前に使ったパスワードと同じです。",
  checkupOld: "経過日数",
  checkupOldOk: (age) => `パスワードは${age}。`,
  checkupOldProblem: (age, days) => `パスワードは${age}。おすすめの${days}日を過ぎています。`,
  checkupPasskey: "パスキー",
  checkupPasskeyOk: (count) => `パスキーが${count}件あります。`,
  checkupPasskeySuggestion:
    "パスキーはまだありません。パスキーは流出も推測もされず、指紋・顔・画面ロックでログインできます。",
  checkupNoPassword: "パスワードはありません。流出のおそれがないパスキーでログインしています。",
  checkupUnknownText: "次回パスワードでログインしたときに確認します。",
  checkupChangePassword: "パスワードを変更",
  checkupSetNewPassword: "新しいパスワードを設定",
  checkupAddPasskey: "パスキーを追加",
  checkupManagePasskeys: "パスキーを管理",
  checkupCheckedAt: (when) => `${when} のログイン時に確認しました。`,
  resetPendingBanner: "パスワードが第三者に知られているおそれがあるため、変更するまで使えません。",
  resetPendingBannerLink: "今すぐ新しいパスワードを設定",
  passwordShow: "パスワードを表示",
  passwordHide: "パスワードを隠す",
  passphraseSuggestion:
    "思いつかない場合は、いま作成したこのランダムなパスフレーズをお使いください。",
  passphraseUse: "このパスフレーズを使う",
};
