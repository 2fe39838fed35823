import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UsageError, ValidationError, WikiApiError } from '../../../src/errors.js';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();

describe.skipIf(!env)('MediaWiki edit (real MediaWiki 1.39)', () => {
  const e = env!;
  const admin = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password });
  const tester = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username2, password: e.password2 });
  afterAll(async () => {
    await Promise.all([admin.close(), tester.close()]);
  });

  it('creates, reports no-change, appends, prepends, adds a section', async () => {
    const title = uniqueTitle('edit');
    const created = await admin.edit({ title, text: 'Hello', summary: 'create', createonly: true });
    expect(created).toMatchObject({ result: 'Success', new: true, nochange: false, oldrevid: 0 });
    expect(created.newrevid).toBeGreaterThan(0);
    const same = await admin.edit({ title, text: 'Hello', summary: 'same' });
    expect(same.nochange).toBe(true);
    expect(same.newrevid).toBeUndefined();
    const appended = await admin.edit({ title, appendtext: '\nappended', minor: true });
    expect(appended.oldrevid).toBe(created.newrevid);
    await admin.edit({ title, prependtext: 'top\n', notminor: true });
    await admin.edit({ title, section: 'new', sectiontitle: 'Talk', text: 'section body', summary: 'new section' });
    const [page] = await admin.getMany(title);
    expect(page?.content).toBe('top\nHello\nappended\n\n== Talk ==\n\nsection body');
    const revisions = await admin.revisions(title, { limit: 10 });
    expect(revisions).toHaveLength(4);
    expect(revisions[0]?.comment).toContain('new section');
  });

  it('edits one section by number, undo and undoafter, redirect, contentmodel, watchlist, tags, bot', async () => {
    const title = uniqueTitle('sections');
    await admin.edit({ title, text: 'intro\n== A ==\na\n== B ==\nb', contentmodel: 'wikitext', contentformat: 'text/x-wiki', watchlist: 'watch', bot: true });
    const sectioned = await admin.edit({ title, section: 2, text: '== B ==\nB changed' });
    const undone = await admin.edit({ title, undo: sectioned.newrevid!, summary: 'undo' });
    expect((await admin.getMany(title))[0]?.content).toBe('intro\n== A ==\na\n== B ==\nb');
    const a = await admin.edit({ title, appendtext: '\nx' });
    await admin.edit({ title, appendtext: '\ny' });
    const [before] = await admin.getMany(title);
    await admin.edit({ title, undo: before!.revid!, undoafter: undone.newrevid!, summary: 'undo range' });
    expect((await admin.getMany(title))[0]?.content).toBe('intro\n== A ==\na\n== B ==\nb');
    expect(a.result).toBe('Success');
    const redirect = uniqueTitle('redirect');
    await admin.edit({ title: redirect, text: `#REDIRECT [[${title}]]` });
    const followed = await admin.edit({ title: redirect, redirect: true, appendtext: '\nvia redirect' });
    expect(followed.title).toBe(title);
    const tagged = await admin.edit({ title, appendtext: '\ntagged', tags: [] });
    expect(tagged.result).toBe('Success');
  });

  it('sends md5 always; a wrong md5 is refused by the wiki (badmd5)', async () => {
    const title = uniqueTitle('md5');
    const error = await admin.edit({ title, text: 'abc', md5: createHash('md5').update('other').digest('hex') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as WikiApiError).code).toBe('badmd5');
    expect((error as WikiApiError).details?.['info']).toBeTruthy();
    expect((error as WikiApiError).request?.url).toBe(e.apiUrl);
  });

  it('a body over 8,000 characters goes as multipart/form-data and is stored intact', async () => {
    const title = uniqueTitle('long');
    const text = `${'Lorem ipsum dolor sit amet, é ü & = + % ; '.repeat(500)}end`;
    expect(text.length).toBeGreaterThan(8000);
    const result = await admin.edit({ title, text });
    expect(result.result).toBe('Success');
    const [page] = await admin.getMany(title);
    expect(page?.content).toBe(text);
  });

  it('maps API errors: articleexists, missingtitle (nocreate), nosuchrevid, invalidtitle, nosuchpageid', async () => {
    const title = uniqueTitle('errors');
    await admin.edit({ title, text: 'x' });
    await expect(admin.edit({ title, text: 'y', createonly: true })).rejects.toMatchObject({ code: 'articleexists', category: 'conflict' });
    await expect(admin.edit({ title: uniqueTitle('absent'), text: 'y', nocreate: true })).rejects.toBeInstanceOf(NotFoundError);
    await expect(admin.edit({ title, undo: 999_999_999 })).rejects.toMatchObject({ code: 'nosuchrevid' });
    await expect(admin.edit({ title: 'Special:Version', text: 'x' })).rejects.toBeInstanceOf(WikiApiError);
    await expect(admin.edit({ pageid: 999_999_999, text: 'x' })).rejects.toMatchObject({ code: 'nosuchpageid', category: 'not-found' });
  });

  it('bad input fails before any request', async () => {
    const sent: unknown[] = [];
    const client = new MediaWikiClient({ apiUrl: e.apiUrl, username: e.username, password: e.password }, { transport: { onEvent: (event) => sent.push(event) } });
    await expect(client.edit({ title: '', text: 'x' })).rejects.toBeInstanceOf(UsageError);
    await expect(client.edit({ title: 'A[b]', text: 'x' })).rejects.toBeInstanceOf(UsageError);
    await expect(client.edit({ title: 'A', text: 'x', appendtext: 'y' })).rejects.toMatchObject({ field: 'appendtext' });
    await expect(client.edit({ title: 'A', undoafter: 3 })).rejects.toMatchObject({ field: 'undo' });
    await expect(client.edit({ title: 'A' })).rejects.toBeInstanceOf(UsageError);
    expect(sent).toEqual([]);
    await client.close();
  });

  it('a REAL edit conflict made by the second account → ConflictError with base and current revision', async () => {
    const title = uniqueTitle('conflict');
    const created = await admin.edit({ title, text: 'base' });
    const [start] = await admin.getMany(title);
    const theirs = await tester.edit({ title, text: 'edited by Tester' });
    const error = await admin
      .edit({ title, text: 'mine', baserevid: start!.revid!, starttimestamp: start!.curtimestamp! })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    const conflict = error as ConflictError;
    expect(conflict.code).toBe('editconflict');
    expect(conflict.details?.['baserevid']).toBe(created.newrevid);
    expect(conflict.details?.['currentRevid']).toBe(theirs.newrevid);
    expect(conflict.details?.['currentUser']).toBe('Tester');
    expect((await admin.getMany(title))[0]?.content).toBe('edited by Tester');
  });

  it('update() re-reads and re-applies after a real conflict, never overwriting the newer revision', async () => {
    const title = uniqueTitle('update');
    await admin.edit({ title, text: 'line 0' });
    let calls = 0;
    const result = await admin.update(title, async (current) => {
      calls++;
      if (calls === 1) await tester.edit({ title, appendtext: '\nline from Tester' });
      return `${current.content}\nline from Admin`;
    }, { summary: 'append a line' });
    expect(result.attempts).toBe(2);
    expect(calls).toBe(2);
    const [page] = await admin.getMany(title);
    expect(page?.content).toBe('line 0\nline from Tester\nline from Admin');
  });

  it('update() refuses a missing page, creates it with { create: true }, skips when the transform changes nothing, and gives up after maxAttempts', async () => {
    const title = uniqueTitle('update2');
    await expect(admin.update(title, () => 'new page')).rejects.toMatchObject({ name: 'NotFoundError', code: 'missingtitle', path: title });
    const created = await admin.update(title, (current) => (current.exists ? current.content : 'new page'), { create: true });
    expect(created.new).toBe(true);
    const skipped = await admin.update(title, (current) => current.content);
    expect(skipped.skipped).toBe(true);
    const error = await admin
      .update(title, async (current) => {
        await tester.edit({ title, appendtext: `\n${Math.random()}` });
        return `${current.content}\nmine`;
      }, { maxAttempts: 2 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((await admin.getMany(title))[0]?.content).not.toContain('mine');
  });
  it('basetimestamp + starttimestamp: a page deleted meanwhile is pagedeleted (conflict) unless recreate', async () => {
    const title = uniqueTitle('recreate');
    await admin.edit({ title, text: 'v1' });
    const [start] = await admin.getMany(title);
    // Timestamps have 1 s resolution: the deletion must fall after starttimestamp.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await admin.delete(title, { reason: 'test' });
    const base = { title, text: 'v2', basetimestamp: start!.timestamp!, starttimestamp: start!.curtimestamp! };
    const error = await admin.edit(base).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as WikiApiError).code).toBe('pagedeleted');
    expect((await admin.getMany(title))[0]?.missing).toBe(true);
    const recreated = await admin.edit({ ...base, recreate: true });
    expect(recreated).toMatchObject({ result: 'Success', new: true });
    expect((await admin.getMany(title))[0]?.content).toBe('v2');
  });
});
