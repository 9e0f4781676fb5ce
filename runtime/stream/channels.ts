/**
 * The Kubernetes channel protocols, framing only (no socket): every binary frame
 * starts with a channel byte. v5 adds the close signal `[255, channel]`.
 */
export const channelProtocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"] as const;
export const portForwardProtocols = ["v4.channel.k8s.io"] as const;

export const Channel = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export function encodeFrame(channel: number, data: Uint8Array): Uint8Array {
  const frame = new Uint8Array(data.length + 1);
  frame[0] = channel;
  frame.set(data, 1);
  return frame;
}

/** The v5 signal that half-closes a channel (how stdin EOF reaches the process). */
export function closeFrame(channel: number): Uint8Array {
  return Uint8Array.of(Channel.close, channel);
}

export function decodeFrame(frame: Uint8Array): { channel: number; data: Uint8Array } | undefined {
  if (frame.length === 0) return undefined;
  return { channel: frame[0]!, data: frame.subarray(1) };
}

export function resizeFrame(size: { width: number; height: number }): Uint8Array {
  return encodeFrame(Channel.resize, new TextEncoder().encode(JSON.stringify({ Width: size.width, Height: size.height })));
}

/** The port number prefix (2 bytes, little-endian) that opens each port-forward channel. */
export function readPortPrefix(data: Uint8Array): number | undefined {
  return data.length >= 2 ? data[0]! | (data[1]! << 8) : undefined;
}
