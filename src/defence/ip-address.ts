import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * IP addresses and CIDR ranges as the defence code stores and compares them. Every address is
 * also kept as 16 bytes (IPv4 mapped into ::ffff:0:0/96), so a CIDR range is a byte range and a
 * database index can answer "which events came from these networks" with a range scan.
 */

export interface CidrRange {
  /** Canonical text, network address first: "203.0.113.0/24", "2001:db8::/32". */
  cidr: string;
  family: 4 | 6;
  prefixLength: number;
  start: Buffer;
  end: Buffer;
}

/** Network sizes one subscriber usually holds: a /24 of IPv4, a /56 of IPv6 (RIPE-690). */
const networkPrefixLengths = { 4: 24, 6: 56 } as const;
const mappedPrefix = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]);

/**
 * Remembers the answers of a pure function of an address. Each sign-in attempt asks the same
 * few questions of its address several times (client address, blocklist, buckets, log row),
 * and a wave asks them of the same addresses again and again. Bounded: a flood of distinct
 * addresses only empties it now and then.
 */
function rememberPerAddress<T>(answer: (value: string) => T): (value: string) => T {
  const known = new Map<string, T>();
  return (value) => {
    let result = known.get(value);
    if (result === undefined && !known.has(value)) {
      result = answer(value);
      if (known.size >= 50_000) known.clear();
      known.set(value, result);
    }
    return result as T;
  };
}

/** The canonical form of an address (IPv4-mapped IPv6 becomes IPv4), or null if it is none. */
export const normalizeIpAddress: (value: string) => string | null = rememberPerAddress((value) => {
  const bytes = ipAddressToBytes(value);
  return bytes ? formatIpBytes(bytes) : null;
});

export function ipAddressToBytes(value: string): Buffer | null {
  const text = value.trim();
  if (isIPv4(text)) return Buffer.concat([mappedPrefix, Buffer.from(text.split(".").map(Number))]);
  if (!isIPv6(text) || text.includes("%")) return null;
  return parseIpv6(text.toLowerCase());
}

function parseIpv6(text: string): Buffer {
  let words: number[] = [];
  const [head = "", tail] = text.split("::");
  const parse = (part: string): number[] =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const first = parse(head);
  if (tail === undefined) {
    words = first;
  } else {
    const last = parse(tail);
    words = [...first, ...new Array(8 - first.length - last.length).fill(0), ...last];
  }
  const bytes = Buffer.alloc(16);
  words.forEach((word, index) => {
    bytes.writeUInt16BE(word, index * 2);
  });
  return bytes;
}

/** RFC 5952 text for 16 address bytes; IPv4-mapped addresses print as plain IPv4. */
export function formatIpBytes(bytes: Buffer): string {
  if (bytes.subarray(0, 12).equals(mappedPrefix)) return [...bytes.subarray(12)].join(".");
  const words = Array.from({ length: 8 }, (_, index) => bytes.readUInt16BE(index * 2));
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && words[start + length] === 0) length++;
    if (length > bestLength) [bestStart, bestLength] = [start, length];
  }
  const hex = words.map((word) => word.toString(16));
  if (bestStart === -1) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLength).join(":");
  return `${head}::${tail}`;
}

/** Parses "192.0.2.0/24", "2001:db8::/32" or a bare address; host bits are cleared. */
export function parseCidr(value: string): CidrRange | null {
  const [address = "", length, extra] = value.trim().split("/");
  if (extra !== undefined) return null;
  const bytes = ipAddressToBytes(address);
  if (!bytes) return null;
  const family = isIPv4(address.trim()) || isMapped(bytes) ? 4 : 6;
  const maximum = family === 4 ? 32 : 128;
  if (length !== undefined && !/^\d{1,3}$/.test(length)) return null;
  const prefixLength = length === undefined ? maximum : Number(length);
  if (prefixLength > maximum) return null;
  const bitsInBytes = prefixLength + (family === 4 ? 96 : 0);
  const start = Buffer.from(bytes);
  const end = Buffer.from(bytes);
  for (let bit = bitsInBytes; bit < 128; bit++) {
    const index = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    start[index] = (start[index] ?? 0) & ~mask;
    end[index] = (end[index] ?? 0) | mask;
  }
  return { cidr: `${formatIpBytes(start)}/${prefixLength}`, family, prefixLength, start, end };
}

function isMapped(bytes: Buffer): boolean {
  return bytes.subarray(0, 12).equals(mappedPrefix);
}

/** The /24 (IPv4) or /56 (IPv6) network an address belongs to, for per-network throttles. */
export const networkPrefixOf: (ipAddress: string) => string | null = rememberPerAddress(
  (ipAddress) => {
    const bytes = ipAddressToBytes(ipAddress);
    if (!bytes) return null;
    const family = isMapped(bytes) ? 4 : 6;
    return parseCidr(`${formatIpBytes(bytes)}/${networkPrefixLengths[family]}`)?.cidr ?? null;
  },
);

/**
 * The source one client is counted as: an IPv4 address itself, an IPv6 address by its prefix
 * ("2001:db8:1:2::/64"). A subscriber is given at least a /64 (RFC 6177, RIPE-690) and picks
 * any address in it at will (RFC 8981 temporary addresses), so a single IPv6 address is no
 * identity: counting each one apart let 70 addresses of one /64 take 70 budgets.
 */
export function sourceKeyOf(ipAddress: string, ipv6PrefixLength: number): string | null {
  return sourceKeyOfPrefixed(`${ipv6PrefixLength}|${ipAddress}`);
}

const sourceKeyOfPrefixed = rememberPerAddress((value) => {
  const separator = value.indexOf("|");
  const prefixLength = Number(value.slice(0, separator));
  const bytes = ipAddressToBytes(value.slice(separator + 1));
  if (!bytes) return null;
  if (isMapped(bytes) || prefixLength >= 128) return formatIpBytes(bytes);
  return parseCidr(`${formatIpBytes(bytes)}/${prefixLength}`)?.cidr ?? null;
});

/** The first address of a source key (an address or a CIDR range), for matching. */
export function firstAddressOf(source: string): string | null {
  const range = parseCidr(source);
  return range ? formatIpBytes(range.start) : null;
}

export interface AddressMatcher {
  matches(ipAddress: string | null): boolean;
}

/** Matches addresses against CIDR ranges with Node's native net.BlockList. */
export function createAddressMatcher(ranges: readonly CidrRange[]): AddressMatcher {
  const list = new BlockList();
  for (const range of ranges) {
    const network = range.cidr.split("/")[0] ?? "";
    list.addSubnet(network, range.prefixLength, range.family === 4 ? "ipv4" : "ipv6");
  }
  // Checked on every request (trusted proxies, the blocklist), mostly for the same addresses.
  const check = rememberPerAddress((ipAddress) => {
    const normalized = normalizeIpAddress(ipAddress);
    if (!normalized) return false;
    return list.check(normalized, isIPv4(normalized) ? "ipv4" : "ipv6");
  });
  return {
    matches(ipAddress) {
      return ipAddress !== null && ranges.length > 0 && check(ipAddress);
    },
  };
}

export function rangeContains(range: CidrRange, bytes: Buffer): boolean {
  return Buffer.compare(range.start, bytes) <= 0 && Buffer.compare(bytes, range.end) <= 0;
}
