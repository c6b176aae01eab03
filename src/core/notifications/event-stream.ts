import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Turns a reply into a Server-Sent Events stream: takes it over from Fastify, writes the headers
 * and the retry hint, keeps it alive with a heartbeat comment, and on close (either side) ends it,
 * stops the heartbeat, forgets it in `streams` (ended at shutdown) and calls `onClose`.
 */
export function openEventStream(reply: FastifyReply, streams: Set<ServerResponse>, onClose: () => void, heartbeatMs = 15_000): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  // `connection: close`: when the server ends a stream (shutdown), the socket goes too instead of idling until the client drops it.
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'close', 'x-accel-buffering': 'no' });
  res.write('retry: 3000\n: connected\n\n');
  streams.add(res);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  const finish = () => {
    if (!res.writableEnded) res.end();
    clearInterval(heartbeat);
    streams.delete(res);
    onClose();
  };
  reply.request.raw.on('close', finish);
  res.on('close', finish);
  return res;
}
