import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Where a webhook may not go (docs/notifications.md "Webhooks", SSRF): a receiver is named by
 * whoever holds a token, and the server must not become their way into its own network.
 * Refused: loopback, "this network", private (RFC 1918, unique-local), link-local (the cloud
 * metadata address 169.254.169.254 and fd00:ec2::254 among them), shared address space,
 * multicast and reserved ranges, IPv4 addresses mapped into IPv6, and every address of the
 * server's own interfaces; unless the host is in `WEBHOOK_ALLOWED_HOSTS`.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, prefix, 'ipv6');

/** Names that reach cloud metadata services whatever they resolve to. */
const BLOCKED_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

function ownAddresses(): Set<string> {
  return new Set(
    Object.values(networkInterfaces())
      .flat()
      .filter((i) => i != null)
      .map((i) => i.address.toLowerCase()),
  );
}

/** Whether the server must not connect to `address` (an IP literal). */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (!family) return true;
  const bare = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (ownAddresses().has(bare)) return true;
  return BLOCKED.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

export class WebhookUrlError extends Error {}

/** The URL's host (and host:port) as `WEBHOOK_ALLOWED_HOSTS` names them. */
function allowed(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.includes(host) || allowedHosts.includes(`${host}:${port}`);
}

/**
 * Checks a webhook URL before it is saved (and, through `resolveWebhookAddress`, before each
 * send, since DNS may change): HTTPS, no user or password in it, a host that resolves only to
 * addresses the server may reach. Throws `WebhookUrlError` saying what is wrong.
 */
export async function checkWebhookUrl(raw: string, allowedHosts: readonly string[]): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookUrlError(`"${raw}" is not a URL (e.g. https://example.jp/hooks/tracker)`);
  }
  if (url.username || url.password)
    throw new WebhookUrlError('the URL must not carry a user name or password: the signature proves who sends');
  const isAllowed = allowed(url, allowedHosts);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isAllowed)) {
    throw new WebhookUrlError(
      `webhooks are sent over HTTPS only; ${url.protocol.replace(':', '')} is allowed only to hosts in WEBHOOK_ALLOWED_HOSTS`,
    );
  }
  if (raw.length > 2000) throw new WebhookUrlError('the URL is longer than 2,000 characters');
  if (!isAllowed) await resolveWebhookAddress(url, allowedHosts);
  return url;
}

/**
 * The address to connect to for `url`: resolved now and checked, so the connection goes to an
 * address that passed (a name that re-resolves to 127.0.0.1 between the check and the
 * connection gains nothing). Hosts in `WEBHOOK_ALLOWED_HOSTS` are resolved without the check.
 */
export async function resolveWebhookAddress(url: URL, allowedHosts: readonly string[]): Promise<{ address: string; family: number }> {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const isAllowed = allowed(url, allowedHosts);
  if (!isAllowed && (BLOCKED_NAMES.has(host) || host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal'))) {
    throw new WebhookUrlError(
      `${host} is the server's own or its platform's: webhooks may not reach it (WEBHOOK_ALLOWED_HOSTS allows a host)`,
    );
  }
  if (isIP(host)) {
    if (!isAllowed && isForbiddenAddress(host))
      throw new WebhookUrlError(
        `${host} is a loopback, private, link-local or reserved address: webhooks may not reach it (WEBHOOK_ALLOWED_HOSTS allows a host)`,
      );
    return { address: host, family: isIP(host) };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new WebhookUrlError(`${host} does not resolve`);
  }
  if (!addresses.length) throw new WebhookUrlError(`${host} does not resolve`);
  const bad = addresses.find((a) => isForbiddenAddress(a.address));
  if (bad && !isAllowed)
    throw new WebhookUrlError(
      `${host} resolves to ${bad.address}, a loopback, private, link-local or reserved address: webhooks may not reach it`,
    );
  return addresses[0];
}
