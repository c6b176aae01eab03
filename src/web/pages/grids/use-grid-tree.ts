import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type GridNode, type Page } from '../../api.js';

export interface GridTreeState {
  roots: GridNode[] | undefined;
  childrenOf: Record<string, GridNode[]>;
  rootsError: unknown;
  loadChildren(id: string): Promise<GridNode[]>;
}

/** The viewer's grid tree, starting at their scope roots, children fetched once per node. */
export function useGridTree(): GridTreeState {
  const [roots, setRoots] = useState<GridNode[]>();
  const [rootsError, setRootsError] = useState<unknown>();
  const [childrenOf, setChildrenOf] = useState<Record<string, GridNode[]>>({});
  const pending = useRef(new Map<string, Promise<GridNode[]>>());

  useEffect(() => {
    api<{ items: GridNode[] }>('/api/grids/roots')
      .then((r) => setRoots(r.items))
      .catch(setRootsError);
  }, []);

  const loadChildren = useCallback((id: string) => {
    let promise = pending.current.get(id);
    if (!promise) {
      promise = api<Page<GridNode>>(`/api/grids/${id}/children`, { query: { limit: 500 } }).then((page) => {
        setChildrenOf((previous) => ({ ...previous, [id]: page.items }));
        return page.items;
      });
      promise.catch(() => pending.current.delete(id));
      pending.current.set(id, promise);
    }
    return promise;
  }, []);

  return { roots, childrenOf, rootsError, loadChildren };
}
