import { err, ok, type Result } from '../../util/result';
import { NEO_MAX_INPUT_BYTES, NEO_MAX_MEMBERS, NEO_MAX_OPS, type NeoOp, type NeoPlaintext } from './neo-common';
import { NEO_ROUND_MAX_BYTES, type NeoRoundBody } from './neo-round';

/**
 * The packed layout of a `neoRound` body (`plugin/spec/neo.md`, "neoRound"). Big-endian, no
 * padding, one encoding per value: the decoder accepts only what the encoder writes (minimal
 * varints, no unknown flag bits, no trailing bytes), so `encode(decode(b))` is `b` again and a
 * message has exactly one byte form.
 *
 * ```
 * tag u32 | epoch varint | round16 u16 | sender u8 | flags u8 | prev u8
 * [commit 16] [report 8] [secret 16] | plaintext | echo | [votes n] [echoVotes n] | sig 64
 * ```
 * Flags: 1 commit, 2 report, 4 secret, 8 votes, 16 echoVotes. The vote arrays have no length:
 * they take what is left before the signature (both have the epoch's member count `n`).
 * A plaintext is a varint `h` then: `h = 0` nil; `h` odd: `(h - 1) / 2` input bytes; `h` even:
 * `h / 2` control operations (1..16) followed by the input as a nested nil-or-bytes plaintext.
 * An operation is its ASCII kind then: `j`, `b`: id length u8 and the id; `l`: nothing; `d`: u16.
 */

const F_COMMIT = 1;
const F_REPORT = 2;
const F_SECRET = 4;
const F_VOTES = 8;
const F_ECHO_VOTES = 16;

const COMMIT = 16;
const REPORT = 8;
const SECRET = 16;
const SIG = 64;
const UINT32 = 0xffff_ffff;

function isIdByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
}

function validId(id: unknown): id is string {
  if (typeof id !== 'string' || id.length < 1 || id.length > 64) return false;
  for (let i = 0; i < id.length; i++) if (!isIdByte(id.charCodeAt(i))) return false;
  return true;
}

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

function isUint(v: unknown, max: number): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
}

function isBytes(v: unknown, min: number, max: number): v is Uint8Array {
  return v instanceof Uint8Array && v.length >= min && v.length <= max;
}

/** Encoded size of an input (nil or bytes), or -1 when it is not one. */
function inputSize(p: unknown): number {
  if (p === null) return 1;
  if (!isBytes(p, 0, NEO_MAX_INPUT_BYTES)) return -1;
  return varintSize(2 * p.length + 1) + p.length;
}

function opSize(op: unknown): number {
  if (!Array.isArray(op)) return -1;
  const [kind, arg] = op as unknown[];
  if (kind === 'l') return op.length === 1 ? 1 : -1;
  if (op.length !== 2) return -1;
  if (kind === 'd') return isUint(arg, 0xffff) ? 3 : -1;
  if (kind === 'j' || kind === 'b') return validId(arg) ? 2 + arg.length : -1;
  return -1;
}

/** Encoded size of a plaintext, or -1 when it is not a valid one. */
function plaintextSize(p: unknown): number {
  if (!Array.isArray(p)) return inputSize(p);
  if (p.length !== 2) return -1;
  const [ops, input] = p as unknown[];
  if (!Array.isArray(ops) || ops.length < 1 || ops.length > NEO_MAX_OPS) return -1;
  let size = varintSize(2 * ops.length);
  for (const op of ops) {
    const n = opSize(op);
    if (n < 0) return -1;
    size += n;
  }
  const tail = inputSize(input);
  return tail < 0 ? -1 : size + tail;
}

class Writer {
  readonly out: Uint8Array;
  at = 0;

  constructor(size: number) {
    this.out = new Uint8Array(size);
  }

  u8(v: number): void {
    this.out[this.at++] = v;
  }

  u16(v: number): void {
    this.out[this.at++] = v >>> 8;
    this.out[this.at++] = v & 0xff;
  }

  varint(v: number): void {
    while (v >= 0x80) {
      this.out[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.out[this.at++] = v;
  }

  bytes(b: Uint8Array): void {
    this.out.set(b, this.at);
    this.at += b.length;
  }

  input(p: Uint8Array | null): void {
    if (p === null) {
      this.u8(0);
      return;
    }
    this.varint(2 * p.length + 1);
    this.bytes(p);
  }

  plaintext(p: NeoPlaintext): void {
    if (!Array.isArray(p)) {
      this.input(p as Uint8Array | null);
      return;
    }
    const [ops, input] = p as readonly [readonly NeoOp[], Uint8Array | null];
    this.varint(2 * ops.length);
    for (const op of ops) {
      this.u8(op[0].charCodeAt(0));
      if (op[0] === 'd') this.u16(op[1]);
      else if (op[0] === 'j' || op[0] === 'b') {
        this.u8(op[1].length);
        for (let i = 0; i < op[1].length; i++) this.u8(op[1].charCodeAt(i));
      }
    }
    this.input(input);
  }
}

/**
 * Packs a round body into its wire layout; an error names the first field that cannot be
 * encoded (values out of range, vote arrays of different lengths).
 */
export function encodeRoundBody(b: NeoRoundBody): Result<Uint8Array, string> {
  const [tag, epoch, round16, sender, commit, prev, report, secret, plaintext, votes, echo, echoVotes, sig] = b;
  if (!isUint(tag, UINT32)) return err('tag');
  if (!isUint(epoch, UINT32)) return err('epoch');
  if (!isUint(round16, 0xffff)) return err('round16');
  if (!isUint(sender, NEO_MAX_MEMBERS - 1)) return err('sender');
  if (commit !== null && !isBytes(commit, COMMIT, COMMIT)) return err('commit');
  if (!isUint(prev, 0xff)) return err('prev');
  if (report !== null && !isBytes(report, REPORT, REPORT)) return err('report');
  if (secret !== null && !isBytes(secret, SECRET, SECRET)) return err('secret');
  if (votes !== null && !isBytes(votes, 1, NEO_MAX_MEMBERS)) return err('votes');
  if (echoVotes !== null && !isBytes(echoVotes, 1, NEO_MAX_MEMBERS)) return err('echoVotes');
  if (votes !== null && echoVotes !== null && votes.length !== echoVotes.length) return err('echoVotes length');
  if (!isBytes(sig, SIG, SIG)) return err('sig');
  const pSize = plaintextSize(plaintext);
  if (pSize < 0) return err('plaintext');
  const eSize = plaintextSize(echo);
  if (eSize < 0) return err('echo');
  const size =
    4 +
    varintSize(epoch) +
    2 +
    3 +
    (commit === null ? 0 : COMMIT) +
    (report === null ? 0 : REPORT) +
    (secret === null ? 0 : SECRET) +
    pSize +
    eSize +
    (votes?.length ?? 0) +
    (echoVotes?.length ?? 0) +
    SIG;
  if (size > NEO_ROUND_MAX_BYTES) return err('too large');
  const w = new Writer(size);
  w.u16(tag >>> 16);
  w.u16(tag & 0xffff);
  w.varint(epoch);
  w.u16(round16);
  w.u8(sender);
  w.u8(
    (commit === null ? 0 : F_COMMIT) |
      (report === null ? 0 : F_REPORT) |
      (secret === null ? 0 : F_SECRET) |
      (votes === null ? 0 : F_VOTES) |
      (echoVotes === null ? 0 : F_ECHO_VOTES),
  );
  w.u8(prev);
  if (commit !== null) w.bytes(commit);
  if (report !== null) w.bytes(report);
  if (secret !== null) w.bytes(secret);
  w.plaintext(plaintext);
  w.plaintext(echo);
  if (votes !== null) w.bytes(votes);
  if (echoVotes !== null) w.bytes(echoVotes);
  w.bytes(sig);
  return ok(w.out);
}

export { decodeRoundBody } from './neo-round-parse';
