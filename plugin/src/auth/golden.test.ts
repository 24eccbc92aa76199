import { describe, expect, it } from 'vitest';
import { createEd25519, signKeyPairFromSeed } from '../crypto';
import { toHex } from '../util/bytes';
import { issueCert } from './cert';
import { playerIdFromSignKey, registrationMessage } from './player';

// Fixed keys: authority seed 32 x 0x01, player seed 32 x 0x02, box key 32 x 0x03. These bytes
// are the format (plugin/spec/authority.md); a change here is a protocol change.
const authority = signKeyPairFromSeed(new Uint8Array(32).fill(1));
const player = signKeyPairFromSeed(new Uint8Array(32).fill(2));
const box = new Uint8Array(32).fill(3);
const id = playerIdFromSignKey(player.publicKey);
const ID_HEX = '3062303830633666343161633138303261303433326663383635333731666334';
const SIGN_HEX = '8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394';

describe('golden bytes', () => {
  it('player id', () => {
    expect(toHex(player.publicKey)).toBe(SIGN_HEX);
    expect(id).toBe('0b080c6f41ac1802a0432fc865371fc4');
  });

  it('certificate bodies and a signature', async () => {
    const ed = await createEd25519();
    const key = await issueCert(ed, authority.secretKey, { t: 'key', id, exp: 1_700_000_000_000 });
    expect(toHex(key.body)).toBe(`83a3657870cf0000018bcfe56800a26964d920${ID_HEX}a174a36b6579`);
    expect(toHex(key.signature)).toBe(
      '432d5116e5407eb1b2b7a4ea167bda586629d707220333e458ee1ee17a39a870' +
        '2d50cf180c962088721c2cd64b6ae5c990dd4b65686a1ff8e4e6e6e0b4e58603',
    );
    const pk = await issueCert(ed, authority.secretKey, { t: 'pk', id, name: 'Alice', sign: player.publicKey, box });
    expect(toHex(pk.body)).toBe(
      `85a3626f78c420${'03'.repeat(32)}a26964d920${ID_HEX}a46e616d65a5416c696365a47369676ec420${SIGN_HEX}a174a2706b`,
    );
    const ban = await issueCert(ed, authority.secretKey, { t: 'ban', id, reason: 'r', at: 1 });
    expect(toHex(ban.body)).toBe(`84a2617401a26964d920${ID_HEX}a6726561736f6ea172a174a362616e`);
  });

  it('registration message', () => {
    expect(toHex(registrationMessage('g1', 'Alice', player.publicKey, box))).toBe(
      `95a87265676973746572a26731a5416c696365c420${SIGN_HEX}c420${'03'.repeat(32)}`,
    );
  });
});
