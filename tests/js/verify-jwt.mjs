// Verifies a JWT with jose, an implementation independent of the one that signed it.
// Usage: node verify-jwt.mjs <jwks-file> <jwt-file> <issuer> <audience>
// Prints {"valid": true, "header": {...}, "payload": {...}} or {"valid": false, "error": "..."}.
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';

const [jwksFile, jwtFile, issuer, audience] = process.argv.slice(2);
const keys = createLocalJWKSet(JSON.parse(readFileSync(jwksFile, 'utf8')));
const jwt = readFileSync(jwtFile, 'utf8').trim();
try {
  const { payload, protectedHeader } = await jwtVerify(jwt, keys, { issuer, audience, algorithms: ['RS256'] });
  console.log(JSON.stringify({ valid: true, header: protectedHeader, payload }));
} catch (error) {
  console.log(JSON.stringify({ valid: false, error: `${error.code ?? error.name}: ${error.message}` }));
}
