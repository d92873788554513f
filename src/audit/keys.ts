import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SignatureAlgorithm } from './types.js';

export const PRIVATE_KEY_FILE = 'audit-signing-key.pem';
export const PUBLIC_KEY_FILE = 'audit-signing-key.pub.pem';

/** The checkpoint signing key of this node, loaded from the data directory. */
export interface SigningKey {
  keyId: string;
  algorithm: SignatureAlgorithm;
  publicKeyPem: string;
  /** Base64 signature of `data`. */
  sign(data: string): string;
}

// OID 1.2.156.10197.1.301 (the SM2 curve) as it appears DER-encoded in a SubjectPublicKeyInfo.
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

function digestOf(alg: SignatureAlgorithm): string {
  return alg === 'sm2' ? 'sm3' : 'sha256';
}

/** First 16 hex digits of SHA-256 over the SubjectPublicKeyInfo DER. */
export function keyIdOf(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function algorithmOf(publicKey: KeyObject): SignatureAlgorithm {
  if (publicKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa-p256';
  const der = publicKey.export({ type: 'spki', format: 'der' });
  if (der.includes(SM2_CURVE_OID)) return 'sm2';
  throw new Error('audit signing key: unsupported key type (expected an SM2 or ECDSA P-256 key)');
}

/**
 * Creates the checkpoint signing key in the data directory unless one exists (an existing key
 * is never replaced: checkpoints signed with it must stay verifiable). The private key file is
 * readable by its owner only.
 */
export function createSigningKey(dataDir: string, alg: SignatureAlgorithm): { keyId: string; created: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const privFile = join(dataDir, PRIVATE_KEY_FILE);
  const pubFile = join(dataDir, PUBLIC_KEY_FILE);
  let created = false;
  if (!existsSync(privFile)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: alg === 'sm2' ? 'SM2' : 'prime256v1' });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    try {
      // 'wx': fail rather than overwrite if another process created the key meanwhile.
      writeFileSync(privFile, pem, { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  // Always derive the public key from the file, so both files describe the same key.
  const publicKey = createPublicKey(createPrivateKey(readFileSync(privFile, 'utf8')));
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }) as string;
  if (!existsSync(pubFile) || readFileSync(pubFile, 'utf8') !== pubPem) writeFileSync(pubFile, pubPem, { mode: 0o644 });
  return { keyId: keyIdOf(publicKey), created };
}

/** Loads the signing key from the data directory; throws a message naming `govshare init` when absent. */
export function loadSigningKey(dataDir: string): SigningKey {
  const privFile = join(dataDir, PRIVATE_KEY_FILE);
  if (!existsSync(privFile)) {
    throw new Error(`audit signing key not found at ${privFile}: run \`govshare init --data-dir ${dataDir}\` to create it`);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(privFile, 'utf8'));
  } catch (e) {
    throw new Error(`audit signing key ${privFile} is unreadable: ${(e as Error).message}`);
  }
  // Keys are used only as loaded from PEM: OpenSSL then treats an SM2-curve key as an SM2 key
  // (SM2 signature scheme), the same way the verifier loads the public key.
  const publicKey = createPublicKey(privateKey);
  const algorithm = algorithmOf(publicKey);
  const digest = digestOf(algorithm);
  return {
    keyId: keyIdOf(publicKey),
    algorithm,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    sign: (data) => sign(digest, Buffer.from(data, 'utf8'), privateKey).toString('base64'),
  };
}

/**
 * A checker of base64 signatures made by the key with this PEM public key. It returns false
 * (never throws) for a malformed signature; a malformed key throws here, once.
 */
export function signatureVerifier(alg: SignatureAlgorithm, publicKeyPem: string): (data: string, signature: string) => boolean {
  const key = createPublicKey(publicKeyPem);
  const digest = digestOf(alg);
  return (data, signature) => {
    try {
      return verify(digest, Buffer.from(data, 'utf8'), key, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  };
}
