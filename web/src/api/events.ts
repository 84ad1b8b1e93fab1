// Server-Sent Events from the API (campaign progress): the latest `status` event as state,
// closed when the component goes away or the server sends `end`.
import { useEffect, useState } from "react";
import { API_BASE } from "./client.ts";

export interface EventStreamState<T> {
  latest: T | null;
  ended: boolean;
  connected: boolean;
}

export function useEventStream<T>(path: string | null, onEnd?: () => void): EventStreamState<T> {
  const [state, setState] = useState<EventStreamState<T>>({ latest: null, ended: false, connected: false });
  useEffect(() => {
    if (!path) return;
    const source = new EventSource(`${API_BASE}${path}`, { withCredentials: true });
    source.addEventListener("open", () => setState((s) => ({ ...s, connected: true })));
    source.addEventListener("status", (event) => {
      setState((s) => ({ ...s, latest: JSON.parse((event as MessageEvent<string>).data) as T }));
    });
    source.addEventListener("end", (event) => {
      const data = (event as MessageEvent<string>).data;
      setState((s) => ({ latest: data ? (JSON.parse(data) as T) : s.latest, ended: true, connected: false }));
      source.close();
      onEnd?.();
    });
    // EventSource reconnects by itself after a network error; nothing to do but show it.
    source.addEventListener("error", () => setState((s) => ({ ...s, connected: false })));
    return () => source.close();
    // One stream per path: onEnd is a callback the caller may recreate on every render.
  }, [path]);
  return state;
}
