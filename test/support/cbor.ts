/**
 * Just enough CBOR (RFC 8949) to build what authenticators send: unsigned and negative
 * integers, byte strings, text strings and maps. Maps keep insertion order, as COSE keys need.
 */
export type CborValue = number | string | Uint8Array | Map<CborValue, CborValue>;

export function encodeCbor(value: CborValue): Buffer {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError("only integers are supported");
    return value >= 0 ? header(0, value) : header(1, -1 - value);
  }
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([header(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([header(2, value.length), value]);
  const entries = [...value].flatMap(([key, item]) => [encodeCbor(key), encodeCbor(item)]);
  return Buffer.concat([header(5, value.size), ...entries]);
}

function header(majorType: number, length: number): Buffer {
  const major = majorType << 5;
  if (length < 24) return Buffer.from([major | length]);
  if (length < 0x100) return Buffer.from([major | 24, length]);
  if (length < 0x10000) {
    const bytes = Buffer.alloc(3);
    bytes[0] = major | 25;
    bytes.writeUInt16BE(length, 1);
    return bytes;
  }
  const bytes = Buffer.alloc(5);
  bytes[0] = major | 26;
  bytes.writeUInt32BE(length, 1);
  return bytes;
}
