/**
 * Elasticsearch as an engine for the verification tests: sends the esdsl target's requests (and the KQL / pySigma
 * Lucene queries, as `query_string`) to a real cluster through `@elastic/elasticsearch`, and gives back every page.
 *
 * The cluster is the one `ES_URL` names, else the local single-node Elasticsearch 8.x that `npm run es:start`
 * runs (test/engines/elasticsearch/: 127.0.0.1:9250, `SPL2X_ES_HOST` / `SPL2X_ES_PORT` to move it).
 *
 * Expected failures (no cluster, a request Elasticsearch rejects, bulk items that fail) are `{ ok: false }` values
 * with a message; only programming errors throw.
 */
import { Client, errors, type estypes } from '@elastic/elasticsearch';

/** What to do when no cluster answers. */
export const ES_START_HINT =
  'run `npm run es:start` (a local single-node Elasticsearch on 127.0.0.1:9250; `npm run es:stop` stops it) or set ES_URL to a cluster';

export type EsResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string; readonly status?: number };

/** The local node's URL (npm run es:start), whatever ES_URL says. */
export function localEsUrl(): string {
  return `http://${process.env['SPL2X_ES_HOST'] || '127.0.0.1'}:${process.env['SPL2X_ES_PORT'] || '9250'}`;
}

/** ES_URL when set, else the local node's URL. */
export function defaultEsUrl(): string {
  return process.env['ES_URL'] || localEsUrl();
}

/** A client for `url` (default: `defaultEsUrl()`). No retries: a missing cluster is reported at once. */
export function esClient(url: string = defaultEsUrl()): Client {
  return new Client({ node: url, maxRetries: 0, requestTimeout: 60_000 });
}

function clientUrl(client: Client): string {
  const c = client.connectionPool.connections[0];
  return c ? c.url.origin : '(no node)';
}

/** An error from the client as a value: a clear message for "no cluster", Elasticsearch's reason otherwise. */
export function esError(client: Client, e: unknown): { ok: false; error: string; status?: number } {
  if (e instanceof errors.ConnectionError || e instanceof errors.NoLivingConnectionsError) {
    return { ok: false, error: `no Elasticsearch answers at ${clientUrl(client)} (${e.message}): ${ES_START_HINT}` };
  }
  if (e instanceof errors.TimeoutError) return { ok: false, error: `Elasticsearch at ${clientUrl(client)} timed out: ${e.message}` };
  if (e instanceof errors.ProductNotSupportedError) {
    return { ok: false, error: `${clientUrl(client)} is not Elasticsearch (${e.message}): ${ES_START_HINT}` };
  }
  if (e instanceof errors.ResponseError) {
    return { ok: false, error: `Elasticsearch ${e.statusCode ?? '?'}: ${reason(e.body)}`, ...(e.statusCode ? { status: e.statusCode } : {}) };
  }
  if (e instanceof errors.ElasticsearchClientError) return { ok: false, error: `${e.name}: ${e.message}` };
  throw e;
}

/** `type: reason` of an error body, with the root cause and the first shard failure when they say more. */
function reason(body: unknown): string {
  const err = (body as { error?: unknown } | undefined)?.error;
  if (typeof err === 'string') return err;
  if (!err || typeof err !== 'object') return JSON.stringify(body);
  const one = (x: { type?: string; reason?: string } | undefined): string => (x ? `${x.type ?? 'error'}: ${x.reason ?? ''}` : '');
  const e = err as { type?: string; reason?: string; root_cause?: { type?: string; reason?: string }[]; failed_shards?: { reason?: { type?: string; reason?: string; caused_by?: { type?: string; reason?: string } } }[] };
  const parts = [one(e)];
  const root = one(e.root_cause?.[0]);
  if (root && !parts.includes(root)) parts.push(root);
  const shard = e.failed_shards?.[0]?.reason;
  for (const s of [one(shard), one(shard?.caused_by)]) if (s && !parts.includes(s)) parts.push(s);
  return parts.join(' — ');
}

export interface EsClusterInfo {
  readonly url: string;
  /** The server's version number (e.g. 8.19.21). */
  readonly version: string;
  readonly clusterName: string;
  readonly status: string;
}

/** Is a cluster there? Its version, name and health, or the message saying how to get one. */
export async function clusterInfo(client: Client): Promise<EsResult<EsClusterInfo>> {
  try {
    const health = await client.cluster.health();
    const info = await client.info();
    return { ok: true, value: { url: clientUrl(client), version: info.version.number, clusterName: health.cluster_name, status: health.status } };
  } catch (e) {
    return esError(client, e);
  }
}

/** A mapping: `{ properties: {...} }` (plus `dynamic` etc.). */
export type EsMapping = estypes.MappingTypeMapping;

/**
 * Create index `name` with `mapping` when it does not exist (one shard, no replica: green on one node), else add
 * the mapping to it (Elasticsearch refuses a conflicting change: an error value).
 */
export async function ensureIndex(
  client: Client,
  name: string,
  mapping: EsMapping,
  settings: estypes.IndicesIndexSettings = {},
): Promise<EsResult<{ readonly created: boolean }>> {
  try {
    if (await client.indices.exists({ index: name })) {
      await client.indices.putMapping({ index: name, ...mapping });
      return { ok: true, value: { created: false } };
    }
    await client.indices.create({
      index: name,
      settings: { number_of_shards: 1, number_of_replicas: 0, ...settings },
      mappings: mapping,
      wait_for_active_shards: 1,
    });
    return { ok: true, value: { created: true } };
  } catch (e) {
    // Created meanwhile by someone else: add the mapping.
    if (e instanceof errors.ResponseError && JSON.stringify(e.body).includes('resource_already_exists_exception')) {
      return ensureIndex(client, name, mapping, settings);
    }
    return esError(client, e);
  }
}

export type EsEvent = Readonly<Record<string, unknown>>;

/**
 * Index `events` with one bulk request and refresh, so a search sees them at once. `ids` (same length) gives the
 * documents' `_id`s (default: generated). Any failed item makes the result an error value listing the first ones.
 */
export async function indexEvents(
  client: Client,
  index: string,
  events: readonly EsEvent[],
  ids?: readonly string[],
): Promise<EsResult<{ readonly indexed: number }>> {
  if (ids && ids.length !== events.length) throw new Error(`indexEvents: ${ids.length} ids for ${events.length} events`);
  if (events.length === 0) {
    try {
      await client.indices.refresh({ index });
      return { ok: true, value: { indexed: 0 } };
    } catch (e) {
      return esError(client, e);
    }
  }
  const operations: object[] = [];
  events.forEach((ev, i) => {
    const id = ids?.[i];
    operations.push({ index: id === undefined ? { _index: index } : { _index: index, _id: id } }, ev);
  });
  try {
    const r = await client.bulk({ operations, refresh: true });
    if (r.errors) {
      const failed = r.items
        .map((it, i) => ({ i, err: it.index?.error }))
        .filter((x) => x.err);
      const first = failed
        .slice(0, 3)
        .map((x) => `#${x.i}: ${x.err?.type}: ${x.err?.reason}${x.err?.caused_by ? ` (${x.err.caused_by.type}: ${x.err.caused_by.reason})` : ''}`);
      return { ok: false, error: `${failed.length} of ${events.length} events not indexed in ${index}: ${first.join('; ')}` };
    }
    return { ok: true, value: { indexed: r.items.length } };
  } catch (e) {
    return esError(client, e);
  }
}

/** A search request body (the esdsl target's `body`, or any other). */
export type EsSearchBody = Readonly<Record<string, unknown>>;

export interface EsSearchPages {
  /** Every response, in order: one, or one per page of the top-level `composite` aggregation. */
  readonly pages: readonly estypes.SearchResponse<Record<string, unknown>>[];
  /** The composite aggregation paged through, if any. */
  readonly composite?: string;
}

/** Stop paging a composite aggregation after this many pages (a guard against a runaway loop). */
const MAX_PAGES = 10_000;

/**
 * `GET /<index>/_search` with `body`. A top-level `composite` aggregation is paged through to the end (`after_key`
 * fed back as `after`); the pages after the first ask for no hits (`size: 0`), so hits appear once. Hits themselves
 * come in one response (as many as `body.size` asks for).
 */
export async function search(client: Client, index: string, body: EsSearchBody): Promise<EsResult<EsSearchPages>> {
  const aggs = (body['aggs'] ?? body['aggregations']) as Record<string, Record<string, unknown>> | undefined;
  const aggsKey = body['aggs'] !== undefined ? 'aggs' : 'aggregations';
  const composites = Object.entries(aggs ?? {}).filter(([, a]) => a && typeof a === 'object' && 'composite' in a);
  if (composites.length > 1) {
    return { ok: false, error: `search: ${composites.length} top-level composite aggregations (${composites.map(([n]) => n).join(', ')}): page through one at a time` };
  }
  const composite = composites[0]?.[0];
  const pages: estypes.SearchResponse<Record<string, unknown>>[] = [];
  let request: Record<string, unknown> = { ...body };
  try {
    for (;;) {
      const r = await client.search<Record<string, unknown>>({ index, ...request } as estypes.SearchRequest);
      pages.push(r);
      if (composite === undefined || !aggs) break;
      const result = r.aggregations?.[composite] as { after_key?: Record<string, unknown>; buckets?: unknown[] } | undefined;
      if (!result?.after_key || !result.buckets?.length) break;
      if (pages.length >= MAX_PAGES) return { ok: false, error: `search: more than ${MAX_PAGES} composite pages in ${index}` };
      const agg = aggs[composite] as { composite: Record<string, unknown> };
      request = {
        ...body,
        size: 0,
        [aggsKey]: { ...aggs, [composite]: { ...agg, composite: { ...agg.composite, after: result.after_key } } },
      };
    }
    return { ok: true, value: composite === undefined ? { pages } : { pages, composite } };
  } catch (e) {
    return esError(client, e);
  }
}

/** The buckets of `name` across every page (a composite aggregation's rows). */
export function allBuckets(pages: EsSearchPages, name: string): Record<string, unknown>[] {
  return pages.pages.flatMap((p) => ((p.aggregations?.[name] as { buckets?: Record<string, unknown>[] } | undefined)?.buckets ?? []));
}

/** Delete index `name`; a missing index is not an error (`deleted: false`). */
export async function deleteIndex(client: Client, name: string): Promise<EsResult<{ readonly deleted: boolean }>> {
  try {
    await client.indices.delete({ index: name });
    return { ok: true, value: { deleted: true } };
  } catch (e) {
    if (e instanceof errors.ResponseError && e.statusCode === 404) return { ok: true, value: { deleted: false } };
    return esError(client, e);
  }
}

/** One query of `searchMany`: the query and how many hits to return (its `size`). */
export interface ManyQuery {
  readonly query: Record<string, unknown>;
  readonly size: number;
}

/** The answer to one query of `searchMany`: the hits' `_id`s and the total, or Elasticsearch's error for it. */
export type ManyAnswer = { readonly ok: true; readonly ids: readonly string[]; readonly total: number } | { readonly ok: false; readonly error: string };

/**
 * Run many queries on `index` with `_msearch`, `batch` per request (`_source: false`, exact totals). Each answer is
 * that query's hits or its own error (a query Elasticsearch rejects does not fail the others); a request that fails
 * as a whole (no cluster) is an error value.
 */
export async function searchMany(
  client: Client,
  index: string,
  queries: readonly ManyQuery[],
  opts: { readonly batch?: number; readonly concurrency?: number } = {},
): Promise<EsResult<ManyAnswer[]>> {
  const batch = opts.batch ?? 250;
  const out: ManyAnswer[] = new Array<ManyAnswer>(queries.length);
  const starts: number[] = [];
  for (let i = 0; i < queries.length; i += batch) starts.push(i);
  let failure: { ok: false; error: string; status?: number } | undefined;
  const one = async (start: number): Promise<void> => {
    const part = queries.slice(start, start + batch);
    const searches = part.flatMap((q) => [{ index }, { query: q.query, size: q.size, _source: false, track_total_hits: true }]);
    try {
      const r = await client.msearch({ searches } as estypes.MsearchRequest);
      r.responses.forEach((item, k) => {
        if ('error' in item) out[start + k] = { ok: false, error: reason(item) };
        else {
          const total = item.hits.total;
          out[start + k] = {
            ok: true,
            ids: item.hits.hits.map((h) => String(h._id)),
            total: typeof total === 'number' ? total : (total?.value ?? item.hits.hits.length),
          };
        }
      });
    } catch (e) {
      failure ??= esError(client, e);
    }
  };
  const lanes = Math.max(1, opts.concurrency ?? 2);
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < starts.length && !failure) await one(starts[next++]!);
    }),
  );
  return failure ?? { ok: true, value: out };
}
