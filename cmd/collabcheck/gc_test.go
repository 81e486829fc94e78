package main

import (
	"runtime/debug"
	"testing"
)

func TestSetGCPercent(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)
	for _, tc := range []struct {
		gogc string
		p    int
		want int
	}{
		{"", 200, 200},   // no GOGC: the command's target
		{"", 0, 100},     // 0 keeps Go's default
		{"50", 200, 100}, // GOGC chose; (the runtime read it at start-up)
	} {
		t.Setenv("GOGC", tc.gogc)
		debug.SetGCPercent(100)
		setGCPercent(tc.p)
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("GOGC=%q setGCPercent(%d): target %d, want %d", tc.gogc, tc.p, got, tc.want)
		}
	}
}
