import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Messages } from "../i18n";

type MessageKey = {
  [K in keyof Messages]: Messages[K] extends string ? K : never;
}[keyof Messages];

/**
 * An expected failure that ends the request with an error page: the status says what kind,
 * the message key says it in the member's language.
 */
export class RequestProblem extends HTTPException {
  readonly messageKey: MessageKey;

  constructor(status: ContentfulStatusCode, messageKey: MessageKey) {
    super(status, { message: messageKey });
    this.messageKey = messageKey;
  }
}

export function defaultMessageKeyFor(status: number): MessageKey {
  switch (status) {
    case 400:
      return "errorBadRequest";
    case 403:
      return "errorForbidden";
    case 404:
      return "errorNotFound";
    case 405:
      return "errorMethodNotAllowed";
    case 413:
      return "errorPayloadTooLarge";
    case 415:
      return "errorUnsupportedMediaType";
    default:
      return status >= 500 ? "errorServer" : "errorBadRequest";
  }
}
