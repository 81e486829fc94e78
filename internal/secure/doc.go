// Package secure gives companies a self-service path to economic
// security: the secure-innovation self-review and the economic-security
// triage of a deal or product.
//
// The self-review is a versioned questionnaire embedded as YAML
// (questionnaire.yaml), organised by the five secure-innovation principles
// that the UK's NPSA and NCSC publish for emerging technology companies:
// know the threats; secure the business environment; secure products and
// IP; secure partnerships and the supply chain; secure growth (investment,
// export and expansion). The wording is collabcheck's own. Each question
// has help text, a weight and the action a poor answer implies (reason,
// effort, priority, guidance). The file is validated at load with every
// problem and its line. An answer set names the questionnaire version it
// answers; ParseAnswers rejects one that does not fit (wrong version,
// unknown question, invalid answer, missing required answers) with every
// reason. Score gives the maturity per principle (the weighted mean of the
// applicable answers, 0-100, and a level), and the action plan ranked by
// priority × weight × gap; Compare adds the progress since a previous
// review.
//
// The triage (ParseDeal, RunTriage) takes a deal — company, product
// description, deal type, export destinations, counterparties with
// countries, dates of birth, stakes and rights — and facts gathered by the
// edge package internal/triaging (the technology's sensitive areas with the
// official lists that name them, export-control hints, and each named
// party's screening candidates with their ownership paths). It flags a
// possibly notifiable acquisition when an investor or acquirer crosses a
// threshold in a company active in an investment-screening area (the
// thresholds are policy data, triage_policy.yaml), rights that may give
// material influence, export-control categories, list hits and ownership
// hits with their path, and keeps a person matched by name alone (no
// agreeing country or date of birth) as a weak match for a human to review.
// It ends with next steps and when to seek official advice, each with
// public guidance.
//
// The package is pure: no I/O beyond the bytes it is given, no clock, and
// the same input always gives the same output. Its findings are prompts to
// check, never legal conclusions.
package secure
