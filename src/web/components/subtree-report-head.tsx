import { GridTreeSelect } from './grid-tree-select.js';

interface Props {
  title: string;
  subtitle: string;
  /** Accessible name of the subtree picker. */
  pickerLabel: string;
  root: string | undefined;
  onRoot: (root: string) => void;
}

/** Head of a report over a grid subtree: title, subtitle and the subtree picker, which starts at the user's first scope root. */
export function SubtreeReportHead({ title, subtitle, pickerLabel, root, onRoot }: Props) {
  return (
    <div className="gg-page-head">
      <div>
        <h1 className="gg-page-title">{title}</h1>
        <span className="gg-muted">{subtitle}</span>
      </div>
      <GridTreeSelect
        value={root}
        onChange={(value) => value && onRoot(value)}
        onRoots={(roots) => {
          if (!root && roots[0]) onRoot(roots[0].id);
        }}
        allowClear={false}
        aria-label={pickerLabel}
        style={{ width: 240 }}
      />
    </div>
  );
}
