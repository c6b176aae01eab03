import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined, AuditOutlined, HeartOutlined, HomeOutlined, ShopOutlined, BorderOuterOutlined, CalendarOutlined, FormOutlined, FundProjectionScreenOutlined, InboxOutlined, NotificationOutlined, SafetyCertificateOutlined, TagsOutlined, TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import { CommentOutlined } from '@ant-design/icons';
import { BankOutlined, FlagOutlined, GiftOutlined, IdcardOutlined, StarOutlined } from '@ant-design/icons';
import { CloudUploadOutlined } from '@ant-design/icons';
import { FileDoneOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined } from '@ant-design/icons';
import { portalRoutes } from './pages/portal/routes.js';
import { BarChartOutlined, TrophyOutlined } from '@ant-design/icons';

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
const WishesPage = lazy(() => import('./pages/wishes/wishes-page.js'));
const ServicesPage = lazy(() => import('./pages/services/services-page.js'));
const ServiceDeskPage = lazy(() => import('./pages/services/desk-page.js'));
const NoticesPage = lazy(() => import('./pages/notices/notices-page.js'));
const StewardReportPage = lazy(() => import('./pages/fieldwork/steward-report-page.js'));
const FieldworkIndexPage = lazy(() => import('./pages/fieldwork/index-page.js'));
const VisitsPage = lazy(() => import('./pages/fieldwork/visits-page.js'));
const CommunityTasksPage = lazy(() => import('./pages/fieldwork/tasks-page.js'));
const OfficeHoursPage = lazy(() => import('./pages/fieldwork/office-hours-page.js'));
const ImportsPage = lazy(() => import('./pages/imports/imports-page.js'));

const CobuildOrganizationsPage = lazy(() => import('./pages/cobuild/organizations-page.js'));
const CobuildOrganizationPage = lazy(() => import('./pages/cobuild/organization-page.js'));
const CobuildListsPage = lazy(() => import('./pages/cobuild/lists-page.js'));
const CobuildNeedPage = lazy(() => import('./pages/cobuild/need-page.js'));
const CobuildResourcePage = lazy(() => import('./pages/cobuild/resource-page.js'));
const CobuildProjectPage = lazy(() => import('./pages/cobuild/project-page.js'));
const CobuildAssessmentPage = lazy(() => import('./pages/cobuild/assessment-page.js'));
const RegistrationsPage = lazy(() => import('./pages/cobuild/registrations-page.js'));
const ActivitiesPage = lazy(() => import('./pages/volunteers/activities-page.js'));
const ActivityPage = lazy(() => import('./pages/volunteers/activity-page.js'));
const TeamsPage = lazy(() => import('./pages/volunteers/teams-page.js'));
const TeamPage = lazy(() => import('./pages/volunteers/team-page.js'));
const MyServicePage = lazy(() => import('./pages/volunteers/my-service-page.js'));
const CertificatePage = lazy(() => import('./pages/volunteers/certificate-page.js'));
const CareVisitsPage = lazy(() => import('./pages/volunteers/care-visits-page.js'));
const ResultsReportPage = lazy(() => import('./pages/reports/results-page.js'));

const DashboardPage = lazy(() => import('./pages/analytics/dashboard-page.js'));
const RankingsPage = lazy(() => import('./pages/analytics/rankings-page.js'));

const DeliberationHomePage = lazy(() => import('./pages/deliberation/home-page.js'));
const DeliberationBodyPage = lazy(() => import('./pages/deliberation/body-page.js'));
const DeliberationCalendarPage = lazy(() => import('./pages/deliberation/calendar-page.js'));
const DeliberationMeetingPage = lazy(() => import('./pages/deliberation/meeting-page.js'));
const DeliberationCheckInPage = lazy(() => import('./pages/deliberation/check-in-page.js'));
const DeliberationResolutionPage = lazy(() => import('./pages/deliberation/resolution-page.js'));
const DeliberationActionItemsPage = lazy(() => import('./pages/deliberation/action-items-page.js'));
const DeliberationTopicsPage = lazy(() => import('./pages/deliberation/topics-page.js'));

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
  {
    key: 'deliberation',
    labelKey: 'deliberation.menu',
    icon: <CommentOutlined />,
    permission: 'deliberation.use',
    path: '/deliberation',
    routes: [
      { path: '/deliberation', page: DeliberationHomePage },
      { path: '/deliberation/bodies/:id', page: DeliberationBodyPage },
      { path: '/deliberation/calendar', page: DeliberationCalendarPage },
      { path: '/deliberation/meetings/:id', page: DeliberationMeetingPage },
      { path: '/deliberation/check-in/:id', page: DeliberationCheckInPage },
      { path: '/deliberation/resolutions/:id', page: DeliberationResolutionPage },
      { path: '/deliberation/action-items', page: DeliberationActionItemsPage },
      { path: '/deliberation/topics', page: DeliberationTopicsPage },
    ],
  },
  { key: 'dashboard', labelKey: 'analytics.menu.dashboard', icon: <BarChartOutlined />, permission: 'analytics.read', path: '/dashboard', routes: [{ path: '/dashboard', page: DashboardPage }] },
  { key: 'rankings', labelKey: 'analytics.menu.rankings', icon: <TrophyOutlined />, permission: 'ranking.read', path: '/rankings', routes: [{ path: '/rankings', page: RankingsPage }] },
  { key: 'command', labelKey: 'cases.menu.command', icon: <FundProjectionScreenOutlined />, permission: 'case.command', path: '/command', routes: [{ path: '/command', page: CommandPage }] },
  { key: 'caseCategories', labelKey: 'cases.menu.categories', icon: <TagsOutlined />, permission: 'taxonomy.write', path: '/admin/categories', routes: [{ path: '/admin/categories', page: CategoriesPage }] },
  { key: 'calendar', labelKey: 'cases.menu.calendar', icon: <CalendarOutlined />, permission: 'calendar.write', path: '/admin/calendar', routes: [{ path: '/admin/calendar', page: CalendarPage }] },
  { key: 'portal', labelKey: 'portal.menu', icon: <HomeOutlined />, permission: 'handbook.read', path: '/portal', routes: portalRoutes },
  { key: 'wishes', labelKey: 'wishes.menu', icon: <HeartOutlined />, permission: 'wish.read', path: '/wishes', routes: [{ path: '/wishes', page: WishesPage }] },
  { key: 'services', labelKey: 'services.menu', icon: <ShopOutlined />, permission: 'service.read', path: '/services', routes: [{ path: '/services', page: ServicesPage }] },
  // 服务受理: staff work consultations, mediations and bookings (consultation.read: admin, cadre, secretary, grid worker, steward, operator).
  { key: 'serviceDesk', labelKey: 'services.desk.menu', icon: <CustomerServiceOutlined />, permission: 'consultation.read', path: '/services/desk', routes: [{ path: '/services/desk', page: ServiceDeskPage }] },
  { key: 'notices', labelKey: 'notices.menu', icon: <NotificationOutlined />, permission: 'notice.write', path: '/notices', routes: [{ path: '/notices', page: NoticesPage }] },
  // Field work (走访与任务): visits and coverage, community tasks, office hours with follow-ups and meetings, 四清四报.
  {
    key: 'fieldwork',
    labelKey: 'fieldwork.menu',
    icon: <AuditOutlined />,
    permission: 'fieldwork.read',
    path: '/fieldwork',
    routes: [
      { path: '/fieldwork', page: FieldworkIndexPage },
      { path: '/fieldwork/visits', page: VisitsPage },
      { path: '/fieldwork/tasks', page: CommunityTasksPage },
      { path: '/fieldwork/office-hours', page: OfficeHoursPage },
      { path: '/fieldwork/steward', page: StewardReportPage },
    ],
  },
  {
    key: 'cobuild',
    labelKey: 'cobuild.menu.cobuild',
    icon: <BankOutlined />,
    permission: 'cobuild.read',
    path: '/cobuild',
    routes: [
      { path: '/cobuild', page: CobuildOrganizationsPage },
      { path: '/cobuild/organizations/:id', page: CobuildOrganizationPage },
      { path: '/cobuild/lists', page: CobuildListsPage },
      { path: '/cobuild/needs/:id', page: CobuildNeedPage },
      { path: '/cobuild/resources/:id', page: CobuildResourcePage },
      { path: '/cobuild/projects/:id', page: CobuildProjectPage },
      { path: '/cobuild/assessment', page: CobuildAssessmentPage },
    ],
  },
  { key: 'registrations', labelKey: 'cobuild.menu.registrations', icon: <IdcardOutlined />, permission: 'registration.read', path: '/registrations', routes: [{ path: '/registrations', page: RegistrationsPage }] },
  {
    key: 'volunteers',
    labelKey: 'volunteers.menu.activities',
    icon: <FlagOutlined />,
    permission: 'volunteer.read',
    path: '/volunteers',
    routes: [
      { path: '/volunteers', page: ActivitiesPage },
      { path: '/volunteers/activities/:id', page: ActivityPage },
      { path: '/volunteers/teams', page: TeamsPage },
      { path: '/volunteers/teams/:id', page: TeamPage },
    ],
  },
  {
    key: 'myService',
    labelKey: 'volunteers.menu.myService',
    icon: <StarOutlined />,
    permission: 'volunteer.self',
    path: '/me/service',
    routes: [
      { path: '/me/service', page: MyServicePage },
      { path: '/me/service/certificate', page: CertificatePage },
    ],
  },
  { key: 'imports', labelKey: 'imports.menu', icon: <CloudUploadOutlined />, permission: 'import.use', path: '/imports', routes: [{ path: '/imports', page: ImportsPage }] },
  { key: 'careVisits', labelKey: 'volunteers.menu.careVisits', icon: <GiftOutlined />, permission: 'careVisit.read', path: '/care-visits', routes: [{ path: '/care-visits', page: CareVisitsPage }] },
  { key: 'resultsReport', labelKey: 'resultsReport.menu', icon: <FileDoneOutlined />, permission: 'report.read', path: '/reports/results', routes: [{ path: '/reports/results', page: ResultsReportPage }] },
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
