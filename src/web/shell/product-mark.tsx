/** The product mark: a gold star over a 3×3 grid, in the header and on the login card. */
export function ProductMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="30" height="30" rx="7" fill="#fff" opacity="0.16" />
      <rect x="4.5" y="4.5" width="23" height="23" rx="3" fill="none" stroke="#ffe7ba" strokeWidth="1.6" />
      <path d="M12.2 4.5v23M19.8 4.5v23M4.5 12.2h23M4.5 19.8h23" stroke="#ffe7ba" strokeWidth="1.2" opacity="0.75" />
      <path d="M16 10.2l1.76 3.57 3.94.57-2.85 2.78.67 3.92L16 19.18l-3.52 1.86.67-3.92-2.85-2.78 3.94-.57z" fill="#ffd666" />
    </svg>
  );
}
