import type { CaseCategoryTable, LimitUnit } from './tables.js';

export type Limit = [number, LimitUnit];

/** A category's time limits as a case keeps them from registration on. */
export interface CaseLimits {
  accept: Limit;
  dispatch: Limit;
  handle: Limit;
}

export function limitsOf(category: CaseCategoryTable): CaseLimits {
  return {
    accept: [category.accept_limit, category.accept_unit],
    dispatch: [category.dispatch_limit, category.dispatch_unit],
    handle: [category.handle_limit, category.handle_unit],
  };
}
