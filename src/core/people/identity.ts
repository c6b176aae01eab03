/** Validation and masking of the personal identifiers gridgov stores. */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643-1999 check character for the first 17 digits. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

/**
 * Why an identity number is invalid, or null when it is valid: 18 characters, a real birth
 * date and the GB 11643 check character.
 */
export function idNumberProblem(value: string): 'format' | 'birthDate' | 'checksum' | null {
  const v = value.toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(v)) return 'format';
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return 'birthDate';
  if (idNumberCheckChar(v.slice(0, 17)) !== v[17]) return 'checksum';
  return null;
}

/** Normalises an identity number (upper-case X) for storage and hashing. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** Mainland mobile numbers: 11 digits starting 1[3-9]; an optional +86 is dropped. */
export function normalizePhone(value: string): string | null {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** 2301**********1234 */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
}

/** 138****5678 */
export function maskPhone(value: string): string {
  return `${value.slice(0, 3)}****${value.slice(-4)}`;
}

/** Masks a name to its first character: 张** */
export function maskName(value: string): string {
  const chars = [...value];
  return chars.length <= 1 ? value : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** Birth year encoded in an identity number. */
export function birthYearOf(idNumber: string): number {
  return Number(idNumber.slice(6, 10));
}

/** Gender encoded in an identity number (17th digit odd = male). */
export function genderOf(idNumber: string): 'male' | 'female' {
  return Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
}
