import type { MiddlewareHandler } from "hono";
import type { Config } from "../../config";
import { chooseLanguage, messagesFor } from "../../i18n";
import type { AppEnv } from "../context";
import { readCookie } from "../cookies";
import { appendVary } from "./cache-policy";

/** The member's explicit choice (cookie) wins over the browser's Accept-Language. */
export function languageSelection(config: Config): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const language = chooseLanguage({
      chosen: readCookie(c, config, "language"),
      acceptLanguage: c.req.header("accept-language"),
    });
    c.set("language", language);
    c.set("messages", messagesFor(language));
    await next();
    c.res.headers.set("Content-Language", language);
    appendVary(c.res.headers, "Accept-Language");
  };
}
