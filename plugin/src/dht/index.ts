/**
 * The Kademlia DHT (paper section 3.3) over the {@link Transport} seam: node ids bound to
 * players' keys, k-buckets, iterative lookups with progress events, typed signed records
 * (certificates, bans, area data with quorum certificates) validated on every store and read,
 * quorum reads with repair, republish, a bounded connection LRU, and the `CertDirectory` /
 * `BanChecker` the game and the handshake call. See `plugin/spec/dht.md`.
 *
 * @example
 * ```ts
 * const dht = new DhtNode({ transport, clock, nodeId: nodeIdFromSignKey(ring.sign.publicKey),
 *   authenticator: peerDirectoryAuthenticator(directory), ed, authorityKey });
 * dht.start();
 * await joinThroughAuthority(dht, authorityClient); // GET /api/bootstrap, the authority's node first
 * const certs = new CertDirectory({ dht, clock });
 * await certs.publish(playerId, credentials);
 * for await (const event of dht.get(certRecordKey(otherId))) console.log(event.type);
 * ```
 * @module
 */

export { DEFAULT_DHT_CONFIG, type DhtConfig, resolveDhtConfig } from './config';
export { type Contact, type ContactFactory, ContactPool, plainContacts } from './contact';
export { BanChecker, type BanCheckerOptions, type BanStatus } from './directory/ban-checker';
export { CertDirectory, type CertDirectoryOptions } from './directory/cert-directory';
export { DhtError, DhtErrorCode } from './errors';
export {
  commonPrefixLength,
  compareDistance,
  isConsistentNodeId,
  type NodeId,
  nodeIdFromSignKey,
  peerIdOfNodeId,
  recordKey,
} from './ids';
export type { MaintenanceReport } from './maintenance/maintain';
export { type PeerAuthenticator, peerDirectoryAuthenticator, transportAuthenticator } from './network/authenticator';
export { ConnectionManager, type ConnectionManagerOptions } from './network/connection-manager';
export { DhtNode, type DhtNodeOptions, type FindNodeResult, type PutOptions, type QueryOptions } from './node';
export type { BootstrapResult } from './operations/bootstrap';
export type { GetResult } from './operations/get';
export { joinThroughAuthority } from './operations/join-authority';
export type { PutResult } from './operations/replicate';
export { type QueryEvent, QueryEventType } from './query/events';
export { DhtQuery } from './query/query';
export {
  AREA_MAX_BATCHES,
  AREA_MAX_ENTRIES,
  AREA_PURPOSE,
  AREA_RECORD_TYPE,
  type AreaBatch,
  type AreaEntry,
  areaItems,
  areaKey,
  areaWriteDigest,
  buildAreaRecord,
  mergeAreaBatches,
  parseAreaKey,
} from './records/area';
export {
  assembleQuorumCertificate,
  QC_MAX_MEMBERS,
  type QuorumCertificate,
  QuorumErrorCode,
  type QuorumVote,
  quorumSigningBytes,
  quorumThreshold,
  signQuorumVote,
  verifyQuorumCertificate,
} from './records/quorum-cert';
export { type DhtRecord, recordDigest, type ValidRecord } from './records/record';
export { defaultValidators } from './records/registry';
export { RecordRejection } from './records/rejection';
export { RecordValidation } from './records/validation';
export { ValidationCache } from './records/validation-cache';
export type { GroupAuthorizer, MaybePromise, RecordValidator, ValidationContext } from './records/validator';
export { areaValidator, type VerifiedArea } from './records/validators/area';
export { BAN_RECORD_TYPE, banRecord, banRecordKey, banValidator, type VerifiedBan } from './records/validators/ban';
export { CERT_RECORD_TYPE, certRecord, certRecordKey, certValidator } from './records/validators/cert';
export { StoreStatus } from './rpc/messages';
export type { RpcClientCounters } from './rpc/rpc-client';
export { type DhtCounters, DhtDrop } from './stats';
