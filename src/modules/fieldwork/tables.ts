/** Row types of field work (see migration 0009-fieldwork). */

interface Placed {
  id: string;
  grid_id: string;
  grid_path: string;
}

/** 四清: the four things a steward knows about the stairwell. */
export interface FourKnown {
  residents: string;
  situations: string;
  needs: string;
  hazards: string;
}
/** 四报: what must be reported up. */
export type ReportKind = 'hazard' | 'dispute' | 'need' | 'change';

export interface StewardReportTable extends Placed {
  /** `YYYY-MM`: one report per stairwell and month. */
  period: string;
  steward_user_id: string | null;
  steward_name: string;
  /** JSON `FourKnown`. */
  known: string;
  /** JSON `{ kind: ReportKind; text: string }[]`. */
  reported: string;
  created_at: string;
}
export interface FollowUpTable extends Placed { subject: string; note: string; case_id: string | null; visited_on: string; by_user_id: string | null; by_name: string; created_at: string }
export interface StewardMeetingTable extends Placed { kind: 'regular'; held_on: string; topic: string; attendees: number; minutes: string | null; created_at: string }
/** A task a community is asked to carry: kept (`inScope`) or moved out (`movedOut`, 社区减负) with reason, approver and date. */
export interface CommunityTaskTable extends Placed { title: string; source: string; status: 'inScope' | 'movedOut'; reason: string | null; approver_name: string | null; decided_on: string | null; created_at: string }
export interface HouseholdVisitTable extends Placed { household_id: string; visited_on: string; visitor_user_id: string | null; visitor_name: string; note: string | null; created_at: string }
export interface OfficeHourTable extends Placed { starts_at: string; ends_at: string; place: string; host_name: string; topic: string | null; created_at: string }
export type HandbookTopic = 'socialSecurity' | 'medical' | 'maternalChild' | 'schooling' | 'elderCare' | 'civilAffairs' | 'employment' | 'housing';
export interface HandbookArticleTable { id: string; topic: HandbookTopic; title: string; body: string; /** Title and body, lower-cased without spaces: what search matches. */ search_text: string; updated_at: string }

export interface FieldworkTables {
  steward_reports: StewardReportTable;
  follow_ups: FollowUpTable;
  steward_meetings: StewardMeetingTable;
  community_tasks: CommunityTaskTable;
  household_visits: HouseholdVisitTable;
  office_hours: OfficeHourTable;
  handbook_articles: HandbookArticleTable;
}
