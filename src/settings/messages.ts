import type { Translation } from "../i18n/types";

// Each setting has a label and a short why: `setting<Name>Label` and `setting<Name>Why`, the
// name as in src/settings/definitions.ts (the view looks them up by that pattern).
export const settingsEn = {
  adminNavSettings: "Settings",
  settingsTitle: "Settings",
  settingsIntro:
    "The policies in force. Environment variables give the defaults at start; a value saved here overrides its default at once, without a restart, and every other instance follows within a second. Every change is recorded in the audit log.",
  settingsSectionPasswords: "Passwords",
  settingsSectionThrottles: "Sign-in throttles",
  settingsSectionDetection: "Spike alerts and automatic blocks",
  settingsSectionUnderAttack: "Under-attack mode",
  settingsSectionRetention: "Sign-in log",
  settingsSectionReminders: "Rotation reminders",
  settingsDefault: (value: string, variable: string) => `Default: ${value} (${variable}).`,
  settingsValueWithUnit: (value: string, unit: string) => `${value} ${unit}`,
  settingsChanged: "changed",
  settingsResetField: "Reset to default",
  settingsResetAll: "Reset all to defaults",
  settingsSave: "Save settings",
  settingsSaved: (count: number) =>
    count === 1 ? "1 setting was changed." : `${count} settings were changed.`,
  settingsUnchanged: "Nothing was changed.",
  settingsResetDone: (count: number) =>
    count === 1
      ? "1 setting is back to its default."
      : `${count} settings are back to their defaults.`,
  settingsRemindersElsewhere: "The reminder policy is set on the Settings page.",
  settingsOn: "On",
  settingsOff: "Off",
  settingsErrorWholeNumber: (minimum: string, maximum: string) =>
    `Enter a whole number from ${minimum} to ${maximum}.`,
  settingsErrorNumber: (minimum: string, maximum: string) =>
    `Enter a number from ${minimum} to ${maximum}.`,
  settingsErrorChoice: "Choose on or off.",
  settingsErrorNetworkBelowAddress: (address: string) =>
    `A network holds many addresses: allow it at least as many as one address (${address}).`,
  settingUnitCharacters: "characters",
  settingUnitAttemptsPerMinute: "attempts a minute",
  settingUnitAttempts: "attempts",
  settingUnitMinutes: "minutes",
  settingUnitDays: "days",
  settingUnitTimesBaseline: "times the baseline",
  settingUnitAccounts: "IDs",
  settingUnitTriesPerAccount: "tries per ID",
  settingUnitDivisor: "times stricter",
  settingUnitIterations: "iterations",
  settingUnitBits: "bits",
  settingPasswordMinimumLengthLabel: "Minimum password length",
  settingPasswordMinimumLengthWhy:
    "Shorter passwords are guessed sooner. NIST SP 800-63B asks for 15 characters where the password is the only factor (8 with a second factor), and members are always advised to use 15. A new minimum applies to every new password at once; a shorter existing password is marked weak at its owner's next sign-in.",
  settingSignInPerAddressPerMinuteLabel: "Sign-ins per address",
  settingSignInPerAddressPerMinuteWhy:
    "Password sign-ins one client address may make a minute: low enough to slow a script, high enough for a family or an office behind one address.",
  settingSignInPerAddressBurstLabel: "Burst per address",
  settingSignInPerAddressBurstWhy:
    "Attempts one address may make in a row before the per-minute rate applies.",
  settingSignInPerNetworkPerMinuteLabel: "Sign-ins per network",
  settingSignInPerNetworkPerMinuteWhy:
    "Password sign-ins a minute from one /24 (IPv4) or /56 (IPv6) network, so rotating through neighbouring addresses does not escape the per-address limit.",
  settingSignInPerNetworkBurstLabel: "Burst per network",
  settingSignInPerNetworkBurstWhy:
    "Attempts one network may make in a row before its per-minute rate applies.",
  settingIpv6SourcePrefixLengthLabel: "IPv6 prefix counted as one address",
  settingIpv6SourcePrefixLengthWhy:
    "An IPv6 subscriber is given a whole /64 (often a /56 or /48) and may use any address in it, so every address in a prefix of this length shares one address budget and one automatic block. 128 counts each address alone, which lets a client rotate through its prefix.",
  settingAccountFreeFailuresLabel: "Free attempts per account",
  settingAccountFreeFailuresWhy:
    "Password attempts on one ID before the per-account delay starts. The delay never locks the account: a reset link or a passkey still works (ASVS 6.3.1).",
  settingAccountMaximumDelayInMinutesLabel: "Longest per-account delay",
  settingAccountMaximumDelayInMinutesWhy:
    "The delay starts at 30 seconds and doubles up to this: guessing one member's password becomes slow, and the owner is never locked out for long.",
  settingSpikeFactorLabel: "Spike factor",
  settingSpikeFactorWhy:
    "A minute's attempts, or its failure ratio, this many times the past hour's baseline raises an alert. Lower finds a wave sooner and alerts more often.",
  settingSpikeMinimumAttemptsPerMinuteLabel: "Fewest attempts for an alert",
  settingSpikeMinimumAttemptsPerMinuteWhy:
    "No alert below this many attempts in a minute, whatever the baseline, so a quiet night's typos never page anyone.",
  settingAutoBlockDistinctAccountsLabel: "IDs tried by one address",
  settingAutoBlockDistinctAccountsWhy:
    "Stuffing signature: an address that tries this many different IDs within the window, mostly failing, is blocked automatically.",
  settingAutoBlockMaximumTriesPerAccountLabel: "Tries per ID, at most",
  settingAutoBlockMaximumTriesPerAccountWhy:
    "Stuffing signature: a replayed list tries each ID once or twice, while a person retries one ID. Only sources at or under this average are blocked.",
  settingAutoBlockWindowInMinutesLabel: "Window looked at",
  settingAutoBlockWindowInMinutesWhy: "How far back the stuffing signature is looked for.",
  settingAutoBlockDurationInMinutesLabel: "An automatic block lasts",
  settingAutoBlockDurationInMinutesWhy:
    "Addresses change hands (mobile carriers, shared NAT), so automatic blocks expire; block for longer by hand on the attacks page.",
  settingBlockedDeviceAttemptsLabel: "Sign-ins through an automatic block, per device",
  settingBlockedDeviceAttemptsWhy:
    "An automatic block judges an address, and a whole office or a mobile carrier's customers may share one. A browser that signed in to the same ID before (it holds a device cookie) may still try this many times every 15 minutes; 0 turns this off. Blocks made by an administrator apply to everyone.",
  settingUnderAttackAutomaticLabel: "Turn on under-attack mode by itself",
  settingUnderAttackAutomaticWhy:
    "When an alert is raised, tighten the throttles and ask for a proof of work without waiting for an administrator.",
  settingUnderAttackDurationInMinutesLabel: "Automatic under-attack mode lasts",
  settingUnderAttackDurationInMinutesWhy:
    "How long automatic under-attack mode stays on after the latest alert.",
  settingUnderAttackTighteningLabel: "Tightening under attack",
  settingUnderAttackTighteningWhy:
    "Under attack, per-address and per-network rates and bursts are divided by this, and free attempts per account are halved.",
  settingProofOfWorkCostLabel: "Proof-of-work cost",
  settingProofOfWorkCostWhy:
    "PBKDF2 iterations per try of the under-attack challenge (about 256 tries): more costs a bot more, and a member's browser too (about half a second at 500).",
  settingSignInLogRetentionInDaysLabel: "Keep the sign-in log",
  settingSignInLogRetentionInDaysWhy:
    "Sign-in events hold addresses and devices, personal data kept only as long as investigations need them; older events and minute counts are deleted.",
} as const;

export const settingsJa: Translation<typeof settingsEn> = {
  adminNavSettings: "設定",
  settingsTitle: "設定",
  settingsIntro:
    "現在適用されているポリシーです。起動時の環境変数が既定値になります。ここで保存した値は再起動なしですぐに既定値より優先され、他のインスタンスにも1秒以内に反映されます。変更はすべて監査ログに記録されます。",
  settingsSectionPasswords: "パスワード",
  settingsSectionThrottles: "ログインの回数制限",
  settingsSectionDetection: "急増の警告と自動ブロック",
  settingsSectionUnderAttack: "攻撃対応モード",
  settingsSectionRetention: "ログイン記録",
  settingsSectionReminders: "パスワード変更のお知らせ",
  settingsDefault: (value, variable) => `既定値：${value}（${variable}）。`,
  settingsValueWithUnit: (value, unit) => `${value}${unit}`,
  settingsChanged: "変更済み",
  settingsResetField: "既定値に戻す",
  settingsResetAll: "すべて既定値に戻す",
  settingsSave: "設定を保存",
  settingsSaved: (count) => `${count}件の設定を変更しました。`,
  settingsUnchanged: "変更はありませんでした。",
  settingsResetDone: (count) => `${count}件の設定を既定値に戻しました。`,
  settingsRemindersElsewhere: "お知らせのポリシーは設定ページで変更します。",
  settingsOn: "オン",
  settingsOff: "オフ",
  settingsErrorWholeNumber: (minimum, maximum) =>
    `${minimum}から${maximum}までの整数を入力してください。`,
  settingsErrorNumber: (minimum, maximum) =>
    `${minimum}から${maximum}までの数値を入力してください。`,
  settingsErrorChoice: "オンかオフを選んでください。",
  settingsErrorNetworkBelowAddress: (address) =>
    `ネットワークには多くのアドレスが含まれます。1 アドレスあたりの値（${address}）以上にしてください。`,
  settingUnitCharacters: "文字",
  settingUnitAttemptsPerMinute: "回／分",
  settingUnitAttempts: "回",
  settingUnitMinutes: "分",
  settingUnitDays: "日",
  settingUnitTimesBaseline: "倍（基準値に対して）",
  settingUnitAccounts: "件のID",
  settingUnitTriesPerAccount: "回／ID",
  settingUnitDivisor: "倍厳しく",
  settingUnitIterations: "回反復",
  settingUnitBits: "ビット",
  settingPasswordMinimumLengthLabel: "パスワードの最小文字数",
  settingPasswordMinimumLengthWhy:
    "短いパスワードほど早く推測されます。NIST SP 800-63B は、パスワードが唯一の認証要素なら15文字以上（他の要素と併用するなら8文字以上）を求めており、会員には常に15文字以上を勧めます。新しい最小値はすぐにすべての新しいパスワードに適用され、それより短い既存のパスワードは次回のログイン時に「弱い」と判定されます。",
  settingSignInPerAddressPerMinuteLabel: "アドレスごとのログイン回数",
  settingSignInPerAddressPerMinuteWhy:
    "1つのクライアントアドレスが1分間に試せるパスワードログインの回数です。スクリプトを遅らせるには十分低く、1つのアドレスを共有する家庭や職場には十分な値にします。",
  settingSignInPerAddressBurstLabel: "アドレスごとの連続試行数",
  settingSignInPerAddressBurstWhy:
    "1分あたりの上限が効き始める前に、1つのアドレスが続けて試せる回数です。",
  settingSignInPerNetworkPerMinuteLabel: "ネットワークごとのログイン回数",
  settingSignInPerNetworkPerMinuteWhy:
    "1つの /24（IPv4）または /56（IPv6）ネットワークから1分間に試せるパスワードログインの回数です。近くのアドレスを次々に使ってアドレスごとの上限を逃れることを防ぎます。",
  settingSignInPerNetworkBurstLabel: "ネットワークごとの連続試行数",
  settingSignInPerNetworkBurstWhy:
    "1分あたりの上限が効き始める前に、1つのネットワークが続けて試せる回数です。",
  settingIpv6SourcePrefixLengthLabel: "1 アドレスとみなす IPv6 プレフィックス長",
  settingIpv6SourcePrefixLengthWhy:
    "IPv6 の契約者には /64（多くは /56 や /48）がまとめて割り当てられ、その中のどのアドレスでも使えます。このため、この長さのプレフィックスに属するアドレスはすべて 1 アドレス分の上限と自動ブロックを共有します。128 にすると各アドレスを別々に数えるため、プレフィックス内でアドレスを変えながら試行できてしまいます。",
  settingAccountFreeFailuresLabel: "アカウントごとの猶予回数",
  settingAccountFreeFailuresWhy:
    "1つのIDに対して、アカウントごとの待ち時間が始まるまでに許すパスワード試行の回数です。待ち時間でアカウントがロックされることはなく、再設定リンクやパスキーは使えます（ASVS 6.3.1）。",
  settingAccountMaximumDelayInMinutesLabel: "アカウントごとの最長待ち時間",
  settingAccountMaximumDelayInMinutesWhy:
    "待ち時間は30秒から始まり、この値まで倍々に延びます。1人の会員のパスワードの推測は遅くなり、本人が長く締め出されることはありません。",
  settingSpikeFactorLabel: "急増とみなす倍率",
  settingSpikeFactorWhy:
    "1分間の試行数または失敗率が、直前1時間の基準値のこの倍数に達すると警告します。低くすると攻撃を早く見つけられますが、警告も増えます。",
  settingSpikeMinimumAttemptsPerMinuteLabel: "警告する最少の試行数",
  settingSpikeMinimumAttemptsPerMinuteWhy:
    "基準値にかかわらず、1分間の試行がこれ未満なら警告しません。静かな夜の入力ミスで担当者を呼び出さないためです。",
  settingAutoBlockDistinctAccountsLabel: "1つのアドレスが試したID数",
  settingAutoBlockDistinctAccountsWhy:
    "リスト型攻撃の特徴：集計期間内にこの数以上の異なるIDを試し、ほとんど失敗しているアドレスを自動的にブロックします。",
  settingAutoBlockMaximumTriesPerAccountLabel: "IDあたりの試行回数の上限",
  settingAutoBlockMaximumTriesPerAccountWhy:
    "リスト型攻撃の特徴：漏えいリストの使い回しでは各IDを1〜2回しか試しませんが、人は1つのIDで何度もやり直します。平均がこの値以下の送信元だけをブロックします。",
  settingAutoBlockWindowInMinutesLabel: "集計期間",
  settingAutoBlockWindowInMinutesWhy: "リスト型攻撃の特徴をさかのぼって調べる期間です。",
  settingAutoBlockDurationInMinutesLabel: "自動ブロックの期間",
  settingAutoBlockDurationInMinutesWhy:
    "アドレスは使う人が変わる（携帯回線や共有NAT）ため、自動ブロックには期限があります。長く止めるには攻撃のページで手動でブロックしてください。",
  settingBlockedDeviceAttemptsLabel: "自動ブロック中に端末ごとに許すログイン回数",
  settingBlockedDeviceAttemptsWhy:
    "自動ブロックはアドレス単位で判断しますが、1 つのアドレスを会社全体や携帯電話会社の利用者が共有していることがあります。同じ ID で以前にログインしたブラウザ（端末 Cookie を持つもの）は、15 分ごとにこの回数まで試行できます。0 にするとこの例外はなくなります。管理者が手動で追加したブロックは全員に適用されます。",
  settingUnderAttackAutomaticLabel: "攻撃対応モードを自動で開始する",
  settingUnderAttackAutomaticWhy:
    "警告が出たら、管理者を待たずに回数制限を強め、プルーフ・オブ・ワーク（計算による確認）を求めます。",
  settingUnderAttackDurationInMinutesLabel: "自動の攻撃対応モードの継続時間",
  settingUnderAttackDurationInMinutesWhy: "最後の警告のあと、自動の攻撃対応モードが続く時間です。",
  settingUnderAttackTighteningLabel: "攻撃対応時の制限の強さ",
  settingUnderAttackTighteningWhy:
    "攻撃対応モードでは、アドレスごと・ネットワークごとの回数と連続試行数をこの値で割り、アカウントごとの猶予回数を半分にします。",
  settingProofOfWorkCostLabel: "プルーフ・オブ・ワークの負荷",
  settingProofOfWorkCostWhy:
    "攻撃対応モードの確認で1回の試行に使う PBKDF2 の反復回数です（平均約256回試行）。大きくするとボットの負担が増えますが、会員のブラウザの負担も増えます（500で約0.5秒）。",
  settingSignInLogRetentionInDaysLabel: "ログイン記録の保存期間",
  settingSignInLogRetentionInDaysWhy:
    "ログイン記録にはアドレスや端末という個人データが含まれるため、調査に必要な期間だけ保存します。それより古い記録と分ごとの集計は削除されます。",
};
