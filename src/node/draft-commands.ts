/**
 * The drafting commands: each checks its (already validated) arguments against the document as
 * it stands through the core's treaty operations, changes it in one transaction, and leaves the
 * sealing and storing to the session's attachment. Ids not given are made here: short, random,
 * prefixed by what they name.
 */
import { randomBytes } from 'node:crypto';
import { addAlternative, bracketSpan, resolveBracket } from '../core/draft/brackets.js';
import { addComment } from '../core/draft/comments.js';
import { renderCanonical, textHash } from '../core/draft/canonical.js';
import { attribute } from '../core/draft/attribution.js';
import { findParagraph } from '../core/draft/schema.js';
import { addArticle, addParagraph, deleteText, insertText, setParagraphStatus } from '../core/draft/treaty-ops.js';
import { readTreaty } from '../core/draft/view.js';
import { toHex } from '../core/bytes.js';
import { ok } from '../core/result.js';
import { apiError, apiOk, type ArgsOf, type ResultOf } from './api.js';
import type { ApiResult } from './api-types.js';
import type { NegotiationSession } from './negotiation-session.js';
import { treatyView } from './node-views.js';

export const newId = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

type DraftCommand =
  | 'draft.read'
  | 'draft.canonical'
  | 'draft.addArticle'
  | 'draft.addParagraph'
  | 'draft.insertText'
  | 'draft.deleteText'
  | 'draft.setParagraphStatus'
  | 'draft.bracketSpan'
  | 'draft.addAlternative'
  | 'draft.resolveBracket'
  | 'draft.addComment'
  | 'attribution.paragraph';

type Handlers = { [N in DraftCommand]: (session: NegotiationSession, args: ArgsOf<N>) => ApiResult<ResultOf<N>> };

export const draftCommands: Handlers = {
  'draft.read': (session) => apiOk(treatyView(readTreaty(session.draft.doc))),

  'draft.canonical': (session) => {
    const text = renderCanonical(session.draft.doc);
    return apiOk({ text, textHash: toHex(textHash(text)) });
  },

  'draft.addArticle': (session, args) => {
    const id = args.id ?? newId('art');
    return session.edit((doc) => {
      const done = addArticle(doc, { id, ...(args.heading !== undefined && { heading: args.heading }), ...(args.index !== undefined && { index: args.index }) });
      return done.ok ? ok({ id }) : done;
    });
  },

  'draft.addParagraph': (session, args) => {
    const id = args.id ?? newId('par');
    return session.edit((doc) => {
      const done = addParagraph(doc, {
        id,
        in: args.in,
        ...(args.index !== undefined && { index: args.index }),
        ...(args.text !== undefined && { text: args.text }),
      });
      return done.ok ? ok({ id }) : done;
    });
  },

  'draft.insertText': (session, args) =>
    session.edit((doc) => {
      const done = insertText(doc, args.target, args.index, args.text);
      return done.ok ? ok(null) : done;
    }),

  'draft.deleteText': (session, args) =>
    session.edit((doc) => {
      const done = deleteText(doc, args.target, args.index, args.length);
      return done.ok ? ok(null) : done;
    }),

  'draft.setParagraphStatus': (session, args) =>
    session.edit((doc) => {
      const done = setParagraphStatus(doc, args.paragraphId, args.status);
      return done.ok ? ok(null) : done;
    }),

  'draft.bracketSpan': (session, args) => {
    const id = args.id ?? newId('br');
    return session.edit((doc) => {
      const done = bracketSpan(doc, args.paragraphId, args.index, args.length, id, session.self);
      return done.ok ? ok({ id }) : done;
    });
  },

  'draft.addAlternative': (session, args) => {
    const id = args.id ?? newId('alt');
    return session.edit((doc) => {
      const done = addAlternative(doc, args.bracketId, args.text, session.self, id);
      return done.ok ? ok({ id }) : done;
    });
  },

  'draft.resolveBracket': (session, args) =>
    session.edit((doc) => {
      const done = resolveBracket(doc, args.bracketId, args.keep);
      return done.ok ? ok(null) : done;
    }),

  'draft.addComment': (session, args) => {
    const id = args.id ?? newId('com');
    return session.edit((doc) => {
      const done = addComment(doc, {
        id,
        author: session.self,
        body: args.body,
        paragraphId: args.paragraphId,
        index: args.index,
        length: args.length,
        createdAt: session.now(),
      });
      return done.ok ? ok({ id }) : done;
    });
  },

  'attribution.paragraph': (session, args) => {
    const paragraph = findParagraph(session.draft.doc, args.paragraphId);
    if (paragraph === undefined) return apiError('unknown-paragraph', `no paragraph ${args.paragraphId}`);
    const text = paragraph.text.toString();
    const runs = attribute(session.draft.doc, paragraph.text, session.draft.bindings()).map((run) => ({
      from: run.from,
      to: run.to,
      text: text.slice(run.from, run.to),
      party: session.names.ref(run.party),
    }));
    return apiOk({ paragraphId: args.paragraphId, text, runs });
  },
};
