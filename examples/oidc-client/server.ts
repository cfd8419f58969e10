/**
 * A service that signs its members in through rekey (OpenID Connect, code flow with PKCE), with
 * back-channel logout: the smallest complete relying party, in plain node:http.
 *
 *   rekey oidc client add --name "Example shop" --first-party \
 *     --redirect-uri http://localhost:4000/callback \
 *     --backchannel-logout-uri http://127.0.0.1:4000/backchannel-logout
 *   REKEY_ISSUER=http://localhost:3000 CLIENT_ID=... CLIENT_SECRET=... npx tsx examples/oidc-client/server.ts
 *
 * Sessions live in memory here to keep the example short; a real service keeps them in its store.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";

export interface ExampleClientOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This service's own origin, e.g. http://localhost:4000. */
  origin: string;
  port: number;
  host?: string;
}

interface LocalSession {
  claims?: Record<string, unknown>;
  pending?: { verifier: string; state: string; nonce: string };
}

const escapeHtml = (value: unknown) =>
  String(value).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function page(language: string, title: string, body: string): string {
  return `<!DOCTYPE html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export async function startExampleClient(
  options: ExampleClientOptions,
): Promise<{ server: Server; stop(): Promise<void> }> {
  const issuer = new URL(options.issuer);
  const config = await oidc.discovery(issuer, options.clientId, options.clientSecret, undefined, {
    // Only for a local http issuer; a real deployment's issuer is https.
    ...(issuer.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  oidc.enableNonRepudiationChecks(config);
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri ?? ""));
  const sessions = new Map<string, LocalSession>();
  const redirectUri = `${options.origin}/callback`;

  const sessionOf = (
    request: IncomingMessage,
    response: ServerResponse,
  ): [string, LocalSession] => {
    const cookie = /(?:^|;\s*)example_session=([\w-]+)/.exec(request.headers.cookie ?? "")?.[1];
    if (cookie && sessions.has(cookie)) return [cookie, sessions.get(cookie) as LocalSession];
    const id = randomBytes(16).toString("base64url");
    sessions.set(id, {});
    response.setHeader("Set-Cookie", `example_session=${id}; HttpOnly; SameSite=Lax; Path=/`);
    return [id, sessions.get(id) as LocalSession];
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", options.origin);
    response.setHeader("Cache-Control", "no-store");
    const language = url.searchParams.get("lang") === "ja" ? "ja" : "en";

    if (url.pathname === "/backchannel-logout" && request.method === "POST") {
      // rekey ended the member's sessions (sign out everywhere, a forced reset...): end ours.
      let body = "";
      for await (const chunk of request) body += chunk;
      const token = new URLSearchParams(body).get("logout_token") ?? "";
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: config.serverMetadata().issuer,
          audience: options.clientId,
        });
        const events = payload.events as Record<string, unknown> | undefined;
        if (!events?.["http://schemas.openid.net/event/backchannel-logout"] || payload.nonce)
          throw new Error("not a logout token");
        for (const [id, session] of sessions)
          if (session.claims?.sub === payload.sub) sessions.delete(id);
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
      return;
    }

    const [, session] = sessionOf(request, response);
    if (url.pathname === "/login") {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      session.pending = { verifier, state, nonce };
      const authorization = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: "openid email profile",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
        nonce,
        ui_locales: language,
        // "Sign in with a passkey": rekey then accepts nothing weaker (acr "phr").
        ...(url.searchParams.get("passkey") === "required" ? { acr_values: "phr" } : {}),
      });
      response.writeHead(303, { Location: authorization.href }).end();
      return;
    }
    if (url.pathname === "/callback") {
      const pending = session.pending;
      session.pending = undefined;
      try {
        if (!pending) throw new Error("no sign-in in progress");
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        session.claims = { ...tokens.claims() };
        response.writeHead(303, { Location: `/?lang=${language}` }).end();
      } catch (error) {
        response.writeHead(400, { "Content-Type": "text/html; charset=utf-8" });
        response.end(
          page(language, "Sign-in failed", `<p>${escapeHtml((error as Error).message)}</p>`),
        );
      }
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    if (session.claims) {
      const claims = session.claims;
      response.end(
        page(
          language,
          language === "ja" ? "ようこそ" : "Welcome",
          `<p data-signed-in>${escapeHtml(claims.name ?? claims.email)} (<span data-sub>${escapeHtml(claims.sub)}</span>)</p>` +
            `<p>amr: <span data-amr>${escapeHtml((claims.amr as string[] | undefined)?.join(" "))}</span>, acr: <span data-acr>${escapeHtml(claims.acr ?? "")}</span></p>`,
        ),
      );
      return;
    }
    response.end(
      page(
        language,
        language === "ja" ? "サンプルのお店" : "Example shop",
        `<p><a href="/login?lang=${language}">${language === "ja" ? "rekeyでログイン" : "Sign in with rekey"}</a></p>` +
          `<p><a href="/login?lang=${language}&amp;passkey=required">${language === "ja" ? "パスキーでログイン" : "Sign in with a passkey"}</a></p>`,
      ),
    );
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port, options.host ?? "127.0.0.1", resolve),
  );
  return {
    server,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 4000);
  const { server } = await startExampleClient({
    issuer: process.env.REKEY_ISSUER ?? "http://localhost:3000",
    clientId: process.env.CLIENT_ID ?? "",
    clientSecret: process.env.CLIENT_SECRET ?? "",
    origin: process.env.ORIGIN ?? `http://localhost:${port}`,
    port,
  });
  const { port: listening } = server.address() as AddressInfo;
  console.log(`Example service on http://localhost:${listening}`);
}
