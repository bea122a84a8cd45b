import type { ReactNode } from "react";
import type { Loadable } from "../api/useLoad.ts";

/** Renders the loading and error states of a `Loadable` the same way everywhere, else `children(data)`. */
export function Load<T>({ value, label, children }: { value: Loadable<T>; label: string; children: (data: T) => ReactNode }) {
  if (value.status === "loading") {
    return (
      <p className="state state-loading" role="status" aria-live="polite">
        Loading {label}…
      </p>
    );
  }
  if (value.status === "error") {
    return (
      <p className="state state-error" role="alert">
        Could not load {label}: {value.message}
      </p>
    );
  }
  return <>{children(value.data)}</>;
}

/** Shown where a list or chart has nothing in the selected range. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}
