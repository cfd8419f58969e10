import type { Language } from "../i18n";
import type { EmailContent } from "./render";

/** Notices about the security of an account or of the portal (src/defence uses them). */
export type SecurityTemplate =
  | {
      kind: "new-sign-in";
      loginId: string;
      occurredAt: string;
      device: string | null;
      ipAddress: string | null;
      unrecognisedUrl: string;
    }
  | {
      kind: "security-alert";
      loginId: string;
      raisedAt: string;
      attemptsPerMinute: number;
      baselineAttemptsPerMinute: number;
      failureRatio: number;
      attackViewUrl: string;
    };

export function composeSecurityEmail(template: SecurityTemplate, language: Language): EmailContent {
  const ja = language === "ja";
  const greeting = ja ? `${template.loginId} 様` : `Hello ${template.loginId},`;
  if (template.kind === "new-sign-in") {
    const where = [template.device, template.ipAddress].filter(Boolean).join(", ");
    return ja
      ? {
          subject: "【rekey】新しい端末またはネットワークからのログイン",
          greeting,
          paragraphs: [
            `${template.occurredAt} に、これまでにない端末またはネットワーク（${where || "不明"}）からアカウントにログインがありました。`,
            "ご本人であれば対応は不要です。",
          ],
          action: {
            label: "心当たりがない（すべての端末からログアウトしてパスワードを再設定）",
            url: template.unrecognisedUrl,
          },
        }
      : {
          subject: "New sign-in to your rekey account",
          greeting,
          paragraphs: [
            `Your account was signed into on ${template.occurredAt} from a device or network we had not seen before (${where || "unknown"}).`,
            "If this was you, you do not need to do anything.",
          ],
          action: {
            label: "This wasn't me: sign out everywhere and reset my password",
            url: template.unrecognisedUrl,
          },
        };
  }
  const ratio = `${Math.round(template.failureRatio * 100)}%`;
  return ja
    ? {
        subject: "【rekey】ログイン試行の急増を検知しました",
        greeting,
        paragraphs: [
          `${template.raisedAt} に、1分あたり ${template.attemptsPerMinute} 件（通常 ${template.baselineAttemptsPerMinute} 件）のログイン試行を検知しました。失敗率は ${ratio} です。リスト型攻撃のおそれがあります。`,
        ],
        action: { label: "攻撃状況を確認する", url: template.attackViewUrl },
      }
    : {
        subject: "rekey alert: a spike in sign-in attempts",
        greeting,
        paragraphs: [
          `At ${template.raisedAt} the portal saw ${template.attemptsPerMinute} sign-in attempts a minute against a baseline of ${template.baselineAttemptsPerMinute}, with ${ratio} failing. This looks like credential stuffing.`,
        ],
        action: { label: "Open the attack view", url: template.attackViewUrl },
      };
}
