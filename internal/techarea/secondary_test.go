package techarea

import (
	"strings"
	"testing"
)

// TestSecondaryRatio checks that an incidental sensitive area stays a
// candidate with a reason, while two areas with comparable evidence are both
// assigned.
func TestSecondaryRatio(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		name      string
		doc       Document
		want      []string // assigned areas
		demoted   string   // area expected among candidates with a reason
		notWanted string
	}{
		{
			name: "incidental hardware in a quantum paper",
			doc: Document{Title: "Quantum error correction with superconducting qubits",
				Abstract: "We run a surface code on superconducting qubits and measure logical error rates with quantum error correction; entanglement and coherence time limit the gate fidelity. The control electronics use an FPGA."},
			want: []string{"quantum"}, demoted: "computing_hardware", notWanted: "computing_hardware",
		},
		{
			name: "balanced quantum and cryptography",
			doc: Document{Title: "Post-quantum cryptography and quantum key distribution for hybrid key exchange",
				Abstract: "We combine lattice-based encryption with quantum key distribution over a quantum network, analyse the security proof and the qubit error rate, and benchmark the key exchange."},
			want: []string{"cryptography_cyber", "quantum"},
		},
		{
			name: "machine learning as a tool of a proof system",
			doc: Document{Title: "Verifiable machine learning with zero-knowledge proofs",
				Abstract: "A server proves that a prediction came from a committed neural network without revealing the weights. Our zero-knowledge proof system handles the inference of a deep neural network with lookup arguments, and the verifier checks the machine learning output in milliseconds."},
			want: []string{"cryptography_cyber"}, demoted: "artificial_intelligence", notWanted: "artificial_intelligence",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Classify(tc.doc)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for _, l := range res.Areas {
				got[l.ID] = true
				if l.Reason != "" {
					t.Errorf("assigned %s has a reason %q", l.ID, l.Reason)
				}
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("areas = %s, want %s among them", labelIDs(res.Areas), w)
				}
			}
			if tc.notWanted != "" && got[tc.notWanted] {
				t.Errorf("areas = %s, did not want %s", labelIDs(res.Areas), tc.notWanted)
			}
			if tc.demoted != "" {
				found := false
				for _, l := range res.Candidates {
					if l.ID == tc.demoted {
						found = true
						if !strings.HasPrefix(l.Reason, "secondary:") {
							t.Errorf("candidate %s reason = %q, want a secondary explanation", l.ID, l.Reason)
						}
					}
				}
				if !found {
					t.Errorf("%s not among candidates %s", tc.demoted, labelIDs(res.Candidates))
				}
			}
		})
	}
}
