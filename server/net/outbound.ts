// The instance's outbound URL policy: every server-side request to a URL that a user configured (model versions,
// judges, webhooks, embeddings, fine-tune providers) goes through `outbound.fetch`, and the same rules are checked
// when the URL is saved (`outbound.check`).
//
// - http and https only;
// - the host is resolved once and the connection pinned to that address, so a DNS answer that changes between the
//   check and the connection (rebinding) cannot reach another address;
// - link-local, metadata, multicast and unspecified addresses are always refused;
// - loopback and private ranges are refused unless the instance allows them (TIGHTLOOP_OUTBOUND_ALLOW: CIDRs or
//   host names; a self-hosted vLLM on a private address is a normal case);
// - redirects are not followed (a 3xx is the answer), so a public URL cannot bounce the request inside.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { Agent } from "undici";
import { DomainError } from "../errors";
import { addressList, type AddressList } from "./addresses";

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

// Never reachable, whatever the instance allows: the cloud metadata services live here.
const ALWAYS_REFUSED = addressList(
  [
    "0.0.0.0/8",
    "169.254.0.0/16", // link-local, cloud metadata (169.254.169.254)
    "100.100.100.200", // Alibaba Cloud metadata
    "224.0.0.0/4",
    "240.0.0.0/4",
    "255.255.255.255",
    "::/128",
    "fe80::/10", // link-local
    "fd00:ec2::254", // AWS metadata over IPv6
    "ff00::/8",
  ].join(","),
);

// Reachable only when TIGHTLOOP_OUTBOUND_ALLOW names them (or the host).
const PRIVATE = addressList(
  [
    "127.0.0.0/8",
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "100.64.0.0/10", // carrier-grade NAT
    "198.18.0.0/15",
    "::1/128",
    "fc00::/7",
  ].join(","),
);

export type Resolver = (host: string) => Promise<string[]>;

const systemResolver: Resolver = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

export interface Outbound {
  /** fetch, after the checks, pinned to the checked address, redirects not followed. */
  fetch: typeof fetch;
  /** Throws OutboundRefused with the rule when `url` may not be called (at save time). */
  check(url: string): Promise<void>;
}

export function outboundPolicy(options: { allow?: string; resolve?: Resolver } = {}): Outbound {
  const allow: AddressList = addressList(options.allow);
  const resolve = options.resolve ?? systemResolver;
  const agents = new Map<string, Agent>();

  /** The address to connect to, or a refusal naming the rule. */
  /**
   * The address to connect to. At save time (`saving`) a name that does not resolve here is accepted: it may only
   * exist in the network the calls are made from, and every call checks it again before connecting.
   */
  async function target(raw: string, saving = false): Promise<{ url: URL; address: string } | null> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundRefused("not a valid URL");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new OutboundRefused(`only http and https URLs may be called (not ${url.protocol.replace(":", "")})`);
    }
    if (url.username || url.password) throw new OutboundRefused("credentials in the URL are not allowed");
    const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
    const hostAllowed = allow.names.includes(host);
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await resolve(host);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) {
        if (saving) return null;
        throw new OutboundRefused(`${host} does not resolve`);
      }
    }
    // Every address the name has must pass: a name that also points inside is refused as a whole.
    for (const address of addresses) {
      if (ALWAYS_REFUSED.has(address)) {
        throw new OutboundRefused(`${host} is a link-local or metadata address (${address}), which is never called`);
      }
      if (PRIVATE.has(address) && !hostAllowed && !allow.has(address)) {
        throw new OutboundRefused(
          `${host} is a private or loopback address (${address}); allow it with TIGHTLOOP_OUTBOUND_ALLOW`,
        );
      }
    }
    return { url, address: addresses[0]! };
  }

  function pinned(host: string, address: string): Agent {
    const key = `${host}|${address}`;
    let agent = agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: {
          // The connection goes to the checked address, whatever the name resolves to now.
          lookup: (_hostname, opts, callback) => {
            const family = isIP(address);
            if ((opts as { all?: boolean }).all) callback(null, [{ address, family }] as never, family);
            else callback(null, address, family);
          },
        },
      });
      agents.set(key, agent);
    }
    return agent;
  }

  return {
    async check(url) {
      await target(url, true);
    },
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const { url, address } = (await target(input instanceof Request ? input.url : String(input)))!;
      return fetch(input instanceof Request ? input : url, {
        ...init,
        redirect: "manual",
        // undici's dispatcher option (Node's fetch is undici); not in the DOM RequestInit type.
        ...({ dispatcher: pinned(url.hostname, address) } as object),
      });
    }) as typeof fetch,
  };
}

/** Save-time check of a user-given URL: the rule the calls will meet, as a 400 naming it. */
export async function refuseUnlessAllowed(outbound: Pick<Outbound, "check">, url: string): Promise<void> {
  try {
    await outbound.check(url);
  } catch (error) {
    if (error instanceof OutboundRefused) throw new DomainError("BAD_REQUEST", `URL refused: ${error.message}`);
    throw error;
  }
}
