import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SignBase, VerifyBase } from '@piao/shared/workbook/import-base';

/**
 * The key that signs the base carried by sector templates (`import-base.ts`), derived from the server
 * secret with a purpose label so it never doubles as the token key. A template made by one server (or
 * before a key rotation) then fails the check and is refused with an explanation.
 */
export function deriveTemplateKey(secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update('piao-template-base-v1').digest();
}

export interface TemplateSigner {
  sign: SignBase;
  verify: VerifyBase;
}

export function templateSigner(key: Uint8Array): TemplateSigner {
  const mac = (payload: string) => createHmac('sha256', key).update(payload, 'utf8').digest();
  return {
    sign: (payload) => mac(payload).toString('base64url'),
    verify(payload, given) {
      const expected = mac(payload);
      const got = Buffer.from(given, 'base64url');
      return got.length === expected.length && timingSafeEqual(got, expected);
    },
  };
}
