import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, BorderOuterOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';

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
  /** Where the menu item leads. */
  path: string;
  routes: MenuRoute[];
}

const GridMapPage = lazy(() => import('./pages/grids/grid-map-page.js'));
const GridDetailPage = lazy(() => import('./pages/grids/grid-detail-page.js'));
const PeoplePage = lazy(() => import('./pages/people/people-page.js'));
const CoveragePage = lazy(() => import('./pages/coverage/coverage-page.js'));
const BoundaryCheckPage = lazy(() => import('./pages/coverage/boundary-check-page.js'));

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
];

/** The menu entry whose pages contain this location (longest path prefix). */
export function activeEntry(pathname: string): MenuEntry | undefined {
  return menu
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

/** The entries this user may open, in menu order. */
export function visibleMenu(permissions: string[]): MenuEntry[] {
  return menu.filter((entry) => permissions.includes(entry.permission));
}
