import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../core/errors.js';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Image types accepted, recognised by their first bytes, never by the name or the declared type. */
export function sniffImage(buf: Buffer): 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | undefined {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (buf.length >= 6 && (buf.subarray(0, 6).toString('latin1') === 'GIF87a' || buf.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'image/gif';
  if (buf.length >= 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

export interface StoredPhoto {
  mime: string;
  size: number;
  sha256: string;
  file: string;
  thumb: string;
  width: number | null;
  height: number | null;
}

/**
 * Checks and stores one photo under `<dataDir>/uploads/YYYY/MM/`, with a 320 px JPEG thumbnail.
 * Not an image → 415; over 10 MB → 413; nothing is written in either case.
 */
export async function storePhoto(dataDir: string, buf: Buffer, now: Date): Promise<StoredPhoto> {
  if (buf.length > MAX_PHOTO_BYTES) throw new AppError('payloadTooLarge', { errors: [{ field: 'photo', reason: 'fileTooLarge', params: { limit: '10 MB' } }] });
  const mime = sniffImage(buf);
  if (!mime) throw new AppError('unsupportedMediaType', { errors: [{ field: 'photo', reason: 'notAnImage' }] });
  let meta: sharp.Metadata;
  let thumbBuf: Buffer;
  try {
    meta = await sharp(buf).metadata();
    thumbBuf = await sharp(buf).rotate().resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 75 }).toBuffer();
  } catch {
    throw new AppError('unsupportedMediaType', { errors: [{ field: 'photo', reason: 'notAnImage' }] });
  }
  const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
  const rel = path.join('uploads', String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'));
  fs.mkdirSync(path.join(dataDir, rel), { recursive: true });
  const ext = mime.split('/')[1];
  const file = path.join(rel, `${sha256}.${ext}`);
  const thumb = path.join(rel, `${sha256}.thumb.jpg`);
  // Same content, same name: a re-upload of one photo is stored once.
  if (!fs.existsSync(path.join(dataDir, file))) fs.writeFileSync(path.join(dataDir, file), buf);
  if (!fs.existsSync(path.join(dataDir, thumb))) fs.writeFileSync(path.join(dataDir, thumb), thumbBuf);
  return { mime, size: buf.length, sha256, file, thumb, width: meta.width ?? null, height: meta.height ?? null };
}
