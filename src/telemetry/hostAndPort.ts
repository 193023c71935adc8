/**
 * "host:port" as gRPC reports an :authority or a peer ("127.0.0.1:50051", "[::1]:50051",
 * "ipv4:10.0.0.1:5000"), split; undefined when there is no port.
 */
export function hostAndPort(text: string): { host: string; port: number } | undefined {
  const bare = text.replace(/^(ipv4|ipv6|dns|unix):/, "");
  const colon = bare.lastIndexOf(":");
  const port = Number(bare.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { host: bare.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port };
}
