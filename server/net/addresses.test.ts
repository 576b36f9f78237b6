import { describe, expect, it } from "vitest";
import { addressList, clientAddress } from "./addresses";

describe("address lists", () => {
  it("match addresses and CIDRs of both families, IPv4 written as IPv6 included", () => {
    const list = addressList("10.0.0.0/8, 192.168.1.5 fd00::/8, vllm.internal");
    expect(list.has("10.2.3.4")).toBe(true);
    expect(list.has("::ffff:10.2.3.4")).toBe(true);
    expect(list.has("192.168.1.5")).toBe(true);
    expect(list.has("192.168.1.6")).toBe(false);
    expect(list.has("fd12::1")).toBe(true);
    expect(list.has("fe80::1")).toBe(false);
    expect(list.has("not an address")).toBe(false);
    expect(list.names).toEqual(["vllm.internal"]);
  });

  it("refuse a malformed CIDR instead of matching nothing", () => {
    expect(() => addressList("10.0.0.0/33")).toThrow(/not a CIDR/);
    expect(() => addressList("host.example/8")).toThrow(/not a CIDR/);
  });
});

describe("the client's address", () => {
  const proxies = addressList("10.0.0.0/8");

  it("is the peer when the peer is not a trusted proxy, whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.7", "1.2.3.4", proxies)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7", undefined, addressList(""))).toBe("203.0.113.7");
  });

  it("behind trusted proxies, is the right-most forwarded entry that is not a proxy (the left ones are forgeable)", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 198.51.100.9, 10.0.0.3", proxies)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.2", ["6.6.6.6", "198.51.100.9"], proxies)).toBe("198.51.100.9");
    expect(clientAddress("10.0.0.2", undefined, proxies)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "garbage, 10.0.0.9", proxies)).toBe("10.0.0.9");
  });
});
