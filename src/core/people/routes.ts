import { Type } from 'typebox';
import type { App } from '../../server/manifest.js';
import type { AppContext } from '../context.js';
import { IdParams, Paged, problemResponses } from '../schemas.js';
import {
  HouseholdCreateBody, PartyOrg, PartyOrgCreateBody, PersonCreateBody, PersonDetail, PersonQuery, PersonSummary, PersonUpdateBody,
  RevealBody, Room, RoomCreateBody,
} from './schemas.js';
import { peopleService } from './service.js';

const tags = ['people'];

/** People and places: residents, rooms, households, party organisations. */
export function peopleRoutes(app: App, ctx: AppContext): void {
  const people = peopleService(ctx);

  app.get('/api/people', { schema: { tags, summary: 'Search people in your scope (identifiers masked)', querystring: PersonQuery, response: { 200: Paged(PersonSummary), ...problemResponses } } }, (req) =>
    people.search(req.actor, req.query),
  );
  app.get('/api/people/:id', { schema: { tags, summary: 'One person with household and responsibilities', params: IdParams, response: { 200: PersonDetail, ...problemResponses } } }, (req) =>
    people.get(req.actor, req.params.id),
  );
  app.post('/api/people', { schema: { tags, summary: 'Register a person (identity number and phone validated, encrypted)', body: PersonCreateBody, response: { 201: PersonDetail, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.create(req.actor, req.body)),
  );
  app.patch('/api/people/:id', { schema: { tags, summary: 'Update a person', params: IdParams, body: PersonUpdateBody, response: { 200: PersonDetail, ...problemResponses } } }, (req) =>
    people.update(req.actor, req.params.id, req.body),
  );
  app.post('/api/people/:id/reveal', { schema: { tags, summary: 'Show one full identifier (audited)', params: IdParams, body: RevealBody, response: { 200: Type.Object({ value: Type.String() }), ...problemResponses } } }, (req) =>
    people.reveal(req.actor, req.params.id, req.body.field),
  );
  app.get('/api/grids/:id/rooms', { schema: { tags, summary: 'Rooms under a grid with households and residents', params: IdParams, response: { 200: Type.Object({ items: Type.Array(Room) }), ...problemResponses } } }, (req) =>
    people.rooms(req.actor, req.params.id),
  );
  app.post('/api/rooms', { schema: { tags, summary: 'Add a room to a stairwell', body: RoomCreateBody, response: { 201: Room, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.createRoom(req.actor, req.body)),
  );
  app.post('/api/households', { schema: { tags, summary: 'Add a household to a room', body: HouseholdCreateBody, response: { 201: Type.Object({ id: Type.String(), roomId: Type.String() }), ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.createHousehold(req.actor, req.body)),
  );
  app.get('/api/party-orgs', { schema: { tags, summary: 'Party organisations in your scope', querystring: Type.Object({ grid: Type.Optional(Type.String()) }), response: { 200: Type.Object({ items: Type.Array(PartyOrg) }), ...problemResponses } } }, (req) =>
    people.partyOrgs(req.actor, req.query.grid),
  );
  app.post('/api/party-orgs', { schema: { tags, summary: 'Create a party organisation on a grid', body: PartyOrgCreateBody, response: { 201: PartyOrg, ...problemResponses } } }, async (req, reply) =>
    reply.status(201).send(await people.createPartyOrg(req.actor, req.body)),
  );
}
