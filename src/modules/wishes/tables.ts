/** Row types of the micro-wish tables (see migration 0007-wishes). */

/** material: goods; service: a service done; companionship: time spent with someone. */
export type WishKind = 'material' | 'service' | 'companionship';
/** The wish's life; whether the community has vouched for it is `WishVerification`, kept apart. */
export type WishStatus = 'pending' | 'open' | 'claimed' | 'delivered' | 'fulfilled' | 'withdrawn';
export type WishVerification = 'pending' | 'verified' | 'rejected';
export type ClaimStatus = 'live' | 'fulfilled' | 'cancelled' | 'revoked';
export type ClaimantKind = 'partyMember' | 'organisation';

export interface WishTable {
  id: string;
  title: string;
  description: string;
  kind: WishKind;
  estimated_value: number;
  actual_value: number | null;
  status: WishStatus;
  verification: WishVerification;
  verification_reason: string | null;
  verified_by: string | null;
  verified_at: string | null;
  beneficiary_name: string;
  beneficiary_person_id: string | null;
  beneficiary_user_id: string | null;
  posted_by: string;
  grid_id: string;
  grid_path: string;
  delivery_note: string | null;
  /** JSON array of photo ids from `POST /api/cases/photos`. */
  delivery_photo_ids: string | null;
  delivered_at: string | null;
  confirmed_at: string | null;
  thanks: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface WishClaimTable {
  id: string;
  wish_id: string;
  claimant_user_id: string;
  claimant_kind: ClaimantKind;
  claimant_name: string;
  party_org_id: string | null;
  status: ClaimStatus;
  reason: string | null;
  created_at: string;
  ended_at: string | null;
}

export interface WishesTables {
  wishes: WishTable;
  wish_claims: WishClaimTable;
}
