import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { landingPageCsp, renderLandingPage } from '../src/landing-page/render.ts';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('offline explorer page', () => {
  it('loads nothing from another origin; the Sandbox link is the only external URL, and only when asked for', () => {
    const withSandbox = renderLandingPage({ endpoint: '/graphql', sandboxUrl: 'http://localhost:4000/graphql' });
    const external = withSandbox.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(external).toEqual(['https://studio.apollographql.com/sandbox/explorer?endpoint=http%3A%2F%2Flocalhost%3A4000%2Fgraphql']);
    expect(withSandbox).not.toMatch(/\bsrc\s*=|@import|url\(/);
    const offline = renderLandingPage({ endpoint: '/graphql', sandboxUrl: null });
    expect(offline.match(/https?:\/\//g)).toBeNull();
  });

  it('escapes what it is given: a hostile title or example cannot open a script', () => {
    const html = renderLandingPage({
      endpoint: '/graphql',
      title: '<script>alert(1)</script>',
      tokenHelp: '<img onerror=x>',
      exampleQueries: [{ name: 'x</script><script>alert(2)//', query: '{ a } <!-- </script>' }],
    });
    expect(html.match(/<script/g)).toHaveLength(2); // the JSON config block and the explorer
    expect(html).not.toContain('<img onerror');
    expect(html).toContain('&#60;script&#62;alert(1)');
  });

  it('sends a CSP whose hashes are exactly those of the inline blocks', () => {
    const html = renderLandingPage({ endpoint: '/graphql' });
    const csp = landingPageCsp(html);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    expect(csp).toContain(`script-src ${sha(script)}`);
    expect(csp).toContain(`style-src ${sha(style)}`);
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/connect-src 'self'/);
  });
});
