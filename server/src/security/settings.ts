/**
 * The security settings of a running server, from the environment, checked once at start-up:
 * which host names it answers to, which proxy's user header it believes, and whether it may run
 * open (no credentials) — only on a loopback address with no token and no proxy configured.
 */
import net from "node:net";
import type { Environment } from "../env.ts";

export interface SecuritySettings {
  allowedHosts: string[];
  trustedProxies: net.BlockList;
  proxyConfigured: boolean;
  proxyUserHeader: string;
  proxyAdmins: string[];
  secret: string | null;
  /** Bound to a loopback address: with no token and no proxy, every request is let in (the quick start). */
  openWhenNoCredentials: boolean;
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and the name localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice("::ffff:".length) : h;
  return net.isIPv4(v4) && v4.startsWith("127.");
}

export function trustedProxyList(entries: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const family = net.isIPv4(address ?? "") ? "ipv4" : net.isIPv6(address ?? "") ? "ipv6" : null;
    if (address === undefined || family === null || (bits !== undefined && !/^\d+$/.test(bits))) {
      throw new Error(`OPSLEDGER_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.5 or 10.0.0.0/24)`);
    }
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

export function securitySettings(env: Environment, options: { bindHost: string | null }): SecuritySettings {
  return {
    allowedHosts: env.allowedHosts,
    trustedProxies: trustedProxyList(env.trustedProxies),
    proxyConfigured: env.trustedProxies.length > 0,
    proxyUserHeader: env.proxyUserHeader,
    proxyAdmins: env.proxyAdmins,
    secret: env.secret,
    // In-process apps (tests, benches) have no socket: they count as loopback.
    openWhenNoCredentials: options.bindHost === null || isLoopback(options.bindHost),
  };
}
