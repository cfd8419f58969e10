import { escapeToBuffer } from "hono/utils/html";
import type { PageContext } from "../../views/page-context";
import { ThrottledPage } from "../../views/pages/throttled";
import { type Language, type Messages, messagesFor } from "../i18n";
import type { AppContext } from "../web/context";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";

/** A 429 with Retry-After (RFC 6585 s4): the same page whatever the password would have been. */
export function renderThrottled(c: AppContext, assets: StaticAssets, retryAfterInSeconds: number) {
  c.header("Retry-After", String(retryAfterInSeconds));
  const prepared = fillAnonymousRefusal(c, assets, {
    blocked: false,
    messageOf: (messages) => messages.throttledMessage(retryAfterInSeconds),
  });
  if (prepared !== null) return c.html(prepared, 429);
  return c.html(
    <ThrottledPage
      page={pageContext(c, assets)}
      retryAfterInSeconds={retryAfterInSeconds}
      blocked={false}
    />,
    429,
  );
}

/** A 403 for a source on the blocklist. */
export function renderBlocked(c: AppContext, assets: StaticAssets) {
  const prepared = fillAnonymousRefusal(c, assets, {
    blocked: true,
    messageOf: (messages) => messages.blockedMessage,
  });
  if (prepared !== null) return c.html(prepared, 403);
  return c.html(
    <ThrottledPage page={pageContext(c, assets)} retryAfterInSeconds={null} blocked />,
    403,
  );
}

/*
 * A wave is answered with these pages thousands of times a second, and rendering the JSX tree
 * each time cost more than deciding to refuse. For visitors who are not signed in and see no
 * admin banner, the page differs only in three values: it is rendered once per language and
 * kind with markers in their place, and each answer joins the pieces with the values escaped as
 * the renderer escapes them (test/defence-refusal-path.test.ts compares it with a full render).
 */
const slotNames = ["csrfToken", "currentPath", "message"] as const;
type SlotValues = Record<(typeof slotNames)[number], string>;
const markerOf = (index: number) => `rekeyRefusalSlot${index}End`;
const markerPattern = /rekeyRefusalSlot(\d)End/;

/** Literal pieces, and between each two the index of the slot that goes there. */
type Template = { pieces: string[]; slots: number[] };
const templates = new WeakMap<StaticAssets, Map<string, Template>>();

function fillAnonymousRefusal(
  c: AppContext,
  assets: StaticAssets,
  options: { blocked: boolean; messageOf: (messages: Messages) => string },
): string | null {
  // What pageContext would put in: no member navigation, no admin banner.
  const csrfToken = c.get("csrfToken");
  const alerts = c.get("defenceAlerts") ?? [];
  if (c.get("signedIn") || alerts.length > 0 || csrfToken === undefined) return null;
  const language = c.get("language") ?? "en";
  const template = templateFor(c, assets, { language, blocked: options.blocked });
  const values: SlotValues = {
    csrfToken,
    currentPath: c.req.path,
    message: options.messageOf(c.get("messages") ?? messagesFor(language)),
  };
  const buffer = [template.pieces[0] ?? ""];
  template.slots.forEach((slot, index) => {
    escapeToBuffer(values[slotNames[slot] ?? "message"], buffer);
    buffer[0] += template.pieces[index + 1] ?? "";
  });
  return buffer[0] ?? "";
}

function templateFor(
  c: AppContext,
  assets: StaticAssets,
  options: { language: Language; blocked: boolean },
): Template {
  let byKind = templates.get(assets);
  if (!byKind) {
    byKind = new Map();
    templates.set(assets, byKind);
  }
  const key = `${options.language}:${options.blocked}`;
  const known = byKind.get(key);
  if (known) return known;
  const page = pageContext(c, assets);
  const marked: PageContext = {
    ...page,
    csrfToken: markerOf(0),
    currentPath: markerOf(1),
    messages: {
      ...page.messages,
      throttledMessage: () => markerOf(2),
      blockedMessage: markerOf(2),
    },
  };
  const html = String(
    <ThrottledPage page={marked} retryAfterInSeconds={1} blocked={options.blocked} />,
  );
  const parts = html.split(markerPattern);
  const template: Template = {
    pieces: parts.filter((_, index) => index % 2 === 0),
    slots: parts.filter((_, index) => index % 2 === 1).map(Number),
  };
  byKind.set(key, template);
  return template;
}
