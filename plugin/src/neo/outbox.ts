import type { NeoOp, NeoPlaintext } from '../wire/messages/neo-common';
import { NEO_MAX_OPS } from '../wire/messages/neo-common';
import type { NeoRoundBody } from '../wire/messages/neo-round';
import { chainLinks } from './chain';
import { encodeRound, type RoundFields, signingPayload, toBody } from './codec';
import { commitment, voteDigest } from './commit';
import { REPORT_BYTES } from './confirm';
import type { Core } from './core';
import { NeoError, NeoErrorCode } from './errors';
import { accept } from './inbox';
import type { HookApi } from './options';
import { commitsIn, type Epoch, epochOf, reportRoundOf, revealRoundOf, roundStart } from './schedule';

/** Our votes on round `q`: per member, the digest of the commitment we hold from it now, else 0. */
export function buildVotes(core: Core, e: Epoch, q: number): Uint8Array {
  const votes = new Uint8Array(e.members.length);
  e.members.forEach((m, j) => {
    if (m === core.self) {
      const own = core.own.get(q);
      votes[j] = own ? voteDigest(own.commit) : 0;
      return;
    }
    const c = core.table.get(q, j)?.fields.commit;
    if (c) {
      votes[j] = voteDigest(c);
      return;
    }
    // A lost commitment still counts when the sender's next message (carrying its digest) came in time.
    const next = core.table.get(q + 1, j);
    votes[j] = next !== undefined && epochOf(core.schedule, q + 1) === e ? next.fields.prev : 0;
  });
  return core.opts.hooks?.votes?.(q, votes) ?? votes;
}

function takePlaintext(core: Core, r: number): NeoPlaintext {
  let input: Uint8Array | null = null;
  try {
    input = core.opts.state.takeInput(r);
  } catch (cause) {
    core.events.emit('error', new NeoError(NeoErrorCode.StateFailed, `takeInput(${r}) threw`, { cause }));
  }
  if (input !== null && input.length > core.config.maxInputBytes) {
    core.counters.inputsDropped++;
    core.events.emit(
      'error',
      new NeoError(NeoErrorCode.InputTooLarge, `input of ${input.length} bytes exceeds ${core.config.maxInputBytes}`),
    );
    input = null;
  }
  if (input !== null && input.length === 0) input = null;
  const ops: NeoOp[] = core.pendingOps.splice(0, NEO_MAX_OPS);
  const honest: NeoPlaintext = ops.length > 0 ? [ops, input] : input;
  return core.opts.hooks?.plaintext?.(r, honest) ?? honest;
}

/** The fields of our message for round `r` (commits our input, reveals and votes on r - k). */
export function buildFields(core: Core, e: Epoch, r: number): RoundFields {
  const schedule = core.schedule;
  const sender = e.members.indexOf(core.self);
  let commit: Uint8Array | null = null;
  if (commitsIn(schedule, r)) {
    const plaintext = takePlaintext(core, r);
    const secret = core.chain.secret(r);
    commit = commitment(core.prefix(e.epoch), r, core.self, secret, plaintext);
    core.own.set(r, { secret, plaintext, commit });
  }
  const prevOwn = epochOf(schedule, r - 1) === e ? core.own.get(r - 1) : undefined;
  const reportRound = reportRoundOf(schedule, r) ?? null;
  const applied = reportRound === null ? undefined : core.history.get(reportRound);
  const q = revealRoundOf(schedule, r) ?? null;
  let votes: Uint8Array | null = null;
  let echo: NeoPlaintext = null;
  let echoVotes: Uint8Array | null = null;
  if (q !== null) {
    votes = buildVotes(core, e, q);
    core.myVotes.set(q, votes);
    if (q - 1 >= e.firstRound) {
      // The echo must be exactly what we committed when the chain links (a proof checks it).
      if (chainLinks(q - 1)) echo = core.own.get(q - 1)?.plaintext ?? null;
      if (e.members.length <= core.config.echoVotesMaxMembers) echoVotes = core.myVotes.get(q - 1) ?? null;
    }
  }
  const revealed = q === null ? undefined : core.own.get(q);
  return {
    epoch: e.epoch,
    round: r,
    sender,
    senderId: core.self,
    commit,
    prev: prevOwn ? voteDigest(prevOwn.commit) : 0,
    reportRound: applied ? reportRound : null,
    report: applied ? applied.hash.slice(0, REPORT_BYTES) : null,
    revealRound: q,
    secret: revealed?.secret ?? null,
    plaintext: revealed?.plaintext ?? null,
    votes,
    echo,
    echoVotes,
  };
}

async function sign(core: Core, fields: RoundFields): Promise<NeoRoundBody> {
  const sig = await core.opts.signer.sign(signingPayload(core.opts.context, fields));
  return toBody(core.tag, fields, sig);
}

/** Builds, signs, stores and sends our message for round `r` to every other member. */
export function sendRound(core: Core, e: Epoch, r: number): void {
  const fields = buildFields(core, e, r);
  const recipients = e.members.filter((m) => m !== core.self);
  core.track(
    sign(core, fields).then(
      (body) => {
        if (core.stopped) return;
        core.counters.roundsSent++;
        accept(core, { from: core.self, body, fields, epoch: e, direct: true }, true);
        const hook = core.opts.hooks?.outgoing;
        if (hook?.({ round: r, fields, body, recipients }, hookApi(core))) return;
        const bytes = encodeRound(body);
        for (const to of recipients) core.sendBytes(to, bytes);
      },
      (cause: unknown) => {
        core.events.emit('error', new NeoError(NeoErrorCode.SignFailed, `signing round ${r} failed`, { cause }));
      },
    ),
  );
}

function hookApi(core: Core): HookApi {
  const prefixOf = (round: number): Uint8Array => core.prefix(epochOf(core.schedule, round)?.epoch ?? 0);
  return {
    own: (round) => core.own.get(round),
    recommit: (round, plaintext, secret) => {
      const s = secret ?? core.opts.randomBytes?.(16) ?? core.chain.secret(round);
      const commit = commitment(prefixOf(round), round, core.self, s, plaintext);
      core.own.set(round, { secret: s, plaintext, commit });
      return commit;
    },
    commitment: (round, secret, plaintext) => commitment(prefixOf(round), round, core.self, secret, plaintext),
    sendRaw: (to, bytes) => core.sendBytes(to, bytes),
    later: (delayMs, fn) => {
      core.opts.clock.setTimeout(() => {
        if (!core.stopped) core.track(Promise.resolve().then(fn));
      }, delayMs);
    },
    roundStart: (round) => roundStart(core.schedule, round),
    now: () => core.now(),
    sign: (fields) => sign(core, fields),
    send: (to, body, delayMs = 0) => {
      const bytes = encodeRound(body);
      if (delayMs <= 0) core.sendBytes(to, bytes);
      else core.opts.clock.setTimeout(() => core.sendBytes(to, bytes), delayMs);
    },
    received: (round) =>
      core.table.round(round).map((m) => (m === undefined ? undefined : toBody(core.tag, m.fields, m.sig))),
  };
}
