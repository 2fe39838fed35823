// The README's library example, line for line (test/types/readme.test.ts checks that): type-checked by
// `npm run typecheck`, and RUN by test/contract/mediawiki/readme-example.test.ts against a sandbox
// and the real MediaWiki, so the README can drift from neither the types nor the behaviour.
import { WikiJsClient, MediaWikiClient, ConflictError } from '../../src/index.js';

export async function readmeExample(): Promise<void> {

  // Wiki.js 2 or 3 (detected), API key or username/password (JWT, renewed as the server does).
  await using wiki = new WikiJsClient({ url: process.env['WIKIJS_URL'] ?? 'http://127.0.0.1:3000', apiKey: process.env['WIKIJS_TOKEN']! });
  const page = await wiki.pages.create({ path: 'docs/hello', title: 'Hello', content: '# Hello', tags: ['guide'] });
  const renamed = await wiki.pages.update(page.id, { title: 'Hello, world' });  // only the title changes — the server itself would wipe the rest
  await wiki.pages.update(page.id, { content: 'new' }, { expectedRevision: renamed.updatedAt }); // ConflictError if someone edited since
  const [first] = await wiki.pages.getMany([page.id, 2, 3]);                    // one HTTP round trip (JSON-array batching)
  console.log(first?.title);

  // MediaWiki with a bot password: every API:Edit parameter, conflict-safe updates, continued queries.
  await using mw = new MediaWikiClient({ apiUrl: process.env['MW_API_URL'] ?? 'https://wiki.example/w/api.php', username: process.env['MW_USERNAME'] ?? 'Bot@wikikit', password: process.env['MW_PASSWORD']! });
  await mw.update('Sandbox', (p) => p.content.replace('teh', 'the'), { summary: 'typo' }); // re-reads and re-applies on edit conflict
  for await (const p of mw.list({ list: 'allpages', aplimit: 'max' })) console.log(p['title']);

  // One page model for every wiki: the jobs below run on any of them.
  const model = wiki.asWiki();                    // or mw.asWiki()
  for await (const summary of model.list({ prefix: 'docs' })) console.log(summary.path, summary.updatedAt);
  try {
    await model.put({ path: 'docs/hello', content: 'x' }, { expectedRevision: 'stale' });
  } catch (e) {
    if (e instanceof ConflictError) console.log('changed on the wiki since; nothing overwritten');
  }
}
