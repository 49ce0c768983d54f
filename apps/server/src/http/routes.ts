interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * Every route the HTTP server answers, as `METHOD /path/:param`, read from Express's router: what the start-up log
 * lists, and what the authorisation matrix test checks it has a cell for.
 */
export function listRoutes(express: { router?: { stack: Layer[] } }): string[] {
  const out: string[] = [];
  for (const layer of express.router?.stack ?? [])
    if (layer.route)
      for (const [m, on] of Object.entries(layer.route.methods))
        if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path}`);
  return out;
}
