/** One requested sign-in code (migration 0011-otp). */
export interface OtpCodeTable {
  id: string;
  /** Keyed hash of the normalized phone (the people blind index). */
  phone_hash: string;
  /** Keyed hash of the client address, for the per-address limit. */
  ip_hash: string;
  /** Keyed hash of the row id and the code; the code itself is never stored. */
  code_hash: string;
  created_at: string;
  expires_at: string;
  /** Wrong guesses so far; the code is dead at OTP_MAX_ATTEMPTS. */
  attempts: number;
  consumed_at: string | null;
}

export interface OtpTables {
  otp_codes: OtpCodeTable;
}
