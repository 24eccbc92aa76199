/**
 * `openSession`: everything a player needs before playing, in order: keys, the authority's clock
 * and a registration, a transport, the handshake and the DHT. Every failure is a
 * {@link SessionError} with a message for the player; nothing is left running after one.
 */
import { AuthorityClient } from '../auth/client';
import { createEd25519 } from '../crypto/create';
import { loadFastHash } from '../crypto/hash';
import { createSigner } from '../crypto/signer';
import type { Transport } from '../transport/transport';
import { err, ok, type Result } from '../util/result';
import { SessionError, SessionErrorCode } from './errors';
import { type ResolvedSessionOptions, resolveSessionOptions, type SessionOptions } from './options';
import { isIdTaken, peerJsOpener } from './peerjs-opener';
import { keyRingFor, register } from './register';
import { PlayerSession } from './session';
import { SessionClock } from './session-clock';
import { type Session, SessionStep } from './types';

const aborted = (): SessionError => new SessionError(SessionErrorCode.Aborted, 'Joining the game was cancelled.');

/**
 * Opens the player's session: loads or makes its keys (step `keys`), measures the authority's
 * clock and registers the name (`registration`), opens the transport (`signalling`), starts the
 * handshake, bootstrap polling and ban checks, and joins the DHT and publishes our certificates
 * (`dht`; a failed join is retried in the background, it does not fail the session).
 *
 * Bad options throw a {@link SessionOptionError} at once (before any promise); every other
 * failure resolves to a {@link SessionError}.
 *
 * @example
 * ```ts
 * const opened = await openSession({ name: 'Alice', onProgress: (step) => show(step) });
 * if (!opened.ok) return showError(opened.error.message);
 * const session = opened.value;
 * session.on('peer', (p) => console.log(p.name, p.verified));
 * ```
 */
export function openSession(options: SessionOptions): Promise<Result<Session, SessionError>> {
  const o = resolveSessionOptions(options);
  return open(o).catch((cause: unknown) =>
    err(new SessionError(SessionErrorCode.Internal, `Unexpected failure while joining: ${String(cause)}`, { cause })),
  );
}

async function open(o: ResolvedSessionOptions): Promise<Result<Session, SessionError>> {
  const signal = o.signal;
  if (signal?.aborted) return err(aborted());
  if (o.openTransport === undefined && typeof globalThis.RTCPeerConnection !== 'function') {
    return err(
      new SessionError(
        SessionErrorCode.WebRtcUnavailable,
        'This browser cannot open peer-to-peer (WebRTC) connections, which the game needs.',
      ),
    );
  }
  const step = (s: SessionStep): void => {
    try {
      o.onProgress?.(s);
    } catch {
      // A progress display cannot stop the session.
    }
  };

  step(SessionStep.Keys);
  const ed = o.ed ?? (await createEd25519());
  // A caller's own Ed25519 skips createEd25519, which is what moves hashing onto WebAssembly.
  await loadFastHash();
  const keys = await keyRingFor(o.keyStore, o.name);
  if (!keys.ok) return keys;
  if (signal?.aborted) return err(aborted());
  const signer = await createSigner(ed, keys.value.ring.sign);

  step(SessionStep.Registration);
  const fetchOption = o.fetch ? { fetch: o.fetch } : {};
  const clock = new SessionClock(
    o.clock,
    new AuthorityClient({ baseUrl: o.authorityUrl, clock: o.clock, ...fetchOption }),
    o.rng.fork(),
  );
  const client = new AuthorityClient({ baseUrl: o.authorityUrl, clock: clock.clock, ...fetchOption });
  const identity = await register({ client, clock, ed, store: o.keyStore, name: o.name, keys: keys.value, signal });
  if (!identity.ok) return identity;
  if (signal?.aborted) return err(aborted());

  step(SessionStep.Signalling);
  const openTransport =
    o.openTransport ?? peerJsOpener({ authorityUrl: o.authorityUrl, iceServers: o.iceServers, clock: o.clock });
  let transport: Transport;
  try {
    const opened = await openTransport(identity.value.playerId, signal);
    if (!opened.ok) {
      if (signal?.aborted) return err(aborted());
      const message = isIdTaken(opened.error)
        ? 'This player is already connected (is the game open in another tab?).'
        : `Cannot reach the peer-to-peer signalling server: ${opened.error.message}`;
      return err(new SessionError(SessionErrorCode.SignallingFailed, message, { cause: opened.error }));
    }
    transport = opened.value;
  } catch (cause) {
    return err(
      new SessionError(SessionErrorCode.SignallingFailed, `Cannot open the peer-to-peer transport: ${String(cause)}`, {
        cause,
      }),
    );
  }
  if (signal?.aborted) {
    await transport.close();
    return err(aborted());
  }

  let session: PlayerSession;
  try {
    if (transport.id !== identity.value.playerId) {
      throw new Error(`the transport opened as "${transport.id}", not as the player id ${identity.value.playerId}`);
    }
    session = new PlayerSession({ identity: identity.value, options: o, clock, client, ed, signer, transport });
  } catch (cause) {
    await transport.close();
    throw cause;
  }
  session.start();
  if (o.dht) {
    step(SessionStep.Dht);
    await session.joinDht();
  }
  if (signal?.aborted) {
    await session.close();
    return err(aborted());
  }
  return ok(session);
}
