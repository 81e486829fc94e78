// Package assess turns a proposed research collaboration and the facts
// gathered about it (screening hits for its parties, the technology areas
// its text is about) into an Assessment: findings with their evidence, a
// risk level, an outcome and the mitigations it requires.
//
// The policy that does this is data: an embedded default YAML policy,
// versioned and overridable per tenant, whose rules are conditions over
// named facts. The package is pure: it parses bytes it is given, reads no
// clock and no files, and the same collaboration, facts, policy and
// versions always give the same assessment, byte for byte. Screening,
// classification and storage are the callers' job.
package assess
