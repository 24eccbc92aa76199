import { describe, expect, it } from 'vitest';
import { AuthError, AuthErrorCode } from '../auth/errors';
import { SessionError, SessionErrorCode, sessionErrorFromAuth } from './errors';

describe('sessionErrorFromAuth', () => {
  it('maps every authority failure to a session code with a message for the player', () => {
    const cases: [AuthErrorCode, SessionErrorCode][] = [
      [AuthErrorCode.Unreachable, SessionErrorCode.AuthorityUnreachable],
      [AuthErrorCode.NameTaken, SessionErrorCode.NameTaken],
      [AuthErrorCode.Banned, SessionErrorCode.Banned],
      [AuthErrorCode.InvalidName, SessionErrorCode.InvalidName],
      [AuthErrorCode.RateLimited, SessionErrorCode.RateLimited],
      [AuthErrorCode.Aborted, SessionErrorCode.Aborted],
      [AuthErrorCode.BadResponse, SessionErrorCode.Internal],
      [AuthErrorCode.Rejected, SessionErrorCode.Internal],
    ];
    for (const [auth, session] of cases) {
      const cause = new AuthError(auth, 'server text');
      const e = sessionErrorFromAuth(cause, 'Alice');
      expect(e).toBeInstanceOf(SessionError);
      expect(e.code).toBe(session);
      expect(e.cause).toBe(cause);
      expect(e.message.length).toBeGreaterThan(10);
      expect(e.message).not.toContain('undefined');
    }
    expect(sessionErrorFromAuth(new AuthError(AuthErrorCode.NameTaken, 'x'), 'Alice').message).toContain('"Alice"');
    expect(sessionErrorFromAuth(new AuthError(AuthErrorCode.Banned, 'banned: cheating')).message).toContain('cheating');
  });
});
