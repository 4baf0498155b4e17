import { createHash } from 'node:crypto';
import { script } from './script.ts';
import { styles } from './styles.ts';

/**
 * The gateway's landing page: an explorer that works with no internet (intranets and this machine
 * cannot reach Apollo's CDN). Everything is inlined, and a strict CSP allows exactly the inline
 * blocks and requests to this server. Apollo Sandbox is offered as a plain link for when online.
 */
export interface LandingPageOptions {
  endpoint: string;
  title?: string;
  sandboxUrl?: string | null;
  tokenHelp?: string;
  exampleQueries?: { name: string; query: string }[];
}

const DEFAULT_EXAMPLES = [
  { name: 'me', query: '{\n  me { name agency { name } permissions { regime { id } role serviceItem { code name } } }\n}\n' },
  { name: 'agencies', query: '{\n  agencies(first: 5) { totalCount edges { node { id code name parent { name } } } }\n}\n' },
  { name: 'people', query: '{\n  people(first: 3) { edges { node { name nationalIdMasked agency { name } permissions { regime { id } role status } } } }\n}\n' },
];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: `<` escaped so no `</script>` or `<!--` can appear. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderLandingPage(opts: LandingPageOptions): string {
  const title = escapeHtml(opts.title ?? 'WebIR graph');
  const config = { endpoint: opts.endpoint, examples: opts.exampleQueries ?? DEFAULT_EXAMPLES };
  const sandbox = opts.sandboxUrl
    ? `<a href="https://studio.apollographql.com/sandbox/explorer?endpoint=${encodeURIComponent(opts.sandboxUrl)}" rel="noreferrer">Open in Apollo Sandbox (needs internet)</a>`
    : '';
  return `<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${styles}</style></head>
<body>
<header><h1>${title} · 查詢 Explorer</h1><span class="grow"></span>${sandbox}</header>
<main>
<section><h2>Schema 結構</h2><input id="filter" placeholder="Filter types and fields 篩選"><div id="schema">Loading…</div></section>
<section>
  <div class="token"><label for="token">Token</label><input id="token" placeholder="Bearer token (JWT)" autocomplete="off"><button id="clear-token" class="light">Clear</button></div>
  <div class="hint">${escapeHtml(opts.tokenHelp ?? '')}</div>
  <h2>Query 查詢</h2><textarea id="query" spellcheck="false" aria-label="query"></textarea>
  <textarea id="variables" spellcheck="false" placeholder='Variables (JSON), e.g. { "id": "…" }' aria-label="variables"></textarea>
  <div class="bar"><button id="run">執行 Run (Ctrl+Enter)</button><span id="status"></span></div>
  <div class="bar" id="examples">Examples:</div><div class="bar" id="history">History:</div>
</section>
<section><h2>Result 結果</h2><pre id="result"></pre></section>
</main>
<script type="application/json" id="webir-config">${jsonForScript(config)}</script>
<script>${script}</script>
</body></html>`;
}

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The page's Content-Security-Policy: its own inline style and script, requests to itself only. */
export function landingPageCsp(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => hash(m[1]!));
  const css = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => hash(m[1]!));
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    `style-src ${css.join(' ')}`,
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
