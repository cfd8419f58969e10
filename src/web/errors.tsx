import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Logger } from "pino";
import { ErrorPage } from "../../views/pages/error";
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

/** Expected problems get their 4xx page; anything else is a bug: logged, and a plain 500. */
export function handleError(assets: StaticAssets, logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const requestId = c.get("requestId") ?? null;
    let status: ContentfulStatusCode = 500;
    if (error instanceof HTTPException && error.status < 500) {
      status = error.status;
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
