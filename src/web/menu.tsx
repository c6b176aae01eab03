import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined, AuditOutlined, HeartOutlined, HomeOutlined, ShopOutlined, BorderOuterOutlined, CalendarOutlined, FormOutlined, FundProjectionScreenOutlined, InboxOutlined, NotificationOutlined, SafetyCertificateOutlined, TagsOutlined, TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';

export interface MenuRoute {
  path: string;
  page: LazyExoticComponent<ComponentType>;
}

/** One entry of the side menu and the pages it owns. Modules add theirs to `menu`. */
export interface MenuEntry {
  key: string;
  /** i18n key of the label. */
  labelKey: string;
  icon: ReactNode;
  /** Shown only to users holding this permission. */
  permission: string;
  /** Hidden from users holding this one (a resident's entry that staff reach another way). */
  hiddenWith?: string;
  /** Where the menu item leads. */
  path: string;
  routes: MenuRoute[];
}

const GridMapPage = lazy(() => import('./pages/grids/grid-map-page.js'));
const GridDetailPage = lazy(() => import('./pages/grids/grid-detail-page.js'));
const PeoplePage = lazy(() => import('./pages/people/people-page.js'));
const CoveragePage = lazy(() => import('./pages/coverage/coverage-page.js'));
const BoundaryCheckPage = lazy(() => import('./pages/coverage/boundary-check-page.js'));
const CaseInboxPage = lazy(() => import('./pages/cases/inbox-page.js'));
const CaseListPage = lazy(() => import('./pages/cases/case-list-page.js'));
const CasePage = lazy(() => import('./pages/cases/case-page.js'));
const NewCasePage = lazy(() => import('./pages/cases/new-case-page.js'));
const ResidentReportPage = lazy(() => import('./pages/cases/resident-report-page.js'));
const CommandPage = lazy(() => import('./pages/cases/command-page.js'));
const CategoriesPage = lazy(() => import('./pages/cases/categories-page.js'));
const CalendarPage = lazy(() => import('./pages/cases/calendar-page.js'));
const PortalPage = lazy(() => import('./pages/portal/portal-page.js'));
const WishesPage = lazy(() => import('./pages/wishes/wishes-page.js'));
const ServicesPage = lazy(() => import('./pages/services/services-page.js'));
const StewardReportPage = lazy(() => import('./pages/fieldwork/steward-report-page.js'));

export const menu: MenuEntry[] = [
  {
    key: 'grids',
    labelKey: 'menu.gridMap',
    icon: <ApartmentOutlined />,
    permission: 'grid.read',
    path: '/grids',
    routes: [
      { path: '/grids', page: GridMapPage },
      { path: '/grids/:id', page: GridMapPage },
      { path: '/grids/:id/detail', page: GridDetailPage },
    ],
  },
  { key: 'people', labelKey: 'menu.people', icon: <TeamOutlined />, permission: 'person.read', path: '/people', routes: [{ path: '/people', page: PeoplePage }] },
  { key: 'coverage', labelKey: 'menu.coverage', icon: <SafetyCertificateOutlined />, permission: 'coverage.read', path: '/coverage', routes: [{ path: '/coverage', page: CoveragePage }] },
  {
    key: 'boundaryCheck',
    labelKey: 'menu.boundaryCheck',
    icon: <BorderOuterOutlined />,
    permission: 'grid.check',
    path: '/boundary-check',
    routes: [{ path: '/boundary-check', page: BoundaryCheckPage }],
  },
  { key: 'caseInbox', labelKey: 'cases.menu.inbox', icon: <InboxOutlined />, permission: 'case.read', path: '/cases/inbox', routes: [{ path: '/cases/inbox', page: CaseInboxPage }] },
  { key: 'caseList', labelKey: 'cases.menu.list', icon: <UnorderedListOutlined />, permission: 'case.read', path: '/cases', routes: [{ path: '/cases', page: CaseListPage }, { path: '/cases/:id', page: CasePage }] },
  { key: 'caseNew', labelKey: 'cases.menu.new', icon: <FormOutlined />, permission: 'case.staffIntake', path: '/cases/new', routes: [{ path: '/cases/new', page: NewCasePage }] },
  // Residents (no case.read): report and follow their own cases.
  {
    key: 'caseReport',
    labelKey: 'cases.menu.report',
    icon: <NotificationOutlined />,
    permission: 'case.create',
    hiddenWith: 'case.read',
    path: '/cases/report',
    routes: [
      { path: '/cases/report', page: ResidentReportPage },
      { path: '/cases/:id', page: CasePage },
    ],
  },
  { key: 'command', labelKey: 'cases.menu.command', icon: <FundProjectionScreenOutlined />, permission: 'case.command', path: '/command', routes: [{ path: '/command', page: CommandPage }] },
  { key: 'caseCategories', labelKey: 'cases.menu.categories', icon: <TagsOutlined />, permission: 'taxonomy.write', path: '/admin/categories', routes: [{ path: '/admin/categories', page: CategoriesPage }] },
  { key: 'calendar', labelKey: 'cases.menu.calendar', icon: <CalendarOutlined />, permission: 'calendar.write', path: '/admin/calendar', routes: [{ path: '/admin/calendar', page: CalendarPage }] },
  { key: 'portal', labelKey: 'portal.menu', icon: <HomeOutlined />, permission: 'handbook.read', path: '/portal', routes: [{ path: '/portal', page: PortalPage }] },
  { key: 'wishes', labelKey: 'wishes.menu', icon: <HeartOutlined />, permission: 'wish.read', path: '/wishes', routes: [{ path: '/wishes', page: WishesPage }] },
  { key: 'services', labelKey: 'services.menu', icon: <ShopOutlined />, permission: 'service.read', path: '/services', routes: [{ path: '/services', page: ServicesPage }] },
  { key: 'stewardReports', labelKey: 'fieldwork.menu', icon: <AuditOutlined />, permission: 'fieldwork.read', path: '/fieldwork/steward', routes: [{ path: '/fieldwork/steward', page: StewardReportPage }] },
];

/** The menu entry whose pages contain this location (longest path prefix). */
export function activeEntry(pathname: string): MenuEntry | undefined {
  return menu
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** The entries this user may open, in menu order. */
export function visibleMenu(permissions: string[]): MenuEntry[] {
  return menu.filter((entry) => permissions.includes(entry.permission) && !(entry.hiddenWith && permissions.includes(entry.hiddenWith)));
}
