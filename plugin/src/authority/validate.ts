import type { Request } from 'express';
import { decodeBase64 } from '../util/base64';
import { HttpError } from './http';

/** The parsed JSON body as an object holding exactly the `allowed` fields (400 otherwise). */
export function objectBody(req: Request, fields: readonly string[]): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'body must be a JSON object');
  }
  const record = body as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!fields.includes(key)) throw new HttpError(400, `unknown field: ${key.slice(0, 40)}`);
  }
  for (const field of fields) {
    if (!Object.hasOwn(record, field)) throw new HttpError(400, `missing field: ${field}`);
  }
  return record;
}

/** A string field of at most `max` characters. */
export function stringField(body: Record<string, unknown>, field: string, max: number): string {
  const value = body[field];
  if (typeof value !== 'string') throw new HttpError(400, `field ${field} must be a string`);
  if (value.length > max) throw new HttpError(400, `field ${field} is longer than ${max} characters`);
  return value;
}

/** A base64 field decoding to exactly `length` bytes (a number) or at most `length.max` bytes. */
export function bytesField(
  body: Record<string, unknown>,
  field: string,
  length: number | { readonly max: number },
): Uint8Array {
  // Fixed lengths get slack so a key one byte too long is reported as such, not as "too long".
  const maxChars = typeof length === 'number' ? length * 4 : Math.ceil(length.max / 3) * 4;
  const text = stringField(body, field, maxChars);
  const bytes = decodeBase64(text);
  if (bytes === undefined) throw new HttpError(400, `field ${field} is not valid base64`);
  if (typeof length === 'number' && bytes.length !== length) {
    throw new HttpError(400, `field ${field} must be ${length} bytes, got ${bytes.length}`);
  }
  // The character limit admits up to 2 bytes more than `max`; the byte limit is the contract.
  if (typeof length !== 'number' && bytes.length > length.max) {
    throw new HttpError(400, `field ${field} is larger than ${length.max} bytes`);
  }
  return bytes;
}
