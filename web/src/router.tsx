import { type AnchorHTMLAttributes, createContext, type ReactNode, useContext, useEffect, useState } from "react";

/**
 * A small router over the History API: the address is the page (/activos, /inteligencia/ID),
 * so pages can be bookmarked and shared; the server answers every such address with the console.
 */

interface Location {
  path: string;
  search: URLSearchParams;
}

const RouterContext = createContext<{ location: Location; navigate(to: string): void } | null>(null);

function current(): Location {
  return { path: window.location.pathname, search: new URLSearchParams(window.location.search) };
}

/** Provides the current address and navigation. */
export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const onPop = () => setLocation(current());
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = (to: string) => {
    window.history.pushState(null, "", to);
    setLocation(current());
    window.scrollTo(0, 0);
  };
  return <RouterContext.Provider value={{ location, navigate }}>{children}</RouterContext.Provider>;
}

/** The current address and navigate(). */
export function useRouter() {
  const r = useContext(RouterContext);
  if (!r) throw new Error("useRouter outside Router");
  return r;
}

/** A link inside the console: a real <a href> (keyboard, middle click), navigated without reload. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { navigate } = useRouter();
  return (
    <a
      {...rest}
      href={href}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
    />
  );
}
