import type { Translation } from "../i18n/types";

export const importsEn = {
  adminApiKeysScopeMembers:
    "Members: import members and update, deactivate or delete them by external ID",
  adminImportTitle: "Import members",
  adminImportIntro:
    "Import a service's existing members with their password hashes from a small JSON Lines or CSV file (up to 32 MB). For larger files use the command `rekey members import` or the members API. Members are matched by external ID, so importing a file again updates them.",
  adminImportFile: "File (JSON Lines, or CSV with a header row)",
  adminImportFileError: "Choose a file that is not empty.",
  adminImportHashFormat: "Hash format",
  adminImportHashFormatAuto:
    "Recognise from each hash (bcrypt, argon2, scrypt, PBKDF2, phpass, crypt, plain hex digests)",
  adminImportHashEncoding: "Encoding of raw digests",
  adminImportSaltPosition: "Salt position in raw digests",
  adminImportSaltBefore: "salt + password",
  adminImportSaltAfter: "password + salt",
  adminImportResetRequired:
    "Require every imported member to set a new password (the old system was breached)",
  adminImportResetWeakerThan: "Require a new password when the old hash is weaker than",
  adminImportResetWeakerThanNone: "(no threshold)",
  adminImportSendLinks: "E-mail members without a password a link to set one",
  adminImportSubmit: "Import",
  adminImportSummaryTitle: "Import finished",
  adminImportCreated: "Created",
  adminImportUpdated: "Updated",
  adminImportStoredAsIs: "Adaptive hashes kept as they are",
  adminImportWrapped: "Fast hashes wrapped in argon2id",
  adminImportWithoutPassword: "Without a password",
  adminImportMarkedReset: "Marked to set a new password",
  adminImportLinksQueued: "Set-password links queued",
  adminImportRejected: "Rows refused",
  adminImportProblemsTitle: "Rows refused, by line",
  adminImportLine: "Line",
  adminImportProblem: "Problem",
  adminImportLinkFromMembers: "Import members from a file",
} as const;

export const importsJa: Translation<typeof importsEn> = {
  adminApiKeysScopeMembers: "会員：会員のインポートと、外部IDによる更新・無効化・削除",
  adminImportTitle: "会員のインポート",
  adminImportIntro:
    "サービスの既存会員を、パスワードハッシュとともに小さな JSON Lines または CSV ファイル（32 MB まで）からインポートします。大きなファイルにはコマンド `rekey members import` か会員 API を使ってください。会員は外部IDで照合されるため、同じファイルをもう一度インポートすると更新になります。",
  adminImportFile: "ファイル（JSON Lines、または見出し行付きの CSV）",
  adminImportFileError: "空でないファイルを選んでください。",
  adminImportHashFormat: "ハッシュ形式",
  adminImportHashFormatAuto:
    "各ハッシュから判別する（bcrypt、argon2、scrypt、PBKDF2、phpass、crypt、16進のダイジェスト）",
  adminImportHashEncoding: "生のダイジェストの符号化",
  adminImportSaltPosition: "生のダイジェストでのソルトの位置",
  adminImportSaltBefore: "ソルト＋パスワード",
  adminImportSaltAfter: "パスワード＋ソルト",
  adminImportResetRequired:
    "インポートした全会員に新しいパスワードの設定を求める（旧システムが侵害された場合）。",
  adminImportResetWeakerThan: "旧ハッシュが次より弱い会員に新しいパスワードの設定を求める",
  adminImportResetWeakerThanNone: "（基準なし）",
  adminImportSendLinks: "パスワードのない会員に、設定用のリンクをメールで送る",
  adminImportSubmit: "インポートする",
  adminImportSummaryTitle: "インポートが完了しました",
  adminImportCreated: "作成",
  adminImportUpdated: "更新",
  adminImportStoredAsIs: "そのまま保存した低速ハッシュ",
  adminImportWrapped: "argon2id で包んだ高速ハッシュ",
  adminImportWithoutPassword: "パスワードなし",
  adminImportMarkedReset: "新しいパスワードの設定を求めた会員",
  adminImportLinksQueued: "送信待ちの設定用リンク",
  adminImportRejected: "受け付けなかった行",
  adminImportProblemsTitle: "受け付けなかった行（行番号順）",
  adminImportLine: "行",
  adminImportProblem: "問題",
  adminImportLinkFromMembers: "ファイルから会員をインポートする",
};
