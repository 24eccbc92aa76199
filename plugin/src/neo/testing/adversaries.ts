/**
 * Adversarial members for tests: each function returns the {@link NeoHooks} that make one member
 * cheat in one way (the cheats of `plugin/spec/neo.md`). The engine stays honest; hooks only
 * change what it commits to, votes and sends.
 */
import type { PeerId } from '../../transport/transport';
import type { NeoPlaintext } from '../../wire/messages/neo-common';
import type { NeoRoundBody } from '../../wire/messages/neo-round';
import { B, encodeRound, type RoundFields } from '../codec';
import { voteDigest } from '../commit';
import type { HookApi, NeoHooks, OutgoingRound } from '../options';

/** Rebuilds the reveal part of `fields` from what we (now) hold as committed. */
function withOwnReveal(api: HookApi, fields: RoundFields): RoundFields {
  if (fields.revealRound === null) return fields;
  const own = api.own(fields.revealRound);
  const prev = api.own(fields.revealRound - 1);
  return {
    ...fields,
    secret: own?.secret ?? null,
    plaintext: own?.plaintext ?? null,
    echo: fields.echo === null ? null : (prev?.plaintext ?? null),
  };
}

async function resend(api: HookApi, out: OutgoingRound, fields: RoundFields, to = out.recipients): Promise<void> {
  const body = await api.sign(fields);
  for (const peer of to) api.send(peer, body);
}

/** Fixed-delay cheat: every message leaves `delayMs` late (to see more before others see ours). */
export function fixedDelay(delayMs: number): NeoHooks {
  return {
    outgoing: (out, api) => {
      for (const to of out.recipients) api.send(to, out.body, delayMs);
      return true;
    },
  };
}

/**
 * Look-ahead (timestamp) cheat: holds each round's message until the others' reveals of that
 * round are in (`waitMs` after it starts), then commits to a copy of another player's revealed
 * input and sends the message as if on time.
 */
export function lookAhead(waitMs: number, k: number): NeoHooks {
  return {
    outgoing: (out, api) => {
      api.later(waitMs, async () => {
        let fields = out.fields;
        if (fields.commit !== null) {
          const seen = api.received(out.round + k);
          const copied =
            seen.find((b, i) => b !== undefined && i !== fields.sender && b[B.plaintext] !== null)?.[B.plaintext] ??
            null;
          fields = { ...fields, commit: api.recommit(out.round, copied) };
        }
        await resend(api, out, withOwnReveal(api, fields));
      });
      return true;
    },
  };
}

/**
 * Suppress-correct cheat: sends nothing in rounds [from, to), then at round `to` sends
 * "corrected" messages for all of them, committing to inputs chosen after seeing the others'.
 */
export function suppressCorrect(from: number, to: number): NeoHooks {
  const withheld: OutgoingRound[] = [];
  return {
    outgoing: (out, api) => {
      if (out.round >= from && out.round < to) {
        withheld.push(out);
        return true;
      }
      if (out.round !== to) return false;
      api.later(0, async () => {
        for (const w of withheld.splice(0)) {
          const fields =
            w.fields.commit === null ? w.fields : { ...w.fields, commit: api.recommit(w.round, Uint8Array.of(0xee)) };
          await resend(api, w, withOwnReveal(api, fields));
        }
        await resend(api, out, withOwnReveal(api, out.fields));
      });
      return true;
    },
  };
}

/**
 * Inconsistency cheat (equivocation): in the chosen rounds, recipients for which `second` is true
 * get a second, different signed message committing to another input. With `collide`, the second
 * commitment is ground until its one-byte vote digest equals the first's, so the votes cannot
 * tell them apart. The reveal always opens the first.
 */
export function equivocate(options: {
  readonly rounds: (round: number) => boolean;
  readonly second: (recipient: PeerId) => boolean;
  readonly collide?: boolean;
}): NeoHooks {
  let nonce = 0;
  return {
    outgoing: (out, api) => {
      const honest = api.own(out.round);
      if (!options.rounds(out.round) || out.fields.commit === null || honest === undefined) return false;
      api.later(0, async () => {
        let secret: Uint8Array;
        let plaintext: NeoPlaintext;
        let c2: Uint8Array;
        do {
          nonce++;
          secret = Uint8Array.from({ length: 16 }, (_, i) => (nonce >> (8 * (i % 4))) & 0xff);
          plaintext = Uint8Array.of(0xe0, nonce & 0xff, (nonce >> 8) & 0xff);
          c2 = api.commitment(out.round, secret, plaintext);
        } while (options.collide && voteDigest(c2) !== voteDigest(honest.commit));
        const body2 = await api.sign({ ...out.fields, commit: c2 });
        for (const to of out.recipients) api.send(to, options.second(to) ? body2 : out.body);
      });
      return true;
    },
  };
}

/**
 * Selective commitment: sends its round-`q` message (its commitment) to its first recipient only,
 * and its round `q + 1` message without that commitment's digest (which the others would vote
 * for). Its key opens the commitment at that one member alone; the decision rejects the input.
 */
export function commitToOne(q: number): NeoHooks {
  return {
    outgoing: (out, api) => {
      if (out.round === q) api.send(out.recipients[0]!, out.body);
      else if (out.round === q + 1) {
        api.later(0, async () => {
          const body = await api.sign({ ...out.fields, prev: 0 });
          for (const to of out.recipients) api.send(to, body);
        });
      } else return false;
      return true;
    },
  };
}

/**
 * Bad-reveal cheat: for the chosen rounds, reveals (directly and in the next round's echo) a
 * plaintext that does not open the commitment.
 */
export function badReveal(rounds: (round: number) => boolean): NeoHooks {
  const bad = Uint8Array.of(0xba, 0xd0);
  return {
    outgoing: (out, api) => {
      const q = out.fields.revealRound;
      if (q === null || out.fields.secret === null) return false;
      const direct = rounds(q);
      const echo = rounds(q - 1) && out.fields.echo !== null;
      if (!direct && !echo) return false;
      const fields = {
        ...out.fields,
        plaintext: direct ? bad : out.fields.plaintext,
        echo: echo ? bad : out.fields.echo,
      };
      api.later(0, () => resend(api, out, fields));
      return true;
    },
  };
}

/**
 * Collusion by a minority. Every colluder votes "not received" for `victim`'s commitments and
 * reports a made-up state hash; the colluder `late` sends its messages on time to colluders only
 * and `lateMs` late to everyone else, so only colluders vote for its commitments.
 */
export function colluder(options: {
  readonly self: PeerId;
  readonly colluders: readonly PeerId[];
  readonly victimIndex: number;
  readonly late: PeerId;
  readonly lateMs: number;
}): NeoHooks {
  return {
    votes: (_round, honest) => {
      const v = honest.slice();
      v[options.victimIndex] = 0;
      return v;
    },
    outgoing: (out, api) => {
      api.later(0, async () => {
        const fields =
          out.fields.report === null ? out.fields : { ...out.fields, report: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) };
        const body = await api.sign(fields);
        for (const to of out.recipients) {
          const delay = options.self === options.late && !options.colluders.includes(to) ? options.lateMs : 0;
          api.send(to, body, delay);
        }
      });
      return true;
    },
  };
}

/**
 * Replay cheat: besides its own messages, sends every member copies of other members' messages
 * it received: exact duplicates, old rounds, copies relabelled to the current round (the
 * signature then fails), and copies tagged for another group.
 */
export function replayer(): NeoHooks {
  return {
    outgoing: (out, api) => {
      const send = (to: PeerId, bytes: Uint8Array): void => api.sendRaw(to, bytes);
      const previous = api
        .received(out.round - 1)
        .filter((b): b is NeoRoundBody => b !== undefined && b[B.sender] !== out.fields.sender);
      const old = api.received(out.round - 12).filter((b): b is NeoRoundBody => b !== undefined);
      for (const to of out.recipients) {
        api.send(to, out.body);
        for (const b of previous) {
          send(to, encodeRound(b));
          const relabelled = [...b] as unknown[];
          relabelled[B.round] = out.round & 0xffff;
          send(to, encodeRound(relabelled as unknown as NeoRoundBody));
          const otherGroup = [...b] as unknown[];
          otherGroup[B.tag] = (b[B.tag] + 1) >>> 0;
          send(to, encodeRound(otherGroup as unknown as NeoRoundBody));
        }
        for (const b of old) send(to, encodeRound(b));
      }
      return true;
    },
  };
}

/**
 * Forged-signature cheat. `victimIndex` set: each round also sends messages claiming to come from
 * that member (another commitment, votes against everyone) with a made-up signature.
 * `garbageOwn`: its own messages carry a made-up signature (never valid evidence against it).
 */
export function forger(options: { readonly victimIndex?: number; readonly garbageOwn?: boolean }): NeoHooks {
  const junk = (): Uint8Array => Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff);
  return {
    outgoing: (out, api) => {
      const own = [...out.body] as unknown[];
      if (options.garbageOwn) own[B.sig] = junk();
      for (const to of out.recipients) {
        api.send(to, own as unknown as NeoRoundBody);
        if (options.victimIndex !== undefined) {
          const fake = [...out.body] as unknown as unknown[];
          fake[B.sender] = options.victimIndex;
          fake[B.commit] = fake[B.commit] === null ? null : Uint8Array.from({ length: 16 }, (_, i) => i);
          fake[B.votes] = fake[B.votes] === null ? null : new Uint8Array((fake[B.votes] as Uint8Array).length);
          fake[B.sig] = junk();
          api.send(to, fake as unknown as NeoRoundBody);
        }
      }
      return true;
    },
  };
}
