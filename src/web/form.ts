import type { Context } from "hono";
import type { FormFields } from "./context";
import { RequestProblem } from "./problems";

/** Our forms are a few fields; anything larger is refused before it is buffered. */
export const maximumFormBytes = 16 * 1024;
/** Routes that take an uploaded list (a bulk reset of 100k IDs is a few megabytes). */
export const maximumUploadBytes = 32 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads an `application/x-www-form-urlencoded` body with a size cap and strict UTF-8, because
 * URLSearchParams silently turns invalid bytes into U+FFFD and would let them reach storage.
 */
export async function readFormBody(
  c: Context,
  options: { allowUpload: boolean; limitInBytes?: number },
): Promise<FormFields> {
  const contentType = requestMediaType(c);
  const isUpload = options.allowUpload && contentType === "multipart/form-data";
  if (contentType !== "application/x-www-form-urlencoded" && !isUpload) {
    throw new RequestProblem(415, "errorUnsupportedMediaType");
  }
  const limit = isUpload ? maximumUploadBytes : (options.limitInBytes ?? maximumFormBytes);
  const body = await readBodyUpTo(c, limit);
  return isUpload
    ? parseMultipart(body, c.req.header("content-type") ?? "")
    : parseUrlEncoded(body);
}

/** Uploaded files arrive as text fields under their input name, decoded as strict UTF-8. */
async function parseMultipart(body: Buffer, contentType: string): Promise<FormFields> {
  let data: FormData;
  try {
    data = await new Response(new Blob([new Uint8Array(body)]), {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    throw new RequestProblem(400, "errorBadRequest");
  }
  const fields = new Map<string, string>();
  for (const [name, value] of data.entries()) {
    if (fields.has(name)) continue;
    if (typeof value === "string") {
      fields.set(name, value);
      continue;
    }
    try {
      fields.set(name, utf8.decode(new Uint8Array(await value.arrayBuffer())));
    } catch {
      throw new RequestProblem(400, "errorInvalidEncoding");
    }
  }
  return fields;
}

/**
 * The body, at most `limit` bytes (413 beyond). With a Content-Length the HTTP parser delivers
 * exactly that many bytes, so a declared length within the limit is read in one go (on
 * @hono/node-server straight from the socket, without building a WHATWG stream and Request,
 * which cost more than the rest of a refused sign-in); a chunked body is streamed and cut off.
 */
async function readBodyUpTo(c: Context, limit: number): Promise<Buffer> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) throw new RequestProblem(413, "errorPayloadTooLarge");
    const body = Buffer.from(await c.req.raw.arrayBuffer());
    if (body.byteLength > limit) throw new RequestProblem(413, "errorPayloadTooLarge");
    return body;
  }
  return readCapped(c.req.raw.body, limit);
}

/** Reads a request body, refusing it (413) as soon as it passes `limit` bytes. */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
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

/**
 * Reads an `application/json` body from our page script with the same size cap and strict
 * UTF-8 as forms; malformed JSON is a 400, never an exception that reaches the error handler.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const body = await readBodyUpTo(c, maximumFormBytes);
  try {
    return JSON.parse(utf8.decode(body));
  } catch {
    throw new RequestProblem(400, "errorBadRequest");
  }
}

/** The media type of the request body, lower-cased, without parameters. */
export function requestMediaType(c: Context): string | undefined {
  return c.req.header("content-type")?.split(";")[0]?.trim().toLowerCase();
}

/** A text field as typed, or "" when absent. */
export function formText(form: FormFields, name: string): string {
  return form.get(name) ?? "";
}
