import type { CSSProperties, ReactNode } from 'react';

interface Props {
  title?: ReactNode;
  extra?: ReactNode;
  children?: ReactNode;
  className?: string;
  bodyStyle?: CSSProperties;
  'data-testid'?: string;
}

/**
 * A card with an optional title bar. antd's Card pulls in its Tabs for a feature we never use,
 * which costs every page that shows a card; this is the same look without it.
 */
export function Panel({ title, extra, children, className, bodyStyle, ...rest }: Props) {
  return (
    <section className={`gg-panel${className ? ` ${className}` : ''}`} data-testid={rest['data-testid']}>
      {(title || extra) && (
        <header className="gg-panel-head">
          <div className="gg-panel-title">{title}</div>
          {extra ? <div className="gg-panel-extra">{extra}</div> : null}
        </header>
      )}
      <div className="gg-panel-body" style={bodyStyle}>
        {children}
      </div>
    </section>
  );
}
