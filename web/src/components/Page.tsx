import { useEffect, type ReactNode } from "react";

/** Sets the document title (announced by screen readers on navigation) and renders a page heading. */
export function Page({ title, heading, actions, children }: { title: string; heading?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · opsledger`;
  }, [title]);
  return (
    <>
      <div className="page-head">
        <h1>{heading ?? title}</h1>
        {actions === undefined ? null : <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
