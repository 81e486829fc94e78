package web

import _ "embed"

// openapiJSON is the OpenAPI 3.1 document describing this API, served at
// /api/v1/openapi.json. Tests check it against the route table and the
// handlers' answers, so it stays true.
//
//go:embed openapi.json
var openapiJSON []byte
