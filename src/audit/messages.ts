import type { Translation } from "../i18n/types";

/**
 * The audit log in sentences. `actor` is already a phrase ("admin01", "The API key "soc"") and
 * numbers arrive formatted for the language, with the raw count for English plurals.
 */
export const auditEn = {
  auditActorCli: "An operator at the command line",
  auditActorApiKey: (name: string) => `The API key "${name}"`,
  auditBulkResetCreated: (actor: string, count: number, shown: string, reason: string) =>
    `${actor} started a bulk reset of ${shown} ${count === 1 ? "member" : "members"}: ${reason}.`,
  auditBulkResetDryRun: (actor: string, count: number, shown: string, reason: string) =>
    `${actor} ran a dry run of a bulk reset of ${shown} ${count === 1 ? "member" : "members"}: ${reason}.`,
  auditSessionsRevoked: (actor: string, loginId: string, count: number, shown: string) =>
    `${actor} signed ${loginId} out of ${shown} ${count === 1 ? "session" : "sessions"}.`,
  auditVerificationResent: (actor: string, loginId: string) =>
    `${actor} sent ${loginId} a new e-mail confirmation link.`,
  auditApiKeyCreated: (actor: string, name: string) => `${actor} created the API key "${name}".`,
  auditApiKeyRevoked: (actor: string, name: string) => `${actor} revoked the API key "${name}".`,
  auditInvestigationQueried: (actor: string, sources: string) =>
    `${actor} looked up the sign-ins from ${sources}.`,
  auditInvestigationExported: (actor: string, sources: string) =>
    `${actor} exported the sign-ins from ${sources}.`,
  auditInvestigationReset: (actor: string, sources: string) =>
    `${actor} started a reset of the members signed in from ${sources}.`,
  auditReminderPolicyUpdated: (actor: string) => `${actor} changed the reminder policy.`,
  auditSettingsUpdated: (actor: string, names: string) => `${actor} changed settings: ${names}.`,
  auditSettingsReset: (actor: string, names: string) =>
    `${actor} restored settings to their initial values: ${names}.`,
  auditBlockAdded: (actor: string, cidr: string) => `${actor} blocked ${cidr}.`,
  auditBlockImported: (actor: string, count: number, shown: string) =>
    `${actor} imported ${shown} ${count === 1 ? "block" : "blocks"}.`,
  auditBlockRemoved: (actor: string, cidr: string) => `${actor} unblocked ${cidr}.`,
  auditUnderAttackOn: (actor: string) => `${actor} turned under-attack mode on.`,
  auditUnderAttackOff: (actor: string) => `${actor} turned under-attack mode off.`,
  auditUnderAttackAutomatic: (actor: string) =>
    `${actor} left under-attack mode to the automatic detection.`,
  auditMailRequeued: (actor: string, count: number, shown: string) =>
    `${actor} queued ${shown} failed ${count === 1 ? "e-mail" : "e-mails"} again.`,
  auditFirstAdministrator: (loginId: string) =>
    `${loginId} became the first administrator through the setup link.`,
  auditAdministratorCreated: (actor: string, loginId: string) =>
    `${actor} created the administrator ${loginId}.`,
  auditAdministratorPromoted: (actor: string, loginId: string) =>
    `${actor} made ${loginId} an administrator.`,
  auditAdministratorDemoted: (actor: string, loginId: string) =>
    `${actor} made ${loginId} an ordinary member again.`,
  auditAdministratorRemoved: (actor: string, loginId: string) =>
    `${actor} deleted the administrator account ${loginId}.`,
  auditExported: (actor: string, what: string, count: number, shown: string) =>
    `${actor} downloaded ${what} (${shown} ${count === 1 ? "row" : "rows"}).`,
  auditExportAudit: "the audit log",
  auditExportAffected: "the members signed in from blocked sources",
  auditExportUnknown: (jobId: string) => `the unknown IDs of bulk reset ${jobId}`,
  auditExportMembers: "the member list",
  auditExportOther: (path: string) => `the export ${path}`,
  auditOther: (actor: string, action: string) => `${actor}: ${action}.`,
  auditAnyone: "Anyone",
  auditAnyAction: "Any action",
  auditActionGroups: "Kinds of action",
  auditGroupBulkReset: "Bulk resets",
  auditGroupMember: "Actions on a member",
  auditGroupAdministrator: "Administrators",
  auditGroupBlock: "Blocks",
  auditGroupUnderAttack: "Under-attack mode",
  auditGroupMail: "E-mail",
  auditGroupApiKey: "API keys",
  auditGroupInvestigation: "Investigations",
  auditGroupSettings: "Settings",
  auditGroupReminderPolicy: "Reminder policy",
  auditGroupExport: "Exports",
  auditShowDetails: "Details",
  auditEntries: "Entries, newest first",
  auditFieldJob: "Bulk reset",
  auditFieldIdentifiers: "IDs in the list",
  auditFieldReason: "Reason",
  auditFieldSource: "Started from",
  auditFieldFromDryRun: "From the dry run",
  auditFieldMember: "Member",
  auditFieldSessions: "Sessions",
  auditFieldApiKey: "API key",
  auditFieldScopes: "Scopes",
  auditFieldExpires: "Expires",
  auditFieldNeverExpires: "Never",
  auditFieldSources: "Sources",
  auditFieldFrom: "From",
  auditFieldTo: "To",
  auditFieldSignedIn: "Members signed in",
  auditFieldFailedOnly: "Members with only failed attempts",
  auditFieldTruncated: "List cut short",
  auditFieldRange: "Address range",
  auditFieldImported: "Blocks imported",
  auditFieldSkipped: "Lines skipped",
  auditFieldFile: "File",
  auditFieldSetting: "Setting",
  auditFieldCount: "Count",
  auditFieldVia: "How",
  auditFieldExport: "Export",
  auditFieldRows: "Rows",
  auditFieldFilters: "Filters",
  auditFieldScopeUsed: "Key scope used",
  auditYes: "Yes",
  auditNo: "No",
  auditNone: "None",
} as const;

export const auditJa: Translation<typeof auditEn> = {
  auditActorCli: "コマンドラインの運用者",
  auditActorApiKey: (name) => `APIキー「${name}」`,
  auditBulkResetCreated: (actor, _count, shown, reason) =>
    `${actor}が${shown}人の一括リセットを開始しました（理由: ${reason}）。`,
  auditBulkResetDryRun: (actor, _count, shown, reason) =>
    `${actor}が${shown}人の一括リセットを試行しました（理由: ${reason}）。`,
  auditSessionsRevoked: (actor, loginId, _count, shown) =>
    `${actor}が${loginId}の${shown}件のセッションをログアウトさせました。`,
  auditVerificationResent: (actor, loginId) =>
    `${actor}が${loginId}にメールアドレスの確認リンクを再送しました。`,
  auditApiKeyCreated: (actor, name) => `${actor}がAPIキー「${name}」を作成しました。`,
  auditApiKeyRevoked: (actor, name) => `${actor}がAPIキー「${name}」を無効にしました。`,
  auditInvestigationQueried: (actor, sources) =>
    `${actor}が${sources}からのログインを照会しました。`,
  auditInvestigationExported: (actor, sources) =>
    `${actor}が${sources}からのログインを書き出しました。`,
  auditInvestigationReset: (actor, sources) =>
    `${actor}が${sources}からログインした会員のリセットを開始しました。`,
  auditReminderPolicyUpdated: (actor) => `${actor}がリマインダーの方針を変更しました。`,
  auditSettingsUpdated: (actor, names) => `${actor}が設定を変更しました（${names}）。`,
  auditSettingsReset: (actor, names) => `${actor}が設定を初期値に戻しました（${names}）。`,
  auditBlockAdded: (actor, cidr) => `${actor}が${cidr}を遮断しました。`,
  auditBlockImported: (actor, _count, shown) => `${actor}が${shown}件の遮断を取り込みました。`,
  auditBlockRemoved: (actor, cidr) => `${actor}が${cidr}の遮断を解除しました。`,
  auditUnderAttackOn: (actor) => `${actor}が攻撃対応モードをオンにしました。`,
  auditUnderAttackOff: (actor) => `${actor}が攻撃対応モードをオフにしました。`,
  auditUnderAttackAutomatic: (actor) => `${actor}が攻撃対応モードを自動検知に任せました。`,
  auditMailRequeued: (actor, _count, shown) =>
    `${actor}が送信に失敗した${shown}通のメールを再度送信待ちにしました。`,
  auditFirstAdministrator: (loginId) =>
    `${loginId}がセットアップリンクから最初の管理者になりました。`,
  auditAdministratorCreated: (actor, loginId) => `${actor}が管理者${loginId}を作成しました。`,
  auditAdministratorPromoted: (actor, loginId) => `${actor}が${loginId}を管理者にしました。`,
  auditAdministratorDemoted: (actor, loginId) => `${actor}が${loginId}を一般の会員に戻しました。`,
  auditAdministratorRemoved: (actor, loginId) =>
    `${actor}が管理者${loginId}のアカウントを削除しました。`,
  auditExported: (actor, what, _count, shown) =>
    `${actor}が${what}を書き出しました（${shown}行）。`,
  auditExportAudit: "監査ログ",
  auditExportAffected: "遮断した送信元からログインした会員の一覧",
  auditExportUnknown: (jobId) => `一括リセット${jobId}の見つからなかったID`,
  auditExportMembers: "会員の一覧",
  auditExportOther: (path) => `${path}の書き出し`,
  auditOther: (actor, action) => `${actor}が「${action}」を実行しました。`,
  auditAnyone: "すべての実行者",
  auditAnyAction: "すべての操作",
  auditActionGroups: "操作の種類",
  auditGroupBulkReset: "一括リセット",
  auditGroupMember: "会員への操作",
  auditGroupAdministrator: "管理者",
  auditGroupBlock: "遮断",
  auditGroupUnderAttack: "攻撃対応モード",
  auditGroupMail: "メール",
  auditGroupApiKey: "APIキー",
  auditGroupInvestigation: "調査",
  auditGroupSettings: "設定",
  auditGroupReminderPolicy: "リマインダーの方針",
  auditGroupExport: "書き出し",
  auditShowDetails: "詳細",
  auditEntries: "記録（新しい順）",
  auditFieldJob: "一括リセット",
  auditFieldIdentifiers: "一覧のID数",
  auditFieldReason: "理由",
  auditFieldSource: "開始元",
  auditFieldFromDryRun: "元の試行",
  auditFieldMember: "会員",
  auditFieldSessions: "セッション数",
  auditFieldApiKey: "APIキー",
  auditFieldScopes: "権限",
  auditFieldExpires: "有効期限",
  auditFieldNeverExpires: "なし",
  auditFieldSources: "送信元",
  auditFieldFrom: "開始",
  auditFieldTo: "終了",
  auditFieldSignedIn: "ログインした会員",
  auditFieldFailedOnly: "失敗のみの会員",
  auditFieldTruncated: "一覧の打ち切り",
  auditFieldRange: "アドレス範囲",
  auditFieldImported: "取り込んだ遮断",
  auditFieldSkipped: "読み飛ばした行",
  auditFieldFile: "ファイル",
  auditFieldSetting: "設定",
  auditFieldCount: "件数",
  auditFieldVia: "方法",
  auditFieldExport: "書き出し",
  auditFieldRows: "行数",
  auditFieldFilters: "絞り込み条件",
  auditFieldScopeUsed: "使われた権限",
  auditYes: "はい",
  auditNo: "いいえ",
  auditNone: "なし",
};
