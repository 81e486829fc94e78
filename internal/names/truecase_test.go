package names

import "testing"

func TestCaseless(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"DEPARTMENT OF PHYSICS, NORTHWOLD UNIVERSITY", true},
		{"department of physics, northwold university", true},
		{"Department of Physics, Northwold University", false},
		{"DEPARTMENT OF PHYSICS, Northwold University", false},
		{"NIH", false},      // one word: an acronym
		{"NCI NIH", true},   // two words, six letters
		{"AB CD", false},    // too few letters to tell
		{"北京大学 PKU", false}, // one cased word
		{"北京大学 PKU CHINA", true},
		{"12345 67890", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := Caseless(tt.in); got != tt.want {
			t.Errorf("Caseless(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTruecase(t *testing.T) {
	var forms CaseForms
	for _, n := range []string{
		"University of Northwold", "Northwold Institute of Marine Acoustics", "NIHR Westhaven Biomedical Research Centre",
		"Kestrel Children's Hospital", "Institut d'Études Avancées de Westhaven", "McQuarrie Institute", "Centre for Data and Tides",
		"Centre de Recherche de Westhaven", "WMAI", "Westhaven Medical Institute (WMAI)",
	} {
		forms.Add(n)
	}
	forms.Finish()
	tests := []struct{ in, want string }{
		{"DEPARTMENT OF PHYSICS, UNIVERSITY OF NORTHWOLD AND NIHR WESTHAVEN BIOMEDICAL RESEARCH CENTRE", "Department of Physics, University of Northwold and NIHR Westhaven Biomedical Research Centre"},
		{"kestrel children's hospital and mcquarrie institute", "Kestrel Children's Hospital and McQuarrie Institute"},
		{"KESTREL CHILDREN’S HOSPITAL", "Kestrel Children’s Hospital"},
		// A short word the names do not know, written in capitals, stays
		// an acronym; in small letters it cannot be told from a name.
		{"ABXY, WMAI, WESTHAVEN", "ABXY, WMAI, Westhaven"},
		{"abxy, wmai, westhaven", "Abxy, WMAI, Westhaven"},
		{"INSTITUT D'ÉTUDES AVANCÉES DE WESTHAVEN", "Institut d'Études Avancées de Westhaven"},
		// A state's code ends its part in capitals, though "in" and "or"
		// are words; inside a name "in" stays one.
		{"WESTHAVEN UNIVERSITY, BLOOMINGTON IN 47405", "Westhaven University, Bloomington IN 47405"},
		{"kestrel children's hospital, portland or", "Kestrel Children's Hospital, Portland OR"},
		{"UNIVERSITY IN WESTHAVEN", "University in Westhaven"},
		// Abbreviated words are words, not acronyms.
		{"WESTLND ACAD SCI, NORTHTOWN", "Westlnd Acad Sci, Northtown"},
		// Not caseless: unchanged.
		{"Department of Physics, university of northwold", "Department of Physics, university of northwold"},
	}
	for _, tt := range tests {
		if got := Truecase(tt.in, &forms); got != tt.want {
			t.Errorf("Truecase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
