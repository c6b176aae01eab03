/** Shared shapes and words of the service desk (服务受理). */
import type { Booking as PortalBooking } from '../portal/types.js';
import { beijingTime } from '../../format.js';

export const topics = ['socialSecurity', 'medical', 'maternalChild', 'schooling', 'elderCare', 'housing', 'employment', 'civilAffairs', 'other'] as const;
export const channels = ['hall', 'hotline', 'wechat', 'web'] as const;
/** What staff log by hand (web questions come from residents themselves). */
export const staffChannels = ['hall', 'hotline', 'wechat'] as const;
export const consultationStates = ['open', 'answered', 'turnedIntoCase'] as const;
export const outcomes = ['settled', 'unsettled', 'referred'] as const;

export interface Consultation {
  id: string;
  channel: string;
  topic: string;
  question: string;
  answer: string | null;
  status: string;
  caseId: string | null;
  askerName: string | null;
  gridId: string;
  createdAt: string;
  answeredAt: string | null;
}

export interface Mediation {
  id: string;
  title: string;
  parties: string;
  outcome: string;
  isByAlliance: boolean;
  mediatorName: string;
  note: string | null;
  gridId: string;
  mediatedOn: string;
}

/** A booking as staff see it: the resident's own view plus who booked and when. */
export interface Booking extends PortalBooking {
  residentName: string;
  createdAt: string;
}

export interface ServiceStats {
  servicePoints: number;
  consultations: number;
  consultationsByTopic: { topic: string; count: number }[];
  disputesSettledByAlliance: number;
}

/** Beijing wall-clock time, as the hall works. */
export const beijing = (iso: string | null) => beijingTime(iso);


export const stateColor: Record<string, string> = { open: 'orange', answered: 'green', turnedIntoCase: 'blue' };
export const outcomeColor: Record<string, string> = { settled: 'green', unsettled: 'red', referred: 'blue' };
export const bookingColor: Record<string, string> = { booked: 'blue', done: 'green', cancelled: 'default' };
