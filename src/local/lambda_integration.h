// `integration: lambda` (API Gateway's non-proxy AWS integration) as
// serverless-offline runs it: the event made by the Serverless default request
// template (body, method, principalId, stage, cognitoPoolClaims,
// enhancedAuthContext, headers, query, path, identity, stageVariables,
// requestPath) and the answer chosen among response.statusCodes as API Gateway
// chooses it (a result takes the default code; an error's errorMessage is
// matched against each selection pattern, no match giving the default code),
// the body passed through as JSON. Custom VTL templates (request.template,
// response.template) are not rendered: the default ones are used.
#pragma once
#include <string>

#include "local/function_pool.h"
#include "local/http_server.h"
#include "util/json.h"

namespace sls::local {

// From the proxy event API Gateway would build for the same request (after the
// authorizer has put its answer in requestContext.authorizer).
Json lambda_integration_event(const Json& proxy_event);

// `response` is the event's normalized response block ({statusCodes: {...}, headers}).
HttpResponse lambda_integration_response(const InvokeResult& r, const Json& response, int timeout_seconds);

}  // namespace sls::local
