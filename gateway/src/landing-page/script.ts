/**
 * The explorer's JavaScript, inlined. Plain DOM code: runs in any current browser with no build
 * step and no network but the GraphQL endpoint. Data from the server (endpoint, examples) arrives
 * in a JSON block, never spliced into code.
 */
export const script = `
(() => {
  const cfg = JSON.parse(document.getElementById('webir-config').textContent);
  const $ = (id) => document.getElementById(id);
  const q = $('query'), vars = $('variables'), out = $('result'), status = $('status'), token = $('token');
  token.value = localStorage.getItem('webir.token') || '';
  q.value = localStorage.getItem('webir.query') || (cfg.examples[0] ? cfg.examples[0].query : '{ me { name } }');
  token.addEventListener('change', () => localStorage.setItem('webir.token', token.value.trim()));
  $('clear-token').addEventListener('click', () => { token.value = ''; localStorage.removeItem('webir.token'); });
  for (const area of [q, vars]) area.addEventListener('keydown', (e) => {
    if (e.key === 'Tab') { e.preventDefault(); const s = area.selectionStart; area.setRangeText('  ', s, area.selectionEnd, 'end'); }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
  });
  $('run').addEventListener('click', run);

  async function post(body, withToken) {
    const headers = { 'content-type': 'application/json', 'apollo-require-preflight': 'true' };
    const t = token.value.trim();
    if (withToken && t) headers.authorization = 'Bearer ' + t;
    const res = await fetch(cfg.endpoint, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, json: await res.json().catch(() => null) };
  }

  async function run() {
    let variables = {};
    if (vars.value.trim()) {
      try { variables = JSON.parse(vars.value); } catch (e) { show('Variables are not valid JSON: ' + e.message, true); return; }
    }
    const ops = [...q.value.matchAll(/\\b(?:query|mutation)\\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
    const body = { query: q.value, variables };
    if (ops.length > 1) body.operationName = ops[0];
    localStorage.setItem('webir.query', q.value);
    remember(q.value);
    status.textContent = '…';
    const started = performance.now();
    try {
      const { status: code, json } = await post(body, true);
      const ms = Math.round(performance.now() - started);
      const codes = ((json && json.errors) || []).map((e) => e.extensions && e.extensions.code).filter(Boolean);
      status.textContent = 'HTTP ' + code + ' · ' + ms + ' ms' + (codes.length ? ' · ' + codes.join(', ') : '');
      show(JSON.stringify(json, null, 2), Boolean(json && json.errors));
    } catch (e) { show('Request failed: ' + e.message, true); status.textContent = ''; }
  }
  function show(text, isError) { out.textContent = text; out.className = isError ? 'err' : ''; }

  function remember(query) {
    const list = JSON.parse(localStorage.getItem('webir.history') || '[]').filter((x) => x !== query);
    list.unshift(query);
    localStorage.setItem('webir.history', JSON.stringify(list.slice(0, 20)));
    drawHistory();
  }
  function drawHistory() {
    const box = $('history'); box.textContent = '';
    for (const item of JSON.parse(localStorage.getItem('webir.history') || '[]')) {
      const b = document.createElement('button'); b.className = 'light';
      b.textContent = item.replace(/\\s+/g, ' ').slice(0, 40); b.title = item;
      b.addEventListener('click', () => { q.value = item; }); box.appendChild(b);
    }
  }
  for (const ex of cfg.examples) {
    const b = document.createElement('button'); b.className = 'light'; b.textContent = ex.name;
    b.addEventListener('click', () => { q.value = ex.query; }); $('examples').appendChild(b);
  }
  drawHistory();

  const typeName = (t) => t.kind === 'NON_NULL' ? typeName(t.ofType) + '!' : t.kind === 'LIST' ? '[' + typeName(t.ofType) + ']' : t.name;
  const INTROSPECTION = '{ __schema { queryType { name } mutationType { name } types { name kind description fields { name description args { name type { ...T } } type { ...T } } inputFields { name type { ...T } } enumValues { name } } } } fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
  let types = [];
  async function loadSchema() {
    const { json } = await post({ query: INTROSPECTION }, false);
    if (!json || !json.data) { $('schema').textContent = 'Could not load the schema.'; return; }
    const s = json.data.__schema;
    types = s.types.filter((t) => !t.name.startsWith('__')).sort((a, b) => rank(a, s) - rank(b, s) || a.name.localeCompare(b.name));
    drawSchema('');
  }
  const rank = (t, s) => t.name === s.queryType.name ? 0 : s.mutationType && t.name === s.mutationType.name ? 1 : t.kind === 'OBJECT' ? 2 : 3;
  function drawSchema(filter) {
    const box = $('schema'); box.textContent = '';
    const f = filter.toLowerCase();
    for (const t of types) {
      const fields = t.fields || t.inputFields || (t.enumValues || []).map((v) => ({ name: v.name, type: null }));
      const hits = fields.filter((x) => !f || t.name.toLowerCase().includes(f) || x.name.toLowerCase().includes(f));
      if (f && !hits.length) continue;
      const d = document.createElement('details'); d.open = Boolean(f) || t.name === 'Query';
      const sm = document.createElement('summary'); sm.textContent = t.name + ' (' + t.kind.toLowerCase() + ')'; d.appendChild(sm);
      if (t.description) { const doc = document.createElement('div'); doc.className = 'doc'; doc.textContent = t.description; d.appendChild(doc); }
      for (const x of hits) {
        const row = document.createElement('div'); row.className = 'field';
        const args = x.args && x.args.length ? '(' + x.args.map((a) => a.name + ': ' + typeName(a.type)).join(', ') + ')' : '';
        row.textContent = x.name + args + (x.type ? ': ' + typeName(x.type) : '');
        if (x.description) row.title = x.description;
        if (t.name === 'Query' || t.name === 'Mutation') { row.classList.add('root'); row.addEventListener('click', () => insert(t.name, x)); }
        d.appendChild(row);
      }
      box.appendChild(d);
    }
  }
  function insert(root, field) {
    const named = (t) => t.ofType ? named(t.ofType) : t;
    const target = types.find((t) => t.name === named(field.type).name);
    const scalars = target && target.fields ? target.fields.filter((x) => ['SCALAR', 'ENUM'].includes(named(x.type).kind) && !(x.args || []).length).map((x) => x.name).slice(0, 6) : [];
    const required = (field.args || []).filter((a) => a.type.kind === 'NON_NULL');
    const params = required.length ? '(' + required.map((a) => '$' + a.name + ': ' + typeName(a.type)).join(', ') + ')' : '';
    const args = required.length ? '(' + required.map((a) => a.name + ': $' + a.name).join(', ') + ')' : '';
    const body = target && target.fields ? (target.name.endsWith('Connection') ? ' { totalCount edges { node { id } } }' : ' { ' + (scalars.join(' ') || '__typename') + ' }') : '';
    q.value = (root === 'Mutation' ? 'mutation' : 'query') + params + ' {\\n  ' + field.name + args + body + '\\n}\\n';
  }
  $('filter').addEventListener('input', (e) => drawSchema(e.target.value));
  loadSchema();
})();
`;
