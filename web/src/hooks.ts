import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, errorMessage, type Query } from './api';
import type { AppSystem, ListResult, Unit } from './types';

const PAGE = 200;

/** Reads every page of a list endpoint (units and systems number in the hundreds, not more). */
export async function fetchAll<T>(path: string, query: Query = {}): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.get<ListResult<T>>(path, { ...query, limit: PAGE, offset });
    items.push(...page.items);
    if (page.items.length < PAGE || items.length >= page.total) return items;
  }
}

export interface Loaded<T> {
  items: T[];
  loading: boolean;
  error: string | null;
  reload: () => void;
}

function useLoadAll<T>(path: string, query: Query = {}, enabled = true): Loaded<T> {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(query);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setLoading(true);
    fetchAll<T>(path, JSON.parse(key) as Query)
      .then((r) => live && (setItems(r), setError(null)))
      .catch((e: unknown) => live && setError(errorMessage(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [path, key, tick, enabled]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { items, loading, error, reload };
}

/** Every unit, for trees, pickers and id → name lookups. */
export function useAllUnits(): Loaded<Unit> & { byId: Map<string, Unit> } {
  const loaded = useLoadAll<Unit>('/units');
  const byId = useMemo(() => new Map(loaded.items.map((u) => [u.id, u])), [loaded.items]);
  return { ...loaded, byId };
}

/** Application systems, of one unit or (for the admin) of all units. */
export function useSystems(unitId?: string, enabled = true): Loaded<AppSystem> {
  return useLoadAll<AppSystem>('/systems', { unitId }, enabled);
}

/** Options for a unit <Select>, searchable by name or code. */
export function unitOptions(units: Unit[]) {
  return units.map((u) => ({ value: u.id, label: u.name, code: u.code }));
}

export function filterUnitOption(input: string, option?: { label: string; code?: string }): boolean {
  if (!option) return false;
  const q = input.trim().toLowerCase();
  return option.label.toLowerCase().includes(q) || (option.code ?? '').toLowerCase().includes(q);
}
