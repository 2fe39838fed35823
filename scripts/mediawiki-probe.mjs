#!/usr/bin/env node
// scripts/mediawiki-probe.mjs — what can concurrency and request shape buy a client of THIS MediaWiki?
// Library-neutral (plain fetch), so it says what the server allows, not what a client does with it.
//
//   eval "$(bash scripts/mediawiki-start.sh)" && node scripts/mediawiki-probe.mjs
//   (any wiki: MW_API_URL, MW_USERNAME, MW_PASSWORD of a bot password)
//
// Prints, for batches of up to 500 titles of existing pages (list=allpages), the median time of:
//   - the same batch with less asked of it (content vs ids vs nothing): the server's cost per page;
//   - 4 reads one after the other vs 4 at once, as POST and as GET: whether the server runs reads in
//     parallel. On SQLite, MediaWiki 1.39 opens every POST request's transaction with BEGIN IMMEDIATE
//     (includes/db/MWLBFactory.php, initServerInfo: only GET/HEAD/OPTIONS/TRACE get DEFERRED), so POST
//     reads hold the write lock for the whole request;
//   - a cheap read (meta=siteinfo) sequential vs parallel: the web server's own parallelism.
// The bench's read ratio against mwn cannot exceed what the "parallel" lines allow.
const api = process.env.MW_API_URL;
if (!api) {
  console.error('mediawiki-probe: set MW_API_URL, MW_USERNAME, MW_PASSWORD (eval "$(bash scripts/mediawiki-start.sh)")');
  process.exit(2);
}
const cookies = new Map();
function remember(response) {
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    const eq = pair.indexOf('=');
    cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}
async function call(params, method = 'POST') {
  const query = new URLSearchParams({ format: 'json', formatversion: '2', ...params });
  const headers = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const response = method === 'POST'
    ? await fetch(api, { method, headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: query })
    : await fetch(`${api}?${query}`, { headers });
  remember(response);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${method} ${params.action} answered HTTP ${response.status}`);
  return JSON.parse(text);
}
async function median(times, fn) {
  const taken = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await fn();
    taken.push(performance.now() - t0);
  }
  return taken.sort((a, b) => a - b)[Math.floor(times / 2)];
}
const ms = (n) => `${n.toFixed(0)} ms`;

if (process.env.MW_USERNAME) {
  const token = (await call({ action: 'query', meta: 'tokens', type: 'login' })).query.tokens.logintoken;
  const login = await call({ action: 'login', lgname: process.env.MW_USERNAME, lgpassword: process.env.MW_PASSWORD ?? '', lgtoken: token });
  if (login.login?.result !== 'Success') throw new Error(`login: ${login.login?.result ?? JSON.stringify(login)}`);
}
const user = (await call({ action: 'query', meta: 'userinfo', uiprop: 'rights' })).query.userinfo;
const limit = user.rights?.includes('apihighlimits') ? 500 : 50;
const titles = (await call({ action: 'query', list: 'allpages', aplimit: limit, apfilterredir: 'nonredirects' })).query.allpages.map((p) => p.title);
console.log(`${api}: ${user.name}, apihighlimits ${limit === 500 ? 'yes' : 'no'}, ${titles.length} titles a batch`);

const read = (rvprop) => ({ action: 'query', titles: titles.join('|'), prop: 'revisions', rvslots: 'main', ...(rvprop ? { rvprop } : {}) });
console.log(`cost of one batch (POST, median of 5): content ${ms(await median(5, () => call(read('ids|timestamp|content'))))}, ids only ${ms(await median(5, () => call(read('ids|timestamp'))))}, titles only ${ms(await median(5, () => call({ action: 'query', titles: titles.join('|') })))}`);

// GET must fit a URL every common front end accepts (Apache's LimitRequestLine is 8190 bytes).
const fitting = [];
for (const title of titles) if (`${api}?${new URLSearchParams({ format: 'json', formatversion: '2', ...read('ids|timestamp|content'), titles: [...fitting, title].join('|') })}`.length <= 8000) fitting.push(title);
const small = { ...read('ids|timestamp|content'), titles: fitting.join('|') };
for (const method of ['POST', 'GET']) {
  const one = () => call(small, method);
  const sequential = await median(3, async () => { for (let i = 0; i < 4; i++) await one(); });
  const parallel = await median(3, () => Promise.all([one(), one(), one(), one()]));
  console.log(`4 reads of ${fitting.length} pages as ${method}: one after the other ${ms(sequential)}, 4 at once ${ms(parallel)} → parallel speed-up ${(sequential / parallel).toFixed(2)}x`);
}
const cheap = () => call({ action: 'query', meta: 'siteinfo' }, 'GET');
const sequential = await median(3, async () => { for (let i = 0; i < 8; i++) await cheap(); });
const parallel = await median(3, () => Promise.all(Array.from({ length: 8 }, cheap)));
console.log(`8 siteinfo reads: one after the other ${ms(sequential)}, 8 at once ${ms(parallel)} → the server's own parallelism ${(sequential / parallel).toFixed(2)}x`);
