package assess

import "testing"

// TestReopenOnNewHitParameter: the default policy reopens cases on a new
// hit, and a tenant override can turn that off (or leave it unchanged).
func TestReopenOnNewHitParameter(t *testing.T) {
	def, err := DefaultPolicy()
	if err != nil {
		t.Fatal(err)
	}
	if !def.Parameters.ReopenOnNewHit {
		t.Fatal("the default policy does not reopen cases on a new hit")
	}
	for _, tc := range []struct {
		name, src string
		want      bool
	}{
		{"off", "version: t1\nparameters:\n  reopen_on_new_hit: false\n", false},
		{"unchanged", "version: t2\nparameters:\n  review_floor: 0.7\n", true},
	} {
		p, err := def.WithOverride(tc.name+".yaml", []byte(tc.src))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if p.Parameters.ReopenOnNewHit != tc.want {
			t.Errorf("%s: reopen_on_new_hit = %v, want %v", tc.name, p.Parameters.ReopenOnNewHit, tc.want)
		}
	}
	if _, err := def.WithOverride("bad.yaml", []byte("version: t3\nparameters:\n  reopen_on_new_hit: sometimes\n")); err == nil {
		t.Error("a non-boolean reopen_on_new_hit was accepted")
	}
}
