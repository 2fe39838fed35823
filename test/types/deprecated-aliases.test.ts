// Every old name kept by the L.3 renames (CHANGELOG "Renamed") is marked @deprecated where it is
// declared, so editors strike it through and `@typescript-eslint/no-deprecated` flags new uses.
// (The tests beside each client check that the old names still work.)
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The members called `member` of the class/interface/type `owner` declared in `file`. */
function membersOf(file: string, owner: string, member: string): ts.Node[] {
  const source = ts.createSourceFile(file, readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), ts.ScriptTarget.Latest, true);
  const found: ts.Node[] = [];
  const visit = (node: ts.Node, inOwner: boolean): void => {
    const named = (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name?.text === owner;
    const inside = inOwner || named;
    if (inside && (ts.isPropertySignature(node) || ts.isMethodSignature(node) || ts.isMethodDeclaration(node)) && node.name.getText(source) === member) found.push(node);
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(source, false);
  return found;
}

const deprecated = (node: ts.Node): boolean => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'deprecated');

describe('deprecated aliases', () => {
  it.each([
    ['src/wikijs/dialect-pages.ts', 'UpdateOptions', 'expectedUpdatedAt'],
    ['src/wikijs/pages.ts', 'UpdateManyItem', 'expectedUpdatedAt'],
    ['src/wikijs/pages.ts', 'WikiJsPages', 'getByPath'],
    ['src/wikijs/pages.ts', 'WikiJsPages', 'getManyByPath'],
    ['src/mediawiki/client.ts', 'MediaWikiClient', 'read'],
    ['src/model/listing.ts', 'Listing', 'then'],
    ['src/model/listing.ts', 'Listing', 'catch'],
  ])('%s: %s.%s is marked @deprecated', (file, owner, member) => {
    const nodes = membersOf(file, owner, member);
    expect(nodes.length, `${owner}.${member} declared in ${file}`).toBeGreaterThan(0);
    for (const node of nodes) expect(deprecated(node)).toBe(true);
  });

  it('the new names are not', () => {
    for (const [file, owner, member] of [
      ['src/wikijs/dialect-pages.ts', 'UpdateOptions', 'expectedRevision'],
      ['src/wikijs/pages.ts', 'WikiJsPages', 'get'],
      ['src/mediawiki/client.ts', 'MediaWikiClient', 'getMany'],
      ['src/model/listing.ts', 'Listing', 'toArray'],
    ] as const) {
      const nodes = membersOf(file, owner, member);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) expect(deprecated(node)).toBe(false);
    }
  });
});
