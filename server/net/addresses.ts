import { BlockList, isIP } from "node:net";

// Address lists from the instance's settings (trusted proxies, the outbound allow-list): IPs and CIDRs, IPv4 and
// IPv6, checked with node's BlockList. An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) counts as IPv4.

/** `::ffff:1.2.3.4` → `1.2.3.4`; anything else unchanged. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

export interface AddressList {
  has(address: string): boolean;
  /** The entries that were not addresses or CIDRs (host names, for lists that take them). */
  names: string[];
}

/** Parses "10.0.0.0/8, 192.168.1.5, fd00::/8, vllm.internal" (commas or spaces). Throws on a malformed CIDR. */
export function addressList(spec: string | undefined): AddressList {
  const list = new BlockList();
  const names: string[] = [];
  for (const entry of (spec ?? "").split(/[\s,]+/).filter(Boolean)) {
    const [address, bits, ...rest] = entry.split("/");
    const family = isIP(address!);
    if (family === 0) {
      if (bits !== undefined) throw new Error(`not a CIDR: ${entry}`);
      names.push(entry.toLowerCase());
      continue;
    }
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) {
      list.addAddress(address!, type);
      continue;
    }
    const prefix = Number(bits);
    if (rest.length > 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`not a CIDR: ${entry}`);
    }
    list.addSubnet(address!, prefix, type);
  }
  return {
    has(raw: string) {
      const address = plainAddress(raw);
      const family = isIP(address);
      return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
    },
    names,
  };
}

/**
 * The client's address: the connection's peer, unless the peer is a trusted proxy, in which case the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries left of it are whatever the client wrote).
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: AddressList,
): string | null {
  if (!peer) return null;
  let address = plainAddress(peer);
  if (!trusted.has(address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((h) => plainAddress(h.trim()))
    .filter((h) => isIP(h) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    address = hops[i]!;
    if (!trusted.has(address)) return address;
  }
  return address;
}
