export type NoticeStatus = 'published' | 'unpublished';
export type NoticeCategory = 'general' | 'utilities' | 'safety' | 'environment' | 'activity' | 'policy';

/** A notice (公告) posted to a grid: residents at or under the grid read it while it is current. */
export interface NoticeTable {
  id: string;
  grid_id: string;
  grid_path: string;
  title: string;
  /** Plain text with a light markdown: blank lines part paragraphs, `- ` starts a list item, `**bold**`. */
  body: string;
  category: NoticeCategory;
  /** `unpublished` takes it off residents' boards; the row and its history stay. */
  status: NoticeStatus;
  is_pinned: number;
  /** When it appears; a future time schedules it. */
  published_at: string;
  /** When it drops off residents' boards; null keeps it until unpublished. */
  expires_at: string | null;
  author_user_id: string | null;
  author_name: string;
  created_at: string;
  updated_at: string;
}

export interface NoticesTables {
  notices: NoticeTable;
}
