import fastifyMultipart from '@fastify/multipart';
import { IdParams, NewsComment, NewsCommentInput, NewsCommentList, NewsCommentModeration, NewsInput, NewsItem, NewsList, NewsListQuery, NewsTargetList, NewsTransition } from '@preau/contracts';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.ts';
import { actorOf } from '../../platform/http/session-hook.ts';
import type { Platform } from '../../platform/platform.ts';
import { downloadHeaders } from '../../platform/storage/uploads.ts';
import * as news from './news.service.ts';

const tags = ['actualites'];

/** Routes of the actualités, under /api/v1. */
export function newsRoutes(platform: Platform): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    await app.register(fastifyMultipart, { limits: { fileSize: news.MAX_IMAGE_BYTES, files: 1, fields: 0, parts: 1 } });

    app.get('/news', { schema: { tags, summary: 'A box of news: published (what the caller reads, newest first), mine, pending (to validate)', querystring: NewsListQuery, response: { 200: NewsList } } }, async (request) =>
      news.listNews(platform, actorOf(request), request.query),
    );
    app.get('/news/targets', { schema: { tags, summary: 'Where the caller may post news', response: { 200: NewsTargetList } } }, async (request) =>
      news.listNewsTargets(platform, actorOf(request)),
    );
    app.post('/news', { schema: { tags, summary: 'Write a draft', body: NewsInput, response: { 201: NewsItem } } }, async (request, reply) =>
      reply.status(201).send(await news.createNews(platform, actorOf(request), request.body)),
    );
    app.get('/news/:id', { schema: { tags, params: IdParams, response: { 200: NewsItem } } }, async (request) =>
      news.getNewsItem(platform, actorOf(request), request.params.id),
    );
    app.put('/news/:id', { schema: { tags, params: IdParams, body: NewsInput, response: { 200: NewsItem } } }, async (request) =>
      news.updateNewsItem(platform, actorOf(request), request.params.id, request.body),
    );
    app.post(
      '/news/:id/transitions',
      { schema: { tags, summary: 'Submit, withdraw, publish or unpublish', params: IdParams, body: NewsTransition, response: { 200: NewsItem } } },
      async (request) => news.transitionNews(platform, actorOf(request), request.params.id, request.body),
    );
    app.delete('/news/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
      await news.deleteNewsItem(platform, actorOf(request), request.params.id);
      return reply.status(204).send();
    });
    app.post(
      '/news/:id/images',
      { schema: { tags, summary: 'Add a picture (multipart/form-data, one JPEG, PNG, GIF or WebP file, 5 MB at most)', params: IdParams, response: { 201: NewsItem } } },
      async (request, reply) => {
        if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        const file = await request.file();
        if (!file) throw new AppError('VALIDATION_FAILED', { fields: { file: 'required' } });
        return reply.status(201).send(await news.addNewsImage(platform, actorOf(request), request.params.id, file));
      },
    );
    app.get('/news/:id/comments', { schema: { tags, summary: 'Comments of an item (hidden ones too for its publishers)', params: IdParams, response: { 200: NewsCommentList } } }, async (request) =>
      news.listComments(platform, actorOf(request), request.params.id),
    );
    app.post('/news/:id/comments', { schema: { tags, summary: 'Comment a published item whose comments are open', params: IdParams, body: NewsCommentInput, response: { 201: NewsComment } } }, async (request, reply) =>
      reply.status(201).send(await news.addComment(platform, actorOf(request), request.params.id, request.body)),
    );
    app.put('/news/comments/:id/moderation', { schema: { tags, summary: 'Hide or show again a comment (publishers)', params: IdParams, body: NewsCommentModeration } }, async (request, reply) => {
      await news.moderateComment(platform, actorOf(request), request.params.id, request.body.hidden);
      return reply.status(204).send();
    });
    app.delete('/news/comments/:id', { schema: { tags, summary: 'Delete a comment (its writer or a publisher)', params: IdParams } }, async (request, reply) => {
      await news.deleteComment(platform, actorOf(request), request.params.id);
      return reply.status(204).send();
    });
    app.get('/news/images/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
      const image = await news.openNewsImage(platform, actorOf(request), request.params.id);
      return reply.headers(downloadHeaders(image)).send(image.stream);
    });
  };
}
