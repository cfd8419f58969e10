import type { Language } from "../i18n";

/** What a template decides; the layout turns it into matching text and HTML parts. */
export interface EmailContent {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action?: { label: string; url: string };
  /** Further choices after the main action, such as "Remind me later" or "Unsubscribe". */
  links?: { label: string; url: string }[];
  /** Shown after the action, e.g. "If you did not ask for this, ignore this message." */
  closing?: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const signatures: Record<Language, string> = {
  en: "— rekey (this message was sent automatically; replies are not read)",
  ja: "— rekey（このメールは自動送信です。返信はお読みできません）",
};

export function renderEmail(content: EmailContent, language: Language): RenderedEmail {
  const textParts = [content.greeting, ...content.paragraphs];
  for (const link of [content.action, ...(content.links ?? [])]) {
    if (link) textParts.push(`${link.label}:\n${link.url}`);
  }
  if (content.closing) textParts.push(content.closing);
  textParts.push(signatures[language]);

  const htmlParts = [
    `<p>${escapeHtml(content.greeting)}</p>`,
    ...content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
  ];
  if (content.action) {
    htmlParts.push(
      `<p><a href="${escapeHtml(content.action.url)}">${escapeHtml(content.action.label)}</a></p>`,
      `<p>${escapeHtml(content.action.url)}</p>`,
    );
  }
  for (const link of content.links ?? []) {
    htmlParts.push(`<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`);
  }
  if (content.closing) htmlParts.push(`<p>${escapeHtml(content.closing)}</p>`);
  htmlParts.push(`<p>${escapeHtml(signatures[language])}</p>`);

  return {
    subject: content.subject,
    text: `${textParts.join("\n\n")}\n`,
    html: `<!DOCTYPE html>\n<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head><body>\n${htmlParts.join("\n")}\n</body></html>\n`,
  };
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** "t***@example.jp": enough for the owner to recognise, little for anyone else. */
export function maskEmailAddress(address: string): string {
  const at = address.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${address[0]}***${address.slice(at)}`;
}
