/**
 * What the error screen says for each failure code of joining (the session's, the zone's and
 * the plugin's codes) and for a connection lost during play, and which way out it offers.
 */

/** The way out an error screen offers. */
export type ErrorAction = 'retry' | 'rename' | 'none';

/** The error screen's text for one code. */
export interface ErrorText {
  readonly title: string;
  readonly hint: string;
  readonly action: ErrorAction;
}

/** The code the game uses when the room drops out under a running game. */
export const DISCONNECTED = 'disconnected';

const TEXTS: Readonly<Record<string, ErrorText>> = {
  'authority-unreachable': {
    title: 'The game server is down',
    hint: 'The authority that hands out identities does not answer. Try again in a moment.',
    action: 'retry',
  },
  banned: {
    title: 'You are banned',
    hint: 'Other players proved that this player cheated, and the authority banned it.',
    action: 'none',
  },
  'name-taken': {
    title: 'That name is taken',
    hint: 'Another player (another browser) owns this name. Pick a different one.',
    action: 'rename',
  },
  'invalid-name': {
    title: 'That name cannot be used',
    hint: 'Names are 3 to 20 letters, digits, "_" or "-", starting with a letter.',
    action: 'rename',
  },
  'rate-limited': {
    title: 'Too many attempts',
    hint: 'The server asks this address to slow down. Wait a minute, then try again.',
    action: 'retry',
  },
  'webrtc-unavailable': {
    title: 'No WebRTC in this browser',
    hint: 'Players connect directly through WebRTC. Use a current Chrome, Firefox or Safari.',
    action: 'none',
  },
  'signalling-failed': {
    title: 'Cannot reach the other players',
    hint: 'The signalling server that introduces players to each other did not answer.',
    action: 'retry',
  },
  'storage-unavailable': {
    title: 'Cannot keep your identity',
    hint: 'This browser refused storage (private mode?). Your keys could not be saved.',
    action: 'retry',
  },
  'join-failed': {
    title: 'Could not enter the zone',
    hint: 'The players of this zone could not be reached in time.',
    action: 'retry',
  },
  [DISCONNECTED]: {
    title: 'Connection lost',
    hint: 'The link to the other players of this zone dropped.',
    action: 'retry',
  },
};

const FALLBACK: ErrorText = { title: 'Something went wrong', hint: 'Reloading usually helps.', action: 'retry' };

/** The error screen's title, hint and action for `code` (a generic text for codes it does not know). */
export function errorText(code: string): ErrorText {
  return Object.hasOwn(TEXTS, code) ? TEXTS[code]! : FALLBACK;
}
