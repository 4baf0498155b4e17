export { createGateway, type GatewayContext, type GatewayOptions } from './server.ts';
export { createTokenVerifier, issueDevToken, DEV_ISSUER } from './auth.ts';
export { measure } from './limits.ts';
