package main

import (
	"os"
	"runtime/debug"
)

// defaultGCPercent is the Go garbage-collector target of the commands that
// hold the match indexes for long or resolve in bulk (serve, jobs work,
// resolve, eval resolve, portfolio import and bench) unless GOGC is set.
// The indexes are a large, long-lived heap that every collection marks
// again; collecting half as often as Go's default (100) buys throughput
// (about 5% on bulk affiliation resolution) for more memory.
const defaultGCPercent = 200

// setGCPercent sets the collector's target to p unless the GOGC
// environment variable chose one, or p is 0 (Go's default kept).
func setGCPercent(p int) {
	if os.Getenv("GOGC") == "" && p > 0 {
		debug.SetGCPercent(p)
	}
}
