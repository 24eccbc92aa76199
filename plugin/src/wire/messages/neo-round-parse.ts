import { err, ok, type Result } from '../../util/result';
import { NEO_MAX_INPUT_BYTES, NEO_MAX_MEMBERS, NEO_MAX_OPS, type NeoOp, type NeoPlaintext } from './neo-common';
import { NEO_ROUND_MAX_BYTES, NEO_ROUND_MIN_BYTES, type NeoRoundBody } from './neo-round';

// The layout is documented in `neo-round-layout.ts` (the encoder); this is its strict parser.

const F_COMMIT = 1;
const F_REPORT = 2;
const F_SECRET = 4;
const F_VOTES = 8;
const F_ECHO_VOTES = 16;
const F_UNKNOWN = ~(F_COMMIT | F_REPORT | F_SECRET | F_VOTES | F_ECHO_VOTES) & 0xff;
const SIG = 64;

/** A cursor over one body. Every read checks the bounds; a failed read sets `bad` and returns 0. */
class Reader {
  readonly b: Uint8Array;
  /** End of the readable part (the signature is read separately). */
  end: number;
  at = 0;
  bad: string | undefined;

  constructor(b: Uint8Array, end: number) {
    this.b = b;
    this.end = end;
  }

  fail(why: string): number {
    this.bad ??= why;
    this.at = this.end;
    return 0;
  }

  u8(what: string): number {
    return this.at < this.end ? this.b[this.at++]! : this.fail(`truncated ${what}`);
  }

  u16(what: string): number {
    if (this.at + 2 > this.end) return this.fail(`truncated ${what}`);
    const v = (this.b[this.at]! << 8) | this.b[this.at + 1]!;
    this.at += 2;
    return v;
  }

  /** A minimal LEB128 varint of at most `max`. */
  varint(what: string, max: number): number {
    let v = 0;
    let scale = 1;
    for (let i = 0; i < 6; i++) {
      const c = this.u8(what);
      if (this.bad !== undefined) return 0;
      v += (c & 0x7f) * scale;
      if (v > max) return this.fail(`${what} out of range`);
      if ((c & 0x80) === 0) {
        // A zero last byte after the first would be a second, longer form of the same value.
        if (c === 0 && i > 0) return this.fail(`${what} not minimal`);
        return v;
      }
      scale *= 0x80;
    }
    return this.fail(`${what} too long`);
  }

  take(n: number, what: string): Uint8Array {
    if (this.at + n > this.end) {
      this.fail(`truncated ${what}`);
      return new Uint8Array(0);
    }
    // Each field is its own small copy: typed arrays of up to 64 bytes live on V8's heap, while
    // one copy of the whole body would be an off-heap buffer, several times dearer to collect.
    const v = this.b.slice(this.at, this.at + n);
    this.at += n;
    return v;
  }

  id(what: string): string {
    const len = this.u8(what);
    if (len < 1 || len > 64) {
      this.fail(`${what} length`);
      return '';
    }
    const raw = this.take(len, what);
    let s = '';
    for (const c of raw) {
      const good =
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
      if (!good) {
        this.fail(`${what} character`);
        return '';
      }
      s += String.fromCharCode(c);
    }
    return s;
  }

  /** A nil-or-bytes input given its already read header `h` (0 or odd). */
  inputAfter(h: number, what: string): Uint8Array | null {
    if (h === 0) return null;
    if (h % 2 === 0) {
      this.fail(`${what} kind`);
      return null;
    }
    return this.take((h - 1) / 2, what);
  }

  op(): NeoOp | undefined {
    const kind = this.u8('op');
    switch (kind) {
      case 0x6c:
        return ['l'];
      case 0x64:
        return ['d', this.u16('op')];
      case 0x6a:
        return ['j', this.id('op id')];
      case 0x62:
        return ['b', this.id('op id')];
      default:
        this.fail('op kind');
        return undefined;
    }
  }

  plaintext(what: string): NeoPlaintext {
    const h = this.varint(what, 2 * NEO_MAX_INPUT_BYTES + 1);
    if (h === 0 || h % 2 === 1) return this.inputAfter(h, what);
    const count = h / 2;
    if (count > NEO_MAX_OPS) {
      this.fail(`${what} ops`);
      return null;
    }
    const ops: NeoOp[] = [];
    for (let i = 0; i < count && this.bad === undefined; i++) {
      const op = this.op();
      if (op !== undefined) ops.push(op);
    }
    const input = this.inputAfter(this.varint(what, 2 * NEO_MAX_INPUT_BYTES + 1), what);
    return [ops, input];
  }
}

/**
 * Parses a packed `neoRound` body (see `neo-round-layout.ts`). Never throws: anything but the
 * one encoding of a valid body is an error value naming what is wrong. The result shares no
 * memory with `bytes`.
 */
export function decodeRoundBody(bytes: Uint8Array): Result<NeoRoundBody, string> {
  if (!(bytes instanceof Uint8Array)) return err('not bytes');
  if (bytes.length < NEO_ROUND_MIN_BYTES || bytes.length > NEO_ROUND_MAX_BYTES) return err('length');
  const r = new Reader(bytes, bytes.length - SIG);
  const tag = ((r.u16('tag') << 16) | r.u16('tag')) >>> 0;
  const epoch = r.varint('epoch', 0xffff_ffff);
  const round16 = r.u16('round');
  const sender = r.u8('sender');
  const flags = r.u8('flags');
  const prev = r.u8('prev');
  if (r.bad !== undefined) return err(r.bad);
  if (sender > NEO_MAX_MEMBERS - 1) return err('sender');
  if ((flags & F_UNKNOWN) !== 0) return err('flags');
  const commit = flags & F_COMMIT ? r.take(16, 'commit') : null;
  const report = flags & F_REPORT ? r.take(8, 'report') : null;
  const secret = flags & F_SECRET ? r.take(16, 'secret') : null;
  const plaintext = r.plaintext('plaintext');
  const echo = r.plaintext('echo');
  if (r.bad !== undefined) return err(r.bad);
  // The vote arrays fill what is left before the signature, one or two of the same length.
  const arrays = (flags & F_VOTES ? 1 : 0) + (flags & F_ECHO_VOTES ? 1 : 0);
  const rest = r.end - r.at;
  if (arrays === 0 ? rest !== 0 : rest === 0 || rest % arrays !== 0 || rest / arrays > NEO_MAX_MEMBERS) {
    return err('votes length');
  }
  const n = arrays === 0 ? 0 : rest / arrays;
  const votes = flags & F_VOTES ? r.take(n, 'votes') : null;
  const echoVotes = flags & F_ECHO_VOTES ? r.take(n, 'echoVotes') : null;
  const sig = bytes.slice(bytes.length - SIG);
  return ok([tag, epoch, round16, sender, commit, prev, report, secret, plaintext, votes, echo, echoVotes, sig]);
}
