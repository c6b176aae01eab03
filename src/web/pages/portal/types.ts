/** A notice on a resident's board (GET /api/notices): their grid's and every grid's above it. */
export interface BoardNotice {
  id: string;
  gridId: string;
  gridName: string;
  title: string;
  body: string;
  publishedAt: string;
  pinned: boolean;
}

export interface Wish {
  id: string;
  title: string;
  description: string;
  kind: string;
  estimatedValue: number;
  actualValue: number | null;
  status: string;
  verification: string;
  verificationReason: string | null;
  beneficiaryName: string;
  grid: { name: string };
  thanks: string | null;
  claim: { claimantName: string } | null;
  actions: string[];
  createdAt?: string;
}

export interface OpeningInterval {
  weekday: number;
  open: string;
  close: string;
}

export interface ServicePoint {
  id: string;
  name: string;
  grid: { id: string; name: string };
  address: string;
  openingHours: OpeningInterval[];
  staff: string[];
  slotMinutes: number;
  slotCapacity: number;
}

export interface Catalogue {
  categories: { id: string; code: string; name: string; nameEn: string; items: { id: string; name: string; description: string | null; isBookable: boolean }[] }[];
}

export interface Booking {
  id: string;
  itemId: string;
  pointId: string;
  slotStart: string;
  slotEnd: string;
  address: string | null;
  status: string;
}

export interface ActivitySummary {
  id: string;
  title: string;
  theme: string;
  state: string;
  place: string;
  grid: { id: string; name: string };
  team: { id: string; name: string } | null;
  organization: { id: string; name: string } | null;
  startsAt: string;
  endsAt: string;
  capacity: number;
  confirmed: number;
  waitlisted: number;
  mySignup: { id: string; state: string } | null;
}
