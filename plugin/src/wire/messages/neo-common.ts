import { err, ok } from '../../util/result';
import { type Infer, type Issue, type Schema, s } from '../schema';
import { peerIdSchema } from './common';

/**
 * Shared field schemas of the NEO round protocol (`plugin/spec/neo.md`). Bodies are positional
 * tuples, not maps: a round message goes to every member 20 times a second, and field names
 * would cost a tenth of its bytes.
 */

/** Largest application input a NEO plaintext carries on the wire, bytes (groups set a lower limit). */
export const NEO_MAX_INPUT_BYTES = 4096;
/** Most control operations in one plaintext. */
export const NEO_MAX_OPS = 16;
/** Most members a NEO group can have (member indices are one byte). */
export const NEO_MAX_MEMBERS = 255;

/** The group tag: 32 bits of the group's hash, for routing; the signature binds the full context. */
export const neoTagSchema = s.uint({ max: 0xffff_ffff });
/** A round number modulo 2^16 (receivers unwrap it to the round nearest their own). */
export const neoRound16Schema = s.uint({ max: 0xffff });
/** A member index in the epoch's sorted member list. */
export const neoMemberIndexSchema = s.uint({ max: NEO_MAX_MEMBERS - 1 });
/** A full round number. */
export const neoRoundNumberSchema = s.uint();

/** A control operation: join (relayed), leave, delay report (ms), ban vote. */
export type NeoOp = readonly ['j', string] | readonly ['l'] | readonly ['d', number] | readonly ['b', string];

const opJoin = s.tuple([s.literal('j'), peerIdSchema]);
const opLeave = s.tuple([s.literal('l')]);
const opDelay = s.tuple([s.literal('d'), s.uint({ max: 0xffff })]);
const opBan = s.tuple([s.literal('b'), peerIdSchema]);

function fail(message: string): { ok: false; error: Issue } {
  return err({ path: [], message });
}

/** One control operation, discriminated by its first element. */
export const neoOpSchema: Schema<NeoOp> = {
  expected: 'neo op',
  optional: false,
  check: (v) => {
    if (!Array.isArray(v) || v.length === 0) return fail('expected neo op, got no array');
    switch (v[0]) {
      case 'j':
        return opJoin.check(v);
      case 'l':
        return opLeave.check(v);
      case 'd':
        return opDelay.check(v);
      case 'b':
        return opBan.check(v);
      default:
        return fail('expected neo op, got an unknown kind');
    }
  },
};

const inputSchema = s.bytes({ max: NEO_MAX_INPUT_BYTES });
const withOps = s.tuple([s.array(neoOpSchema, { min: 1, max: NEO_MAX_OPS }), s.nullable(inputSchema)]);

/**
 * What a member commits to for one round: `nil` (nothing), its input bytes, or
 * `[ops, input | nil]` when it also carries control operations.
 */
export type NeoPlaintext = null | Uint8Array | Infer<typeof withOps>;

/** Schema of {@link NeoPlaintext}. */
export const neoPlaintextSchema: Schema<NeoPlaintext> = {
  expected: 'neo plaintext',
  optional: false,
  check: (v) => {
    if (v === null) return ok(null);
    if (v instanceof Uint8Array) return inputSchema.check(v);
    if (Array.isArray(v)) return withOps.check(v);
    return fail('expected neo plaintext (nil, bytes or [ops, input])');
  },
};
