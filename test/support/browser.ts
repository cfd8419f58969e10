import type { TestPortal } from "./harness";
import { testOrigin } from "./harness";

export interface PageResponse {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
  setCookies: string[];
}

/**
 * A minimal browser over `app.request`: keeps cookies, sends same-origin headers on forms and
 * adds the CSRF token from its cookie, as the portal's own pages would.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();

  constructor(
    private readonly portal: TestPortal,
    private readonly options: { ipAddress?: string; userAgent?: string } = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<PageResponse> {
    return this.request(path, { method: "GET", headers });
  }

  async post(
    path: string,
    fields: Record<string, string>,
    options: { headers?: Record<string, string>; withCsrf?: boolean } = {},
  ): Promise<PageResponse> {
    if (options.withCsrf !== false && !this.csrfToken()) await this.get("/");
    const body = new URLSearchParams(fields);
    if (options.withCsrf !== false) body.set("csrfToken", this.csrfToken() ?? "");
    return this.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        origin: testOrigin,
        "sec-fetch-site": "same-origin",
        ...options.headers,
      },
      body: body.toString(),
    });
  }

  /** A JSON POST as the page script sends it: CSRF token in the X-CSRF-Token header. */
  async postJson(
    path: string,
    body: unknown,
    options: { headers?: Record<string, string>; withCsrf?: boolean } = {},
  ): Promise<PageResponse & { json: Record<string, unknown> }> {
    if (!this.csrfToken()) await this.get("/");
    const response = await this.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: testOrigin,
        "sec-fetch-site": "same-origin",
        ...(options.withCsrf === false ? {} : { "x-csrf-token": this.csrfToken() ?? "" }),
        ...options.headers,
      },
      body: JSON.stringify(body),
    });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(response.text);
    } catch {
      // Not JSON (an HTML error page): the caller checks the status.
    }
    return { ...response, json };
  }

  async request(path: string, init: RequestInit): Promise<PageResponse> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0 && !headers.has("cookie")) {
      headers.set(
        "cookie",
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    }
    if (this.options.userAgent) headers.set("user-agent", this.options.userAgent);
    const response = await this.portal.app.request(
      new URL(path, testOrigin).href,
      { ...init, headers },
      {
        incoming: { socket: { remoteAddress: this.options.ipAddress ?? "203.0.113.10" } },
      } as never,
    );
    const setCookies = response.headers.getSetCookie();
    for (const cookie of setCookies) this.remember(cookie);
    return {
      status: response.status,
      headers: response.headers,
      text: await response.text(),
      location: response.headers.get("location"),
      setCookies,
    };
  }

  csrfToken(): string | undefined {
    return this.cookies.get("rekey_csrf") ?? this.cookies.get("__Host-rekey_csrf");
  }

  private remember(setCookie: string): void {
    const [pair = "", ...attributes] = setCookie.split(";");
    const separator = pair.indexOf("=");
    const name = pair.slice(0, separator).trim();
    const value = pair.slice(separator + 1).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

export const memberPassword = "correct horse battery staple";

/** Registers through the real form and signs in; returns the signed-in browser. */
export async function registerAndSignIn(
  portal: TestPortal,
  options: {
    loginId?: string;
    email?: string;
    password?: string;
    ipAddress?: string;
    userAgent?: string;
  } = {},
): Promise<TestBrowser> {
  const browser = new TestBrowser(portal, options);
  const loginId = options.loginId ?? "taro";
  const registered = await browser.post("/register", {
    loginId,
    email: options.email ?? `${loginId}@example.jp`,
    password: options.password ?? memberPassword,
  });
  if (registered.status !== 303)
    throw new Error(`registration failed: ${registered.status} ${registered.text}`);
  const signedIn = await browser.post("/login", {
    loginId,
    password: options.password ?? memberPassword,
  });
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);
  return browser;
}
