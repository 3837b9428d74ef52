import type { FastifyInstance } from "fastify";
import { langOf } from "../lang.js";
import { loadComments, loadIncident } from "../persist.js";
import { stageReportHtml } from "../report-html.js";
import { exportBundle, planSubmission, submitToHub, updateIncident } from "../service.js";
import type { Attachment } from "../types.js";
import { callerActor, requestLocale } from "./request.js";
import {
  ATTACH_BODY,
  ATTACHMENT,
  BUNDLE,
  COMMENT,
  COMMENT_BODY,
  ERRORS,
  ID_PARAMS,
  LANG,
  REPORT_PARAMS,
  SUBMISSION,
  SUBMIT_BODY,
} from "./schemas.js";

/**
 * /api/v1/incidents/:id/… — what happens to an incident after it is reported: comments (STIX
 * notes under the incident's TLP), files attached by SHA-256, submissions to the national hub
 * (with anonymization and a preview that sends nothing), the STIX bundle as stored, and the
 * printable report of each stage of its regime.
 */

const COMMENTS = {
  type: "object",
  properties: { comments: { type: "array", items: COMMENT } },
} as const;
const ATTACHMENTS = {
  type: "object",
  properties: { attachments: { type: "array", items: ATTACHMENT } },
} as const;
const LANG_QUERY = { type: "object", additionalProperties: false, properties: { lang: LANG } } as const;

type Id = { Params: { id: string } };

/** Registers comments, attachments, submissions, bundle and stage reports. */
export async function registerActivityRoutes(app: FastifyInstance): Promise<void> {
  const { store, now, hub } = app.incidentsApi;

  app.get<Id>(
    "/:id/comments",
    { schema: { params: ID_PARAMS, response: { 200: COMMENTS, ...ERRORS } } },
    async (request) => {
      const who = callerActor(request);
      const { record } = await loadIncident(store, who.read, request.params.id);
      return { comments: await loadComments(store, who.read, record) };
    },
  );

  app.post<Id & { Body: { text: string } }>(
    "/:id/comments",
    { schema: { params: ID_PARAMS, body: COMMENT_BODY, response: { 201: COMMENT, ...ERRORS } } },
    async (request, reply) => {
      const who = callerActor(request);
      const record = await updateIncident(store, who, request.params.id, { comment: request.body.text }, now());
      const id = record.commentRefs.at(-1) as string;
      return reply.code(201).send({ id, created: record.modified, author: who.name, text: request.body.text.trim() });
    },
  );

  app.get<Id>(
    "/:id/attachments",
    { schema: { params: ID_PARAMS, response: { 200: ATTACHMENTS, ...ERRORS } } },
    async (request) => {
      const { record } = await loadIncident(store, callerActor(request).read, request.params.id);
      return { attachments: record.attachments };
    },
  );

  app.post<Id & { Body: { files: Omit<Attachment, "added">[] } }>(
    "/:id/attachments",
    { schema: { params: ID_PARAMS, body: ATTACH_BODY, response: { 201: ATTACHMENTS, ...ERRORS } } },
    async (request, reply) => {
      const files = request.body.files.map((f) => ({ ...f, sha256: f.sha256.toLowerCase() }));
      const record = await updateIncident(store, callerActor(request), request.params.id, { attach: files }, now());
      return reply.code(201).send({ attachments: record.attachments });
    },
  );

  app.post<Id & { Body: { stage?: string; anonymize?: boolean; preview?: boolean } }>(
    "/:id/submissions",
    { schema: { params: ID_PARAMS, body: SUBMIT_BODY, response: { 200: SUBMISSION, 201: SUBMISSION, ...ERRORS } } },
    async (request, reply) => {
      const who = callerActor(request);
      const { stage, anonymize = false, preview = false } = request.body;
      const plan = await planSubmission(store, who, request.params.id, { stage, to: hub, anonymize }, now());
      if (!preview) await submitToHub(store, who, plan, hub);
      return reply.code(preview ? 200 : 201).send({
        stage: plan.stage,
        to: hub,
        anonymized: anonymize,
        sent: !preview,
        objects: plan.objects,
        redactions: plan.redactions,
      });
    },
  );

  app.get<Id>(
    "/:id/bundle",
    { schema: { params: ID_PARAMS, response: { 200: BUNDLE, ...ERRORS } } },
    async (request, reply) => {
      // The stored texts byte for byte: `centinela import` takes the bundle back unchanged.
      const text = await exportBundle(store, callerActor(request), request.params.id);
      return reply.type("application/stix+json;version=2.1").send(text);
    },
  );

  app.get<{ Params: { id: string; stage: string }; Querystring: { lang?: string } }>(
    "/:id/reports/:stage",
    {
      schema: {
        params: REPORT_PARAMS,
        querystring: LANG_QUERY,
        response: { 200: { type: "string", description: "a printable HTML page" }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { record } = await loadIncident(store, callerActor(request).read, request.params.id);
      const html = stageReportHtml(record, request.params.stage, langOf(requestLocale(request)), now());
      return reply.type("text/html; charset=utf-8").send(html);
    },
  );
}
