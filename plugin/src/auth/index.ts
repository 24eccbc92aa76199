/**
 * Authentication (paper section 3.1): authority-signed certificates checked offline with the
 * pinned authority key, player ids, names, the registration proof, and the authority's HTTP
 * client. Browser-safe (no Node imports). See `plugin/spec/authority.md`.
 */
export {
  type BanCertBody,
  CERT_SIGNATURE_BYTES,
  type Cert,
  type CertBody,
  type CertBodyOf,
  type CertJson,
  type CertType,
  certFromJson,
  certToJson,
  type IdentityCertBody,
  isPlayerId,
  issueCert,
  type KeyCertBody,
  MAX_BAN_REASON_LENGTH,
  MAX_CERT_BODY_BYTES,
  PUBLIC_KEY_BYTES,
  parseCertBody,
  type VerifyCertOptions,
  verifyCert,
} from './cert';
export {
  AuthorityClient,
  type AuthorityClientOptions,
  type AuthorityInfo,
  type ProofSubmission,
  type Registration,
  type TimeSample,
} from './client';
export { AuthError, AuthErrorCode } from './errors';
export { isValidName, MAX_NAME_LENGTH, MIN_NAME_LENGTH, nameKey, validateName } from './names';
export {
  PLAYER_ID_BYTES,
  type PlayerCredentials,
  playerIdFromSignKey,
  REGISTRATION_DOMAIN,
  registrationMessage,
  type VerifiedPlayer,
  verifyPlayerCerts,
} from './player';
export type { AccountInfo, ProofContext, ProofVerdict, ProofVerifier } from './proof';
export * from './protocol';
