import { escapeToBuffer } from "hono/utils/html";
import type { PageContext } from "../../views/page-context";
import { ThrottledPage } from "../../views/pages/throttled";
import type { AppContext } from "../web/context";
import { pageContext } from "../web/page";
import type { StaticAssets } from "../web/static-assets";

/** A 429 with Retry-After (RFC 6585 s4): the same page whatever the password would have been. */
export function renderThrottled(c: AppContext, assets: StaticAssets, retryAfterInSeconds: number) {
  c.header("Retry-After", String(retryAfterInSeconds));
  const page = pageContext(c, assets);
  const cached = fillAnonymousRefusal(c, assets, page, {
    blocked: false,
    message: page.messages.throttledMessage(retryAfterInSeconds),
  });
  if (cached !== null) return c.html(cached, 429);
  return c.html(
    <ThrottledPage page={page} retryAfterInSeconds={retryAfterInSeconds} blocked={false} />,
    429,
  );
}

/** A 403 for a source on the blocklist. */
export function renderBlocked(c: AppContext, assets: StaticAssets) {
  const page = pageContext(c, assets);
  const cached = fillAnonymousRefusal(c, assets, page, {
    blocked: true,
    message: page.messages.blockedMessage,
  });
  if (cached !== null) return c.html(cached, 403);
  return c.html(<ThrottledPage page={page} retryAfterInSeconds={null} blocked />, 403);
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
  page: PageContext,
  options: { blocked: boolean; message: string },
): string | null {
  if (page.member || page.alerts.length > 0 || page.csrfToken === undefined) return null;
  const template = templateFor(assets, page, options.blocked);
  const values: SlotValues = {
    csrfToken: page.csrfToken,
    currentPath: c.req.path,
    message: options.message,
  };
  const buffer = [template.pieces[0] ?? ""];
  template.slots.forEach((slot, index) => {
    escapeToBuffer(values[slotNames[slot] ?? "message"], buffer);
    buffer[0] += template.pieces[index + 1] ?? "";
  });
  return buffer[0] ?? "";
}

function templateFor(assets: StaticAssets, page: PageContext, blocked: boolean): Template {
  let byKind = templates.get(assets);
  if (!byKind) {
    byKind = new Map();
    templates.set(assets, byKind);
  }
  const key = `${page.language}:${blocked}`;
  const known = byKind.get(key);
  if (known) return known;
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
  const html = String(<ThrottledPage page={marked} retryAfterInSeconds={1} blocked={blocked} />);
  const parts = html.split(markerPattern);
  const template: Template = {
    pieces: parts.filter((_, index) => index % 2 === 0),
    slots: parts.filter((_, index) => index % 2 === 1).map(Number),
  };
  byKind.set(key, template);
  return template;
}
