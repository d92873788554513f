/**
 * A stand-in for a service a test wants unavailable: any call throws "<name>.<method> is not
 * available". Used to show that readers of optional figures (the annual report, the dashboards)
 * degrade to "—" instead of failing when a part they read from throws.
 */
export function unavailable<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get(_t, p) {
      if (p === 'then') return undefined;
      return () => {
        throw new Error(`${name}.${String(p)} is not available`);
      };
    },
  });
}
