import { createRequire } from 'node:module';
import { WebSocket as WsWebSocket } from 'ws';

interface WrtcModule {
  RTCPeerConnection: unknown;
  RTCSessionDescription: unknown;
  RTCIceCandidate: unknown;
}

/**
 * `ws`'s WebSocket throws an uncaught 'error' when nobody listens and PeerJS only sets
 * `onclose`, so an unreachable signalling server would crash Node. This subclass listens; the
 * 'close' that follows every error is what PeerJS reports as a `network` error.
 */
class QuietWebSocket extends WsWebSocket {
  constructor(...args: ConstructorParameters<typeof WsWebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

let installed = false;

/**
 * Makes PeerJS work in Node 20: sets `RTCPeerConnection`, `RTCSessionDescription` and
 * `RTCIceCandidate` from @roamhq/wrtc, `WebSocket` from `ws`, and `location`/`navigator`
 * stand-ins, each only when missing. Must run before PeerJS is first imported (PeerJS probes
 * WebRTC support at import). Idempotent. Needs the optional peer dependencies @roamhq/wrtc and ws.
 */
export function installNodeWebRtcGlobals(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as Record<string, unknown>;
  const setIfMissing = (name: string, value: unknown): void => {
    if (g[name] === undefined) g[name] = value;
  };
  const require = createRequire(import.meta.url);
  const wrtc = require('@roamhq/wrtc') as WrtcModule;
  setIfMissing('RTCPeerConnection', wrtc.RTCPeerConnection);
  setIfMissing('RTCSessionDescription', wrtc.RTCSessionDescription);
  setIfMissing('RTCIceCandidate', wrtc.RTCIceCandidate);
  setIfMissing('WebSocket', QuietWebSocket);
  setIfMissing('location', { protocol: 'http:', hostname: 'localhost' });
  setIfMissing('navigator', { userAgent: `node/${process.versions.node}`, platform: process.platform });
}
