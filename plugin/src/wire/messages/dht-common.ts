import { s } from '../schema';

/**
 * Shared field schemas of the Kademlia DHT messages (`plugin/spec/dht.md`). Bodies are
 * positional tuples: `FIND_NODE` answers carry up to 20 contacts, and field names would cost a
 * large share of their bytes.
 */

/** Most contacts one `dhtNodes` / `dhtValue` answer may carry (k is 20 by default). */
export const DHT_MAX_CONTACTS = 32;
/** Largest record value on the wire, bytes (record types set lower limits). */
export const DHT_MAX_RECORD_VALUE_BYTES = 48 * 1024;
/** Longest typed record key, e.g. `cert:<playerId>`, in characters. */
export const DHT_MAX_RECORD_KEY_LENGTH = 256;

/** Matches a request to its answer: a uint32 chosen by the requester. */
export const dhtRequestIdSchema = s.uint({ max: 0xffff_ffff });
/** A 256-bit Kademlia id (node id or record key). */
export const dhtIdSchema = s.bytes({ len: 32 });
/** Contacts: node ids only; a contact's peer id is the hex of its first 16 bytes. */
export const dhtContactsSchema = s.array(dhtIdSchema, { max: DHT_MAX_CONTACTS });

/**
 * A record as carried on the wire: `[type, key, seq, exp, permanent, value]`. `type` names the
 * validator; `key` is the typed key whose hash32 is the DHT key; `exp` is unix ms (0: none).
 */
export const dhtRecordSchema = s.tuple([
  s.str({ min: 1, max: 16, pattern: /^[a-z][a-z0-9-]*$/ }),
  s.str({ min: 1, max: DHT_MAX_RECORD_KEY_LENGTH, pattern: /^[\x21-\x7e]+$/ }),
  s.uint(),
  s.uint(),
  s.bool(),
  s.bytes({ max: DHT_MAX_RECORD_VALUE_BYTES }),
]);
