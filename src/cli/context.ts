/**
 * What every command gets: parsed global options, output (human vs --json), progress, prompts,
 * and `connect()` from a profile name or URL + env + flags to a {@link Wiki}.
 */
import { usageError } from '../errors.js';
import type { Wiki } from '../model/wiki.js';
import type { TransportOptions } from '../transport/index.js';
import type { MediaWikiClient } from '../mediawiki/index.js';
import type { WikiJsClient } from '../wikijs/index.js';
import { configPath, loadConfig, resolveTarget, type ConfigFile, type ResolvedTarget } from './config.js';
import type { CliIO } from './io.js';
import { ttyOf } from './io.js';
import { Output } from './output.js';
import { createProgress, type Progress } from './progress.js';
import { canPrompt, confirm, promptSecret } from './prompt.js';

/** Options every command accepts (defined once on the root program). */
export interface GlobalOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly profile?: string;
  readonly url?: string;
  readonly tokenFile?: string;
  readonly concurrency?: number;
  /** Deadline for each call to the wiki, retries and waits included, in seconds. */
  readonly timeout?: number;
}

const DEFAULT_GLOBALS: GlobalOptions = { json: false, quiet: false, verbose: false };

/** The transport's own per-attempt default; `--timeout` only ever shortens it. */
const DEFAULT_ATTEMPT_TIMEOUT_MS = 30_000;

/** `2 s`, `0.3 s`: a wait as a person reads it. */
function seconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Number((ms / 1000).toFixed(1))} s`;
}

export class CliContext {
  readonly io: CliIO;
  /** Raised by commands (partial failure → 1, reported conflicts → 3); the highest wins. */
  exitCode = 0;
  /**
   * Set by commands for which Ctrl-C is the normal way to stop (a server: `sandbox`,
   * `quickstart`), so an interrupt exits with their own code instead of 130.
   */
  interruptIsStop = false;
  /** Every secret this run has seen; all output is scrubbed of them. */
  readonly secrets = new Set<string>();
  readonly #globals: () => GlobalOptions;
  #output: Output | undefined;
  #config: ConfigFile | undefined;
  readonly #closers: (() => Promise<void>)[] = [];

  constructor(io: CliIO, globals: () => GlobalOptions = () => DEFAULT_GLOBALS) {
    this.io = io;
    this.#globals = globals;
    for (const name of ['WIKIKIT_TOKEN', 'WIKIKIT_PASSWORD']) {
      const value = io.env[name];
      if (value !== undefined && value !== '') this.secrets.add(value);
    }
  }

  get options(): GlobalOptions {
    return this.#globals();
  }

  /** Built on first use, after the command line has been parsed. */
  get out(): Output {
    this.#output ??= new Output(this.io, this.options, this.secrets);
    return this.#output;
  }

  get signal(): AbortSignal | undefined {
    return this.io.signal;
  }

  /** Records a failure without stopping: the highest code wins (3 conflict beats 1 failure). */
  fail(code: number): void {
    this.exitCode = Math.max(this.exitCode, code);
  }

  get configPath(): string {
    return configPath(this.io.env, this.io.cwd);
  }

  async config(): Promise<ConfigFile> {
    this.#config ??= await loadConfig(this.configPath);
    return this.#config;
  }

  /** Call after writing the config so later reads in this run see it. */
  forgetConfig(): void {
    this.#config = undefined;
  }

  /** Resolves where to connect: `spec` (profile or URL) > flags > env > config file. */
  async target(spec?: string): Promise<ResolvedTarget> {
    const target = await resolveTarget({
      spec,
      flags: { profile: this.options.profile, url: this.options.url, tokenFile: this.options.tokenFile },
      env: this.io.env,
      cwd: this.io.cwd,
      config: await this.config(),
      prompt: canPrompt(this.io) ? (question) => this.promptSecret(question) : undefined,
    });
    for (const secret of [target.token, target.password]) if (secret !== undefined) this.secrets.add(secret);
    return target;
  }

  /**
   * `--timeout N` bounds the whole call, retries and waits included, as its help says: the
   * total deadline is N s and no single attempt may outlast it. Each retry (a throttle wait
   * included) is announced on stderr (unless --quiet), so a slow or dead server is never a silent hang.
   */
  transportOptions(): TransportOptions {
    const { timeout, concurrency, verbose } = this.options;
    const totalMs = timeout === undefined ? undefined : Math.round(timeout * 1000);
    return {
      ...(totalMs === undefined ? {} : { totalTimeoutMs: totalMs, timeoutMs: Math.min(totalMs, DEFAULT_ATTEMPT_TIMEOUT_MS) }),
      ...(concurrency === undefined ? {} : { maxConcurrent: concurrency }),
      userAgent: 'wikikit-cli',
      onEvent: (event) => {
        if (verbose) this.out.debug(`http ${JSON.stringify(event)}`);
        if (event.type === 'retry') this.out.info(`retrying ${event.operation} in ${seconds(event.waitMs)} (${event.reason})`);
      },
    };
  }

  /** A {@link Wiki} for a profile name or URL (or the configured default); closed when the command ends. */
  async connect(spec?: string): Promise<Wiki> {
    return this.connectTo(await this.target(spec));
  }

  /** A {@link Wiki} for settings already resolved (e.g. a sandbox this run started). */
  async connectTo(target: ResolvedTarget): Promise<Wiki> {
    for (const secret of [target.token, target.password]) if (secret !== undefined) this.secrets.add(secret);
    const wiki =
      this.io.wikiFactory !== undefined
        ? await this.io.wikiFactory(target)
        : await (await import('./wiki-factory.js')).createWiki(target, this.transportOptions());
    this.#closers.push(() => wiki.close());
    this.out.debug(`connected to ${target.kind} ${target.url}${target.profile === undefined ? '' : ` (profile ${target.profile})`}`);
    return wiki;
  }

  /** The full Wiki.js client, for what the page model does not cover (users, groups, site). */
  async wikijs(spec?: string): Promise<WikiJsClient> {
    const target = await this.target(spec);
    if (target.kind !== 'wikijs') throw usageError(`${target.url} is a MediaWiki; this command needs a Wiki.js`, { field: 'url' });
    const client = await (await import('./wiki-factory.js')).createWikiJsClient(target, this.transportOptions());
    this.#closers.push(() => client.close());
    return client;
  }

  /** The full MediaWiki client, for what the page model does not cover (login, rights, site info). */
  async mediawiki(spec?: string): Promise<MediaWikiClient> {
    const target = await this.target(spec);
    if (target.kind !== 'mediawiki') throw usageError(`${target.url} is a Wiki.js; this command needs a MediaWiki`, { field: 'url' });
    const client = await (await import('./wiki-factory.js')).createMediaWikiClient(target, this.transportOptions());
    this.#closers.push(() => client.close());
    return client;
  }

  /** A progress bar that only draws on a terminal, after a second, without --quiet/--json. */
  progress(label: string, total?: number): Progress {
    const enabled = !this.options.quiet && !this.options.json && ttyOf(this.io, 'stderr');
    return createProgress(this.io, { label, enabled, ...(total === undefined ? {} : { total }) });
  }

  canPrompt(): boolean {
    return canPrompt(this.io);
  }

  async promptSecret(question: string): Promise<string> {
    const value = await promptSecret(this.io, question);
    this.secrets.add(value);
    return value;
  }

  /**
   * Asks before a destructive job. Without a terminal there is nobody to ask: refuse unless
   * the user passed `--yes`.
   */
  async confirm(question: string, yes: boolean | undefined): Promise<boolean> {
    if (yes === true) return true;
    if (!canPrompt(this.io)) {
      throw usageError(`${question.replace(/\?$/, '')}: refusing without --yes (no terminal to confirm on)`, { field: 'yes' });
    }
    return confirm(this.io, question);
  }

  /** Closes every client this run opened. */
  async close(): Promise<void> {
    const closers = this.#closers.splice(0);
    await Promise.allSettled(closers.map((close) => close()));
  }
}
