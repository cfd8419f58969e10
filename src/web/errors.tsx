import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import { ErrorPage } from "../../views/pages/error";
import { isDatabaseUnavailableError } from "../db/write-probe";
import type { Readiness } from "../health/readiness";
import type { AppEnv } from "./context";
import { pageContext } from "./page";
import { defaultMessageKeyFor, RequestProblem } from "./problems";
import type { StaticAssets } from "./static-assets";

export function handleNotFound(assets: StaticAssets): NotFoundHandler<AppEnv> {
  return (c) => {
    const page = pageContext(c, assets);
    return c.html(
      <ErrorPage page={page} status={404} message={page.messages.errorNotFound} requestId={null} />,
      404,
    );
  };
}

/** A member who hits a database that cannot write is asked to come back after this long. */
const retryAfterInSeconds = 30;

/**
 * Expected problems get their 4xx page. A client that hung up mid-request is logged at info and
 * answered with nginx's 499 ("client closed request") for the request log, since nobody is left
 * to read a page. A database that cannot take writes (disk full, read-only, I/O error, lock held
 * past the busy timeout) is a fault of the moment, not a bug: 503 with Retry-After (RFC 9110
 * s15.6.4, s10.2.3), a "try again shortly" page, and the instance marked not ready until its
 * write probe succeeds again. Anything else is a bug: logged, and a plain 500.
 */
export function handleError(
  assets: StaticAssets,
  logger: Logger,
  readiness: Readiness,
): ErrorHandler<AppEnv> {
  return (error, c) => {
    const requestId = c.get("requestId") ?? null;
    if (isClientAbort(error, c)) {
      logger.info({ requestId, code: errorCodeOf(error) }, "client closed the connection");
      return new Response(null, { status: 499 });
    }
    let status: ContentfulStatusCode = 500;
    if (error instanceof HTTPException && error.status < 500) {
      status = error.status;
    } else if (isDatabaseUnavailableError(error)) {
      logger.error({ err: error, requestId, path: c.req.path }, "database cannot take writes");
      readiness.markDatabaseUnwritable(error);
      const page = pageContext(c, assets);
      c.header("Retry-After", String(retryAfterInSeconds));
      return c.html(
        <ErrorPage
          page={page}
          status={503}
          message={page.messages.errorTryAgainShortly}
          requestId={requestId}
        />,
        503,
      );
    } else {
      logger.error({ err: error, requestId, path: c.req.path }, "unhandled error");
    }
    const page = pageContext(c, assets);
    const key = error instanceof RequestProblem ? error.messageKey : defaultMessageKeyFor(status);
    return c.html(
      <ErrorPage page={page} status={status} message={page.messages[key]} requestId={requestId} />,
      status,
    );
  };
}

/**
 * Reading the body of a request whose client closed the connection fails with the socket's
 * error. Only such errors while the connection is really gone count: any other error, or the
 * same code while the client is still there, is still a bug worth an error line.
 */
function isClientAbort(error: Error, c: Context<AppEnv>): boolean {
  const connectionGone = c.env?.incoming?.destroyed === true || c.req.raw.signal?.aborted === true;
  const code = errorCodeOf(error);
  return (
    connectionGone &&
    (code === "ECONNRESET" || code === "ERR_STREAM_PREMATURE_CLOSE" || error.name === "AbortError")
  );
}

function errorCodeOf(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}
