import type { Translation } from "../../i18n/types";
import type { WaveSignal } from "./wave-signals";

export const wavesEn = {
  settingsSectionWaves: "Slow-wave detection",
  settingUnitDeviations: "standard deviations",
  settingUnitSignals: "signals",
  settingWaveDetectionLabel: "Detect slow, distributed waves",
  settingWaveDetectionWhy:
    "Measures the sign-in log in five-minute buckets and compares seven signals (unknown IDs, single tries from new addresses, first-try successes on new devices, unusual hours, user-agent and address-space diversity, accounts awaiting a reset) with this service's own recent days.",
  settingWaveDeviationLabel: "Deviation that trips a signal",
  settingWaveDeviationWhy:
    "How far above its usual level a signal must be, in the standard deviations the service's own history showed for windows of that length. Lower finds a wave sooner and raises more false alarms.",
  settingWaveMinimumExcessLabel: "Extra attempts that trip a signal",
  settingWaveMinimumExcessWhy:
    "A window must also hold at least this many events above what the baseline expects, so a handful of odd sign-ins at night never counts as a wave.",
  settingWaveMinimumSignalsLabel: "Signals that make a wave",
  settingWaveMinimumSignalsWhy:
    "How many different signals must trip together before a wave is declared. One signal alone can have an innocent cause (a new app version, a campaign e-mail); a wave shows several.",
  settingWaveBaselineDaysLabel: "Baseline",
  settingWaveBaselineDaysWhy:
    "How many days of this service's own history the signals are compared with. Buckets measured during a wave are left out, so an attack is never learnt as normal.",
  settingWaveUnderAttackLabel: "Under-attack mode during a wave",
  settingWaveUnderAttackWhy:
    "While a wave lasts (and for half an hour after its last sign of activity), automatic under-attack mode stays on: every password sign-in without a device cookie solves a proof of work, and the per-address and per-network limits tighten. Members on their usual devices are not affected.",
  wavesTitle: "Slow, distributed waves",
  wavesIntro:
    "Signals of a patient credential-stuffing wave (thousands of addresses, one or two tries each, under every limit), measured in five-minute buckets against this service's own recent days.",
  wavesNone: "No wave detected.",
  wavesOngoing: (since: string) => `Ongoing since ${since} (estimated onset)`,
  wavesEnded: (from: string, to: string) => `From ${from} to ${to}`,
  wavesDetectedAt: (at: string) => `Detected at ${at}.`,
  wavesIdentifiersTouched: (count: string) =>
    `${count} IDs tried from addresses no sign-in had succeeded from.`,
  wavesWhy: "Why it fired",
  wavesEvidence: (
    signal: string,
    windowInMinutes: number,
    observed: string,
    baseline: string,
    score: string,
  ) =>
    `${signal}: ${observed} over ${windowInMinutes} minutes against a usual ${baseline} (${score} standard deviations above normal).`,
  wavesReview: "Review the members who signed in in the wave's pattern",
  wavesAlertText: (signals: number) =>
    `A slow credential-stuffing wave: ${signals} signals above this service's baseline. See Attacks.`,
  waveSignalUnknownIds: "Share of attempts on unknown IDs",
  waveSignalFreshAddressSingleTries: "IDs tried once from an address never seen succeeding",
  waveSignalNewDeviceFirstTry: "First-try share of successes on new devices",
  waveSignalOffHours: "Attempts outside the member's usual hours",
  waveSignalUserAgentDiversity: "User-agent diversity",
  waveSignalAddressSpaceDiversity: "Address-space diversity (/16 networks)",
  waveSignalResetRequired: "Attempts on accounts awaiting a reset",
  waveInvestigateTitle: (id: number) => `Wave ${id}: members who signed in in its pattern`,
  waveInvestigateIntro:
    "Successful sign-ins inside the wave's window from an address no sign-in had succeeded from, on a device new to the member, at the first try: their passwords are very likely on the attacker's list. Members whose address also tried other IDs come first; one ID from an address may be a member on a new phone.",
  waveInvestigateWindow: (from: string, to: string) => `Window: ${from} to ${to}.`,
  waveInvestigateMembers: "Members",
  waveInvestigateSuspectSignIns: "Sign-ins in the pattern",
  waveInvestigateIdentifiersFromAddress: "IDs tried from its address",
  waveInvestigateLastSignIn: "Last such sign-in",
  waveInvestigateNobody: "No member signed in in the wave's pattern.",
  waveInvestigateReason: (id: number, from: string, to: string) =>
    `slow wave ${id}: ${from}..${to}`,
} as const;

export const wavesJa: Translation<typeof wavesEn> = {
  settingsSectionWaves: "低速分散型攻撃の検知",
  settingUnitDeviations: "標準偏差",
  settingUnitSignals: "指標",
  settingWaveDetectionLabel: "低速で分散した攻撃を検知する",
  settingWaveDetectionWhy:
    "ログイン記録を5分ごとに集計し、7つの指標（存在しない ID、新しいアドレスからの1回だけの試行、新しい端末での1回目の成功、普段と違う時間帯、ユーザーエージェントとアドレス空間の多様さ、再設定待ちのアカウント）をこのサービス自身の直近の数日と比べます。",
  settingWaveDeviationLabel: "指標が反応する偏差",
  settingWaveDeviationWhy:
    "指標が普段の水準をどれだけ上回れば反応するかを、同じ長さの期間でこのサービスの履歴が示した標準偏差の数で指定します。小さくすると早く見つかりますが、誤検知も増えます。",
  settingWaveMinimumExcessLabel: "指標が反応する超過件数",
  settingWaveMinimumExcessWhy:
    "期間内の件数が、基準から予想される件数をこの数以上上回る必要があります。夜間のわずかな珍しいログインで攻撃と判定しないためです。",
  settingWaveMinimumSignalsLabel: "攻撃と判定する指標の数",
  settingWaveMinimumSignalsWhy:
    "いくつの異なる指標が同時に反応したら攻撃と判定するかを指定します。1つの指標だけなら無害な理由（アプリの更新やキャンペーンメール）もありえますが、攻撃では複数の指標が反応します。",
  settingWaveBaselineDaysLabel: "基準期間",
  settingWaveBaselineDaysWhy:
    "指標をこのサービス自身の何日分の履歴と比べるかを指定します。攻撃中に集計した期間は除くため、攻撃を普段の状態として学習することはありません。",
  settingWaveUnderAttackLabel: "攻撃中は攻撃対応モードにする",
  settingWaveUnderAttackWhy:
    "攻撃が続く間（最後の兆候から30分後まで）、自動の攻撃対応モードを有効にします。端末の Cookie がないパスワードによるログインには計算による確認が求められ、アドレスごと・ネットワークごとの制限も厳しくなります。いつもの端末を使う会員には影響しません。",
  wavesTitle: "低速で分散した攻撃",
  wavesIntro:
    "根気強いリスト型攻撃（数千のアドレスから、1つあたり1〜2回、すべての制限を下回る試行）の兆候を、5分ごとの集計でこのサービス自身の直近の数日と比べて検知します。",
  wavesNone: "攻撃は検知されていません。",
  wavesOngoing: (since: string) => `${since}（推定開始時刻）から継続中です。`,
  wavesEnded: (from: string, to: string) => `${from} から ${to} まで`,
  wavesDetectedAt: (at: string) => `${at} に検知しました。`,
  wavesIdentifiersTouched: (count: string) =>
    `ログインが成功したことのないアドレスから ${count} 件の ID が試されました。`,
  wavesWhy: "検知の理由",
  wavesEvidence: (
    signal: string,
    windowInMinutes: number,
    observed: string,
    baseline: string,
    score: string,
  ) =>
    `${signal}：直近${windowInMinutes}分で ${observed}（普段は ${baseline}、標準偏差の ${score} 倍上回っています）。`,
  wavesReview: "攻撃と同じ特徴でログインした会員を確認する",
  wavesAlertText: (signals: number) =>
    `低速のリスト型攻撃を検知しました。${signals}つの指標が基準を上回っています。「攻撃」のページをご覧ください。`,
  waveSignalUnknownIds: "存在しない ID への試行の割合",
  waveSignalFreshAddressSingleTries: "成功実績のないアドレスから1回だけ試された ID",
  waveSignalNewDeviceFirstTry: "新しい端末での成功のうち1回目で成功した割合",
  waveSignalOffHours: "会員の普段の時間帯から外れた試行",
  waveSignalUserAgentDiversity: "ユーザーエージェントの多様さ",
  waveSignalAddressSpaceDiversity: "アドレス空間の多様さ（/16 ネットワーク）",
  waveSignalResetRequired: "再設定待ちのアカウントへの試行",
  waveInvestigateTitle: (id: number) => `攻撃 ${id}：同じ特徴でログインした会員`,
  waveInvestigateIntro:
    "攻撃の期間内に、ログインが成功したことのないアドレスから、会員にとって新しい端末で、1回目で成功したログインです。これらの会員のパスワードは攻撃者のリストに含まれている可能性が高いです。同じアドレスから他の ID も試された会員を先に表示します。ID が1つだけのアドレスは、新しいスマートフォンを使う会員の場合もあります。",
  waveInvestigateWindow: (from: string, to: string) => `期間：${from} から ${to} まで。`,
  waveInvestigateMembers: "会員",
  waveInvestigateSuspectSignIns: "同じ特徴のログイン",
  waveInvestigateIdentifiersFromAddress: "同じアドレスから試された ID",
  waveInvestigateLastSignIn: "最後の該当ログイン",
  waveInvestigateNobody: "攻撃と同じ特徴でログインした会員はいません。",
  waveInvestigateReason: (id: number, from: string, to: string) => `低速攻撃 ${id}：${from}..${to}`,
};

export const waveSignalMessages: Record<WaveSignal, keyof typeof wavesEn> = {
  "unknown-ids": "waveSignalUnknownIds",
  "fresh-address-single-tries": "waveSignalFreshAddressSingleTries",
  "new-device-first-try": "waveSignalNewDeviceFirstTry",
  "off-hours": "waveSignalOffHours",
  "user-agent-diversity": "waveSignalUserAgentDiversity",
  "address-space-diversity": "waveSignalAddressSpaceDiversity",
  "reset-required": "waveSignalResetRequired",
};
