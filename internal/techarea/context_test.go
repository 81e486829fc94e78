package techarea

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestContextDamping checks that the vocabulary of a sensitive area used in
// another discipline does not make the text sensitive, while research on the
// technology keeps its label even when it borrows that discipline's register
// (a security proof, a cost model).
func TestContextDamping(t *testing.T) {
	c := mustDefault(t)
	tests := []struct {
		name        string
		doc         Document
		wantAreas   []string // must be assigned
		noAreas     []string // must not be assigned
		wantFields  []string // must be assigned
		wantContext string   // applied context id, "" for none
	}{
		{
			name: "labour economics of industrial robots",
			doc: Document{Title: "Industrial robots and the wages of production workers",
				Abstract: "We estimate how exposure to industrial robots affected wages and employment in 700 commuting zones using a shift-share instrumental variable. An additional robot per thousand workers lowers wages by 0.4 percent; the labour market effects are concentrated in manufacturing and among workers without a degree."},
			noAreas: []string{"robotics_autonomy"}, wantContext: "economics_finance",
		},
		{
			name: "robot grasping research keeps its label",
			doc: Document{Title: "Grasp planning for a two-finger gripper on cluttered shelves",
				Abstract: "We design a grasp planner for a robot manipulator that picks items from cluttered warehouse shelves, trained in simulation and tested on hardware. The prototype reaches a 94 percent pick success rate and lowers the cost per pick compared with a suction baseline."},
			wantAreas: []string{"robotics_autonomy"},
		},
		{
			name: "legal analysis of encryption",
			doc: Document{Title: "Encryption backdoors before the courts",
				Abstract: "This article examines how courts in three jurisdictions have treated statutory demands that providers weaken end-to-end encryption. It argues that the legal doctrine of proportionality and human rights law constrain such powers, and traces the legislation through parliament."},
			noAreas: []string{"cryptography_cyber"}, wantContext: "law_policy_society",
		},
		{
			name: "a security proof stays cryptography",
			doc: Document{Title: "A tight security proof for a lattice-based signature scheme",
				Abstract: "We prove that the signature scheme is unforgeable under chosen-message attacks with a tight reduction to the module learning with errors problem. The theorem holds in the quantum random oracle model and gives concrete parameters at the 128-bit security level."},
			wantAreas: []string{"cryptography_cyber"},
		},
		{
			name: "holography uses quantum-information words",
			doc: Document{Title: "Entanglement islands in a two-dimensional black hole",
				Abstract: "We compute the entanglement entropy of Hawking radiation in Jackiw-Teitelboim gravity coupled to a conformal field theory, using quantum extremal surfaces in anti-de Sitter space. The resulting Page curve agrees with unitarity, and the island saddle of the gravitational path integral dominates after the Page time."},
			noAreas: []string{"quantum"}, wantContext: "theoretical_physics",
		},
		{
			name: "a qubit experiment stays quantum",
			doc: Document{Title: "Two-qubit gates with 99.8 percent fidelity on a superconducting processor",
				Abstract: "We demonstrate a controlled-phase gate between transmon qubits with a fidelity of 99.8 percent measured by interleaved randomized benchmarking, and characterise leakage and coherence times on a 20-qubit device."},
			wantAreas: []string{"quantum"},
		},
		{
			name: "history of radar",
			doc: Document{Title: "Radar, secrecy and the postwar university",
				Abstract: "Drawing on archives and oral histories, this chapter follows the physicists who built radar in wartime laboratories and traces how their networks shaped postwar appointments. It argues that the history of radar is a history of institutions as much as of devices."},
			noAreas: []string{"sensing_surveillance"}, wantContext: "humanities",
		},
		{
			name: "animal-borne sensors in ecology",
			doc: Document{Title: "Accelerometers reveal foraging effort of breeding seabirds",
				Abstract: "We attached accelerometers and GPS loggers to 80 breeding seabirds and classified foraging behaviour. Foraging trips lengthened when prey was scarce, and chick rearing raised energy costs; populations at colonies with poor prey declined."},
			noAreas: []string{"sensing_surveillance"}, wantContext: "ecology_behaviour",
		},
		{
			name: "an opportunity field is never damped",
			doc: Document{Title: "Cost-effectiveness of a childhood vaccination programme",
				Abstract: "Using a household survey and hospital records, we estimate the cost-effectiveness of a rotavirus vaccine programme. Welfare effects are large: the programme averts 30,000 hospital admissions per year at a cost of 200 dollars per disability-adjusted life year, with lower costs for poor households and lower inflation-adjusted prices after procurement reform."},
			wantFields: []string{"health"}, wantContext: "economics_finance",
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
			}
			for _, id := range tc.wantAreas {
				if !got[id] {
					t.Errorf("areas = [%s], want %s", labelIDs(res.Areas), id)
				}
			}
			for _, id := range tc.noAreas {
				if got[id] {
					t.Errorf("areas = [%s], did not want %s", labelIDs(res.Areas), id)
				}
			}
			for _, id := range tc.wantFields {
				if !strings.Contains(","+labelIDs(res.Fields)+",", ","+id+",") {
					t.Errorf("fields = [%s], want %s", labelIDs(res.Fields), id)
				}
			}
			applied := ""
			for _, x := range res.Contexts {
				if x.Applied {
					if applied != "" {
						t.Errorf("two contexts applied: %s and %s", applied, x.ID)
					}
					applied = x.ID
				}
			}
			if applied != tc.wantContext {
				t.Errorf("applied context = %q, want %q (contexts %+v)", applied, tc.wantContext, res.Contexts)
			}
			// A damped area that lost its label says why, and every damped
			// evidence item names the context.
			if tc.wantContext != "" {
				for _, id := range tc.noAreas {
					for _, l := range res.Candidates {
						if l.ID != id {
							continue
						}
						if !strings.HasPrefix(l.Reason, "context: ") || !strings.Contains(l.Reason, res.contextName(applied)) {
							t.Errorf("candidate %s reason = %q, want the context named", l.ID, l.Reason)
						}
						for _, e := range l.Evidence {
							if !strings.Contains(e.Note, "context damped") {
								t.Errorf("candidate %s evidence %q note = %q, want a context note", l.ID, e.Phrase, e.Note)
							}
						}
					}
				}
			}
			for _, group := range [][]Label{res.Fields} {
				for _, l := range group {
					for _, e := range l.Evidence {
						if strings.Contains(e.Note, "context damped") {
							t.Errorf("field %s evidence %q was damped", l.ID, e.Phrase)
						}
					}
				}
			}
			checkEvidenceSums(t, res)
		})
	}
}

// contextName returns the name of the context with the given id, for
// messages.
func (r Result) contextName(id string) string {
	for _, x := range r.Contexts {
		if x.ID == id {
			return x.Name
		}
	}
	return "\x00no such context"
}

// checkEvidenceSums asserts the documented invariant that a label's raw
// score is the sum of its evidence weights, damping included.
func checkEvidenceSums(t *testing.T, res Result) {
	t.Helper()
	for _, group := range [][]Label{res.Areas, res.Fields, res.Candidates} {
		for _, l := range group {
			sum := 0.0
			for _, e := range l.Evidence {
				sum += e.Weight
			}
			if math.Abs(sum-l.Raw) > 0.002 {
				t.Errorf("%s: evidence sums to %.3f, raw is %.3f", l.ID, sum, l.Raw)
			}
		}
	}
	for _, x := range res.Contexts {
		sum := 0.0
		for _, e := range x.Evidence {
			sum += e.Weight
		}
		if math.Abs(sum-x.Raw) > 0.002 {
			t.Errorf("context %s: evidence sums to %.3f, raw is %.3f", x.ID, sum, x.Raw)
		}
	}
}

// TestContextsStayOutOfTheContract checks that contexts, which explain a
// decision, do not change the stable output of classify --json and the API.
func TestContextsStayOutOfTheContract(t *testing.T) {
	c := mustDefault(t)
	res, err := c.Classify(Document{ID: "x1", Title: "Robots and wages in local labour markets",
		Abstract: "Using a shift-share instrumental variable, we estimate the effect of industrial robots on wages and employment across regions; the labour market effects fall on workers in manufacturing."})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Contexts) == 0 {
		t.Fatal("no context found in an economics abstract")
	}
	data, err := json.Marshal(res.Output())
	if err != nil {
		t.Fatal(err)
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		t.Fatal(err)
	}
	for k := range keys {
		switch k {
		case "id", "areas", "fields", "hints":
		default:
			t.Errorf("output has key %q beyond the contract", k)
		}
	}
	for _, k := range []string{"id", "areas", "fields", "hints"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("output lacks key %q", k)
		}
	}
}

// TestDefaultContexts checks the embedded contexts: at least one of each
// effect, every phrase has a note, and every damp context has enough
// vocabulary to be recognised.
func TestDefaultContexts(t *testing.T) {
	tax := mustTaxonomy(t)
	effects := map[ContextEffect]int{}
	for _, x := range tax.Contexts {
		effects[x.Effect]++
		if x.Name == "" || x.Description == "" {
			t.Errorf("context %s needs a name and description", x.ID)
		}
		if len(x.Terms) < 20 {
			t.Errorf("context %s has %d phrases, want at least 20", x.ID, len(x.Terms))
		}
		for _, tm := range x.Terms {
			if tm.Note == "" {
				t.Errorf("context %s phrase %q has no note", x.ID, tm.Phrase)
			}
			if tm.Role == RoleMethod {
				t.Errorf("context %s phrase %q has role method", x.ID, tm.Phrase)
			}
		}
	}
	if effects[EffectDamp] < 5 || effects[EffectSupport] < 1 {
		t.Errorf("contexts by effect = %v, want at least 5 damp and 1 support", effects)
	}
}

// TestContextValidation checks that a malformed context is rejected with
// its file and line, and that an override can add a context.
func TestContextValidation(t *testing.T) {
	base := mustTaxonomy(t)
	bad := []struct {
		name, yaml, want string
	}{
		{"unknown effect", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: boost\n    name: theology\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n", "line 4: context \"theology\": effect \"boost\" must be damp or support"},
		{"missing effect", "version: \"o\"\ncontexts:\n  - id: theology\n    name: theology\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n", "line 3: context \"theology\" needs an effect"},
		{"missing name", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n", "line 3: context \"theology\" needs a name"},
		{"no terms", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    name: theology\n", "line 3: context \"theology\" needs terms"},
		{"method role", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    name: theology\n    terms:\n      - {weight: 2, role: method, note: n, phrases: [scripture]}\n", "context \"theology\": role \"method\" must be core or block"},
		{"negative weight", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    name: theology\n    terms:\n      - {weight: -1, note: n, phrases: [scripture]}\n", "weights must not be negative"},
		{"duplicate id", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    name: a\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n  - id: theology\n    effect: damp\n    name: b\n    terms:\n      - {weight: 2, note: n, phrases: [psalm]}\n", "line 8: context \"theology\" is already defined on line 3"},
		{"bad id", "version: \"o\"\ncontexts:\n  - id: Theology!\n    effect: damp\n    name: a\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n", "line 3: context id \"Theology!\""},
		{"unknown key", "version: \"o\"\ncontexts:\n  - id: theology\n    effect: damp\n    name: a\n    wieght: 3\n    terms:\n      - {weight: 2, note: n, phrases: [scripture]}\n", "line 6: unknown key \"wieght\" in context"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := base.WithOverride("o.yaml", []byte(tc.yaml))
			if err == nil {
				t.Fatal("override accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "o.yaml") {
				t.Errorf("error = %q, want it to name o.yaml and contain %q", err, tc.want)
			}
		})
	}

	// An organisation adds a discipline the default does not know.
	over, err := base.WithOverride("o.yaml", []byte(`version: "o1"
contexts:
  - id: theology
    effect: damp
    name: theology
    description: "Biblical studies and theology."
    terms:
      - weight: 3
        note: "objects of theology"
        phrases: [scripture, psalms, exegesis, "church fathers", liturgy]
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(over.Contexts) != len(base.Contexts)+1 {
		t.Fatalf("override has %d contexts, want %d", len(over.Contexts), len(base.Contexts)+1)
	}
	doc := Document{Title: "Drones in the psalms: scripture and liturgy",
		Abstract: "An exegesis of the psalms that read the drone of bees as an image of prayer, with the church fathers on liturgy."}
	cBase := mustDefault(t)
	cOver, err := NewClassifier(over)
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := cBase.Classify(doc)
	ro, _ := cOver.Classify(doc)
	appliedOver := false
	for _, x := range ro.Contexts {
		appliedOver = appliedOver || (x.ID == "theology" && x.Applied)
	}
	if !appliedOver {
		t.Errorf("override context not applied; contexts %+v", ro.Contexts)
	}
	for _, x := range rb.Contexts {
		if x.ID == "theology" {
			t.Error("override changed the base classifier")
		}
	}
}
