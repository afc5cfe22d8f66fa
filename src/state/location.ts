// Reading and writing the page address: which project and phase are open (in the hash, so a
// reload lands where the user was) and test/sharing switches (in the query).

export function hashParam(name: string): string | null {
  if (typeof location === 'undefined') return null;
  return new URLSearchParams(location.hash.slice(1)).get(name);
}

export function queryParam(name: string): string | null {
  // Node tests run the state classes without a page address.
  if (typeof location === 'undefined') return null;
  return new URLSearchParams(location.search).get(name);
}

export function replaceHash(values: Record<string, string | null>): void {
  if (typeof location === 'undefined') return;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== null) params.set(k, v);
  history.replaceState(null, '', `${location.pathname}${location.search}#${params}`);
}
