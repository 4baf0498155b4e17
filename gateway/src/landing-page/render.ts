// Temporary stand-in while the explorer page is written.
export interface LandingPageOptions { endpoint: string; title?: string; sandboxUrl?: string | null; tokenHelp?: string; exampleQueries?: { name: string; query: string }[] }
export function renderLandingPage(opts: LandingPageOptions): string {
  return `<!doctype html><title>WebIR graph</title><script>/* ${opts.endpoint} */</script>`;
}
export function landingPageCsp(_html: string): string {
  return "default-src 'none'";
}
