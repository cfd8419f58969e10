import type { Context } from "hono";
import type { FormFields } from "./context";
import { RequestProblem } from "./problems";

/** Our forms are a few fields; anything larger is refused before it is buffered. */
export const maximumFormBytes = 16 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads an `application/x-www-form-urlencoded` body with a size cap and strict UTF-8, because
 * URLSearchParams silently turns invalid bytes into U+FFFD and would let them reach storage.
 */
export async function readFormBody(
  c: Context,
  limitInBytes: number = maximumFormBytes,
): Promise<FormFields> {
  const contentType = c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") {
    throw new RequestProblem(415, "errorUnsupportedMediaType");
  }
  const declaredLength = Number(c.req.header("content-length") ?? "0");
  if (declaredLength > limitInBytes) throw new RequestProblem(413, "errorPayloadTooLarge");
  const body = await readCapped(c.req.raw.body, limitInBytes);
  return parseUrlEncoded(body);
}

async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Uint8Array> {
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new RequestProblem(413, "errorPayloadTooLarge");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function parseUrlEncoded(body: Uint8Array): FormFields {
  const fields = new Map<string, string>();
  const text = Buffer.from(body).toString("latin1");
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const separator = pair.indexOf("=");
    const name = decodeComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = separator === -1 ? "" : decodeComponent(pair.slice(separator + 1));
    // The first occurrence wins, so a smuggled duplicate cannot override a field.
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

function decodeComponent(component: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < component.length; index++) {
    const character = component[index];
    if (character === "+") {
      bytes.push(0x20);
    } else if (
      character === "%" &&
      /^[0-9a-fA-F]{2}$/.test(component.slice(index + 1, index + 3))
    ) {
      bytes.push(Number.parseInt(component.slice(index + 1, index + 3), 16));
      index += 2;
    } else {
      bytes.push(component.charCodeAt(index));
    }
  }
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    throw new RequestProblem(400, "errorInvalidEncoding");
  }
}

/** A text field as typed, or "" when absent. */
export function formText(form: FormFields, name: string): string {
  return form.get(name) ?? "";
}
