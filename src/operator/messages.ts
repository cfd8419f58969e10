/** Messages for the operator's first run and incident follow-through (issue 24). */
export const operatorEn = {
  wrongHostTitle: "Open rekey at its own address",
  wrongHostBody: (origin: string) =>
    `This portal answers at ${origin}. Forms sent from any other address are refused, because your browser keeps the form's security cookie for that address only. Open the portal there and send the form again.`,
  wrongHostLink: (origin: string) => `Go to ${origin}`,
  jobOptionsTitle: "What starting this job will do",
  jobOptionYes: "yes",
  jobOptionNo: "no",
  jobAdministratorsTitle: "Administrators in the list",
  jobAdministratorsIntro:
    "These accounts are administrators. They are left out of the reset unless you tick them in.",
  jobAdministratorInclude: (loginId: string, email: string) =>
    `Reset ${loginId} (${email}) as well`,
  jobSelfExcluded:
    "Your own account is in the list. It is never reset by a job you start: reset it from your security page instead.",
  jobAdministratorsExcluded: "Administrators set apart",
  jobContinue: "Continue to the confirmation",
  jobConfirmTitle: "Confirm the forced reset",
  jobConfirmSummary: (members: number, emails: number) =>
    `This resets ${members.toLocaleString("en")} member ${members === 1 ? "account" : "accounts"} and sends ${emails.toLocaleString("en")} ${emails === 1 ? "e-mail" : "e-mails"}. It cannot be undone.`,
  jobConfirmNoEmails: (members: number) =>
    `This resets ${members.toLocaleString("en")} member ${members === 1 ? "account" : "accounts"} and sends no e-mail: members will find out only when they next sign in. It cannot be undone.`,
  jobConfirmIncluded: (count: number) =>
    `${count.toLocaleString("en")} ${count === 1 ? "administrator" : "administrators"} you ticked ${count === 1 ? "is" : "are"} included.`,
  jobConfirmButton: (emails: number) =>
    `Start the reset and send ${emails.toLocaleString("en")} e-mails`,
  jobConfirmButtonNoEmails: "Start the reset",
  jobConfirmBack: "Back to the dry run",
  jobConfirmCountChanged:
    "The number of e-mails changed since you looked: check the new number and confirm again.",
  jobDryRunFiguresTitle: "The dry run found",
  jobFollowUpTitle: "Follow-through",
  jobFollowUpIntro:
    "Where each member stands since the reset, updated as they act. A member counts in every state they reached.",
  jobState: {
    emailed: "E-mailed",
    delivered: "Delivered",
    bounced: "Bounced",
    linkOpened: "Link opened",
    passwordSet: "New password set",
    passkeyAdded: "Passkey added",
    pending: "Still pending",
  } as Record<string, string>,
  jobStateHeading: "State",
  jobMembersHeading: "Members",
  jobListHeading: "List",
  jobDownloadState: (state: string) => `Download “${state}” (CSV)`,
  jobChartTitle: "Members reaching each state over time",
  jobChartTableLabel: "Members reaching each state over time, as a table",
  jobTimeHeading: "Time",
  jobResendTitle: "Send the link again",
  jobResendIntro: (pending: number) =>
    `${pending.toLocaleString("en")} ${pending === 1 ? "member has" : "members have"} neither set a new password nor added a passkey. Each gets one new e-mail; the link sent before stops working. Members sent a link in the last hour are skipped.`,
  jobResendButton: (pending: number) =>
    `Send the link again to ${pending.toLocaleString("en")} ${pending === 1 ? "member" : "members"}`,
  jobResent: (sent: number) =>
    `A new link went to ${sent.toLocaleString("en")} ${sent === 1 ? "member" : "members"}.`,
  jobNothingPending: "Every member has set a new password or added a passkey.",
  blockOwnAddressWarning: (cidr: string, address: string) =>
    `${cidr} includes your own address, ${address}. Blocking it refuses your next sign-in and every form you send from here. Tick the box below only if you mean it.`,
  blockConfirmOwnAddress: "Block it anyway, although it includes my own address",
  blockExpiresHint: "24 hours unless you change it. Tick “Until removed” for a block without end.",
  blockPermanent: "Until removed (no expiry)",
};

export const operatorJa: typeof operatorEn = {
  wrongHostTitle: "rekey は正しいアドレスで開いてください",
  wrongHostBody: (origin: string) =>
    `このポータルのアドレスは ${origin} です。ブラウザーはフォームを守るための Cookie をそのアドレスにだけ保存するので、ほかのアドレスから送ったフォームは受け付けられません。正しいアドレスでポータルを開き、もう一度送信してください。`,
  wrongHostLink: (origin: string) => `${origin} を開く`,
  jobOptionsTitle: "このジョブを開始すると行われること",
  jobOptionYes: "はい",
  jobOptionNo: "いいえ",
  jobAdministratorsTitle: "リストに含まれる管理者",
  jobAdministratorsIntro:
    "次のアカウントは管理者です。チェックを入れない限り、再設定の対象から外されます。",
  jobAdministratorInclude: (loginId: string, email: string) => `${loginId}（${email}）も再設定する`,
  jobSelfExcluded:
    "あなた自身のアカウントがリストに含まれています。自分で開始したジョブで自分のアカウントが再設定されることはありません。必要な場合はセキュリティページから再設定してください。",
  jobAdministratorsExcluded: "対象外にした管理者",
  jobContinue: "確認へ進む",
  jobConfirmTitle: "強制再設定の確認",
  jobConfirmSummary: (members: number, emails: number) =>
    `${members.toLocaleString("ja")}件の会員アカウントを再設定し、${emails.toLocaleString("ja")}通のメールを送信します。この操作は取り消せません。`,
  jobConfirmNoEmails: (members: number) =>
    `${members.toLocaleString("ja")}件の会員アカウントを再設定します。メールは送信しないため、会員は次にログインするときに初めて気付きます。この操作は取り消せません。`,
  jobConfirmIncluded: (count: number) =>
    `チェックを入れた管理者${count.toLocaleString("ja")}人も対象に含まれます。`,
  jobConfirmButton: (emails: number) =>
    `再設定を開始して${emails.toLocaleString("ja")}通のメールを送信する`,
  jobConfirmButtonNoEmails: "再設定を開始する",
  jobConfirmBack: "ドライランに戻る",
  jobConfirmCountChanged:
    "確認画面を開いた後に送信するメールの数が変わりました。新しい数を確かめて、もう一度確認してください。",
  jobDryRunFiguresTitle: "ドライランの結果",
  jobFollowUpTitle: "その後の経過",
  jobFollowUpIntro:
    "再設定の後、各会員がどこまで進んだかを示します。会員が操作するたびに更新されます。会員は到達したすべての段階に数えられます。",
  jobState: {
    emailed: "送信キューに登録済み",
    delivered: "配信済み",
    bounced: "配信失敗",
    linkOpened: "リンクを開いた",
    passwordSet: "新しいパスワードを設定済み",
    passkeyAdded: "パスキーを追加済み",
    pending: "未対応",
  } as Record<string, string>,
  jobStateHeading: "段階",
  jobMembersHeading: "会員数",
  jobListHeading: "一覧",
  jobDownloadState: (state: string) => `「${state}」をダウンロード（CSV）`,
  jobChartTitle: "各段階に到達した会員数の推移",
  jobChartTableLabel: "各段階に到達した会員数の推移（表）",
  jobTimeHeading: "時刻",
  jobResendTitle: "リンクをもう一度送る",
  jobResendIntro: (pending: number) =>
    `${pending.toLocaleString("ja")}人の会員が、まだ新しいパスワードの設定もパスキーの追加もしていません。各会員に新しいメールを1通ずつ送り、前に送ったリンクは使えなくなります。この1時間以内にリンクを送った会員には送りません。`,
  jobResendButton: (pending: number) =>
    `${pending.toLocaleString("ja")}人の会員にリンクをもう一度送る`,
  jobResent: (sent: number) => `${sent.toLocaleString("ja")}人の会員に新しいリンクを送りました。`,
  jobNothingPending: "すべての会員が新しいパスワードを設定したか、パスキーを追加しました。",
  blockOwnAddressWarning: (cidr: string, address: string) =>
    `${cidr} にはあなた自身のアドレス（${address}）が含まれています。遮断すると、ここからの次回のログインと、送信するすべてのフォームが拒否されます。本当に遮断する場合にだけ、下のチェックボックスをオンにしてください。`,
  blockConfirmOwnAddress: "自分のアドレスが含まれていても遮断する",
  blockExpiresHint:
    "変更しない場合は24時間で解除されます。期限を設けない場合は「解除するまで」をオンにしてください。",
  blockPermanent: "解除するまで（期限なし）",
};
