import type { DB } from '../db/connect.js';
import { ndjsonPage, pageEnds, type NdjsonPage, type NdjsonShape } from '../db/conversations-ndjson.js';
import type { Cursor } from './cursor.js';
import type { ListCriteria } from './list-params.js';

/** Rows per page, pages read at once, and pages whose ends one walk finds. */
export const PAGING = { page: 4000, ahead: 2, walk: 4 };

interface Issued {
  page: Promise<NdjsonPage>;
  /** the limit of a page read without a known end (the tail), else null */
  limit: number | null;
}

/**
 * The NDJSON export's pages, in list order, as text. Postgres prints the lines
 * (conversations-ndjson.ts), so reading is the cost: a walk finds where the next pages end,
 * and `ahead` pages are read at once, each a keyset range on its own connection, while Node
 * sends the previous one. Ranges split the keyset between them, so a row is never sent twice,
 * and at most `ahead` + 1 pages are held, however many rows match. (Tests make pages small.)
 *
 * With a metric filter or a text search, pages are read one after another instead, each the
 * first `page` matches after the last (the list's own query): the walk would evaluate the
 * filter a second time, and a range read without a row limit lets the planner hash every
 * matching metric value of the project instead of probing the range's conversations (a tenth
 * of the speed, bench/conversations.ts).
 */
export function ndjsonPages(db: DB, projectId: string, criteria: ListCriteria, start: Cursor | null, maxRows: number, shape: NdjsonShape, paging = PAGING) {
  const { page: PAGE, ahead: AHEAD } = paging;
  const WALK = criteria.metricFilters.length || criteria.text ? 0 : paging.walk;
  let from = start; // where the next page to read starts
  let planned = 0; // rows of the pages read so far, as the walk counted them
  let ends: Cursor[] = [];
  let walkedOut = false; // the last walk found fewer pages than it looked for: the rest is the tail
  let issuing = true;
  let sent = 0;
  const inFlight: Issued[] = [];
  let failure: unknown = null;
  let pumping: Promise<void> | null = null;

  const issue = (range: { after: Cursor | null; until: Cursor | null; limit: number | null }) => {
    const page = ndjsonPage(db, projectId, criteria, range, shape);
    page.catch(() => undefined); // awaited (and reported) by next(); never an unhandled rejection meanwhile
    inFlight.push({ page, limit: range.limit });
  };

  async function refill() {
    while (issuing && inFlight.length < AHEAD) {
      if (!ends.length && !walkedOut) {
        ends = WALK ? await pageEnds(db, projectId, criteria, from, PAGE, WALK) : [];
        walkedOut = !WALK || ends.length < WALK;
        if (!issuing) return; // cancelled during the walk
      }
      const until = ends.shift();
      if (until && planned < maxRows) {
        issue({ after: from, until, limit: null });
        from = until;
        planned += PAGE;
      } else {
        issue({ after: from, until: null, limit: Math.min(PAGE, maxRows - planned) });
        issuing = false;
      }
      if (planned >= maxRows) issuing = false;
    }
  }

  const pump = () => {
    pumping ??= refill()
      .catch((e: unknown) => {
        failure = e;
      })
      .finally(() => {
        pumping = null;
      });
    return pumping;
  };

  return {
    /** The next page's lines, each ending in a newline ('' for an empty page); null at the end. */
    async next(): Promise<string | null> {
      while (!inFlight.length && sent < maxRows) {
        if (failure) throw failure;
        if (!issuing) return null;
        await pump();
      }
      if (failure) throw failure;
      const issued = inFlight.shift();
      if (!issued || sent >= maxRows) return null;
      void pump();
      const page = await issued.page;
      // a last page that came back full (rows arrived behind the walk, or there is no walk):
      // read on from its last row, while this one is sent
      if (issued.limit !== null && page.rows === issued.limit && page.last && sent + page.rows < maxRows) {
        issue({ after: page.last, until: null, limit: Math.min(PAGE, maxRows - sent - page.rows) });
      }
      if (!page.rows) return '';
      let text = `${page.text}\n`;
      const left = maxRows - sent;
      if (page.rows > left) {
        // a range holds rows added after the walk: send no more than max_rows
        let cut = -1;
        for (let i = 0; i < left; i++) cut = text.indexOf('\n', cut + 1);
        text = text.slice(0, cut + 1);
      }
      sent += Math.min(page.rows, left);
      return text;
    },
    cancel() {
      issuing = false;
      inFlight.length = 0; // reads in flight finish unobserved
    },
  };
}
