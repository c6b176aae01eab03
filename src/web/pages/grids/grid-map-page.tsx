import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Drawer, Empty, Grid, Spin, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree/index.js';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, type FeatureCollection, type GeoFeature, type GridDetail, type GridNode, type PublicConfig } from '../../api.js';
import { GridBreadcrumb, mapPath } from '../../components/grid-bits.js';
import { ProblemAlert } from '../../components/problem-alert.js';
import { useApi } from '../../use-api.js';
import { GridPanel, OutsideAlert } from './grid-panel.js';
import { useGridTree } from './use-grid-tree.js';
import { Panel } from '../../components/panel.js';

const GridMap = lazy(() => import('../../components/grid-map.js'));

interface LocateResult {
  grid: GridNode;
  ancestors: GridNode[];
}

interface Pick {
  point: { lng: number; lat: number };
  located?: LocateResult;
  error?: unknown;
}

export default function GridMapPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = !screens.lg;
  const tree = useGridTree();
  const [expandedKeys, setExpandedKeys] = useState<string[]>([]);
  const [pick, setPick] = useState<Pick | null>(null);
  const [isTreeOpen, setTreeOpen] = useState(false);

  const selectedId = id ?? tree.roots?.[0]?.id;
  const selected = useApi<GridDetail>(selectedId ? `/api/grids/${selectedId}` : null);
  const features = useApi<FeatureCollection>(selectedId ? '/api/grids/features' : null, { parent: selectedId });
  const outline = useApi<GeoFeature>(selectedId ? `/api/grids/${selectedId}/boundary` : null);
  const config = useApi<PublicConfig>('/api/config');

  useEffect(() => setPick(null), [selectedId]);

  // Open the tree down to the selected grid (deep links, drill-downs, picks on the map).
  const { loadChildren } = tree;
  // Start with the scope roots open: a secretary sees their compounds, a cadre their communities.
  useEffect(() => {
    const roots = tree.roots?.map((r) => r.id) ?? [];
    if (!roots.length) return;
    void Promise.all(roots.map((r) => loadChildren(r).catch(() => []))).then(() => setExpandedKeys((previous) => [...new Set([...roots, ...previous])]));
  }, [tree.roots, loadChildren]);
  useEffect(() => {
    const chain = selected.data?.ancestors.map((a) => a.id) ?? [];
    if (!chain.length) return;
    void Promise.all(chain.map((a) => loadChildren(a).catch(() => []))).then(() =>
      setExpandedKeys((previous) => [...new Set([...previous, ...chain])]),
    );
  }, [selected.data, loadChildren]);

  const treeData = useMemo(() => {
    const build = (node: GridNode): DataNode => ({
      key: node.id,
      title: (
        <span className="gg-tree-node">
          {node.name}
          <span className="gg-tree-level">{t(`level.${node.level}`)}</span>
        </span>
      ),
      isLeaf: node.level === 'stairwell' || node.childCount === 0,
      children: tree.childrenOf[node.id]?.map(build),
    });
    return (tree.roots ?? []).map(build);
  }, [tree.roots, tree.childrenOf, t]);

  const onPick = useCallback(async (lng: number, lat: number) => {
    const point = { lng, lat };
    setPick({ point });
    try {
      setPick({ point, located: await api<LocateResult>('/api/grids/locate', { query: { lng, lat } }) });
    } catch (error) {
      setPick({ point, error });
    }
  }, []);

  // The child of the shown grid that contains the picked point, to highlight on the map.
  const highlightId = pick?.located ? [pick.located.grid, ...pick.located.ancestors].find((g) => g.parentId === selectedId)?.id ?? null : null;
  const focusId = pick?.located?.grid.id ?? selectedId;
  const isOutside = pick?.error instanceof ApiError && pick.error.status === 404;
  const bbox = selected.data?.bbox ?? null;
  const outlineFeature = outline.data && outline.data.geometry ? outline.data : null;
  const featureCount = features.data?.features.length ?? 0;

  const treeCard = (
    <div className="gg-tree-scroll">
      {tree.rootsError ? <ProblemAlert error={tree.rootsError} /> : null}
      {!tree.roots && !tree.rootsError ? <Spin /> : null}
      {tree.roots && (
        <Tree
          blockNode
          showLine={{ showLeafIcon: false }}
          treeData={treeData}
          loadData={(node) => loadChildren(String(node.key)).then(() => undefined)}
          expandedKeys={expandedKeys}
          onExpand={(keys) => setExpandedKeys(keys.map(String))}
          selectedKeys={selectedId ? [selectedId] : []}
          onSelect={(keys) => {
            if (keys[0]) {
              navigate(mapPath(String(keys[0])));
              setTreeOpen(false);
            }
          }}
          aria-label={t('map.tree')}
          data-testid="grid-tree"
        />
      )}
    </div>
  );

  const panel = focusId ? (
    <GridPanel
      key={focusId}
      gridId={focusId}
      shownId={selectedId}
      point={pick?.located ? pick.point : null}
      onClose={pick ? () => setPick(null) : undefined}
      className={isPhone ? undefined : 'gg-map-panel'}
    />
  ) : null;

  return (
    <div className="gg-page">
      <div className="gg-page-head">
        <div>
          <h1 className="gg-page-title">
            {t('map.title')}
          </h1>
          {selected.data && (
            <div data-testid="map-breadcrumb">
              <GridBreadcrumb ancestors={selected.data.ancestors} current={selected.data} to={mapPath} />
            </div>
          )}
        </div>
        {isPhone && (
          <Button icon={<ApartmentOutlined />} onClick={() => setTreeOpen(true)} data-testid="open-tree">
            {t('map.tree')}
          </Button>
        )}
      </div>
      {selected.error ? <ProblemAlert error={selected.error} /> : null}
      <div className="gg-map-layout">
        {!isPhone && (
          <Panel title={t('map.tree')} className="gg-tree-card">
            {treeCard}
          </Panel>
        )}
        {isPhone && (
          <Drawer placement="left" size={300} open={isTreeOpen} onClose={() => setTreeOpen(false)} title={t('map.tree')}>
            {treeCard}
          </Drawer>
        )}
        <div className="gg-map-column">
          <Panel className="gg-map-card" bodyStyle={{ padding: 0, position: 'relative', height: '100%' }}>
            <div className="gg-map-hint">{t('map.hint')}</div>
            {isOutside && (
              <div className="gg-map-alert">
                <OutsideAlert onClose={() => setPick(null)} />
              </div>
            )}
            <Suspense fallback={<Spin className="gg-page-spin" />}>
              {config.data || config.error ? (
                <GridMap
                  features={features.data}
                  outline={outlineFeature}
                  bbox={bbox}
                  highlightId={highlightId}
                  point={pick?.point ?? null}
                  tileUrl={config.data?.mapTileUrl ?? null}
                  label={t('map.region')}
                  fitPadding={isPhone ? undefined : { right: 384 }}
                  onPick={onPick}
                />
              ) : null}
            </Suspense>
            {features.data && featureCount === 0 && !outlineFeature && (
              <div className="gg-map-empty">
                <Empty description={t('map.noBoundary')} />
              </div>
            )}
            {!isPhone && panel}
          </Panel>
          {pick?.error && !isOutside ? <ProblemAlert error={pick.error} /> : null}
          {isPhone && panel}
        </div>
      </div>
    </div>
  );
}
