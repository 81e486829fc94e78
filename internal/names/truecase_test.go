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
		"Centre de Recherche de Westhaven", "WMAI", "Westhaven Medical Institute (WMAI)", "AGR Westhaven Trading",
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
		// Also one a name writes as an acronym ("AGR"), among the
		// other words of an abbreviated name; alone in its part, it
		// is the acronym.
		{"WESTLND ACAD AGR SCI, NORTHTOWN", "Westlnd Acad Agr Sci, Northtown"},
		{"AGR SCI, NORTHTOWN", "Agr Sci, Northtown"},
		{"AGR, NORTHTOWN", "AGR, Northtown"},
		{"DEPT PHYS, AGR", "Dept Phys, AGR"},
		// Not caseless: unchanged.
		{"Department of Physics, university of northwold", "Department of Physics, university of northwold"},
	}
	for _, tt := range tests {
		if got := Truecase(tt.in, &forms); got != tt.want {
			t.Errorf("Truecase(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A string in title case has its small words written small, as names
// write them; a word that opens a part, a state's code ending its part, a
// word the names write with a capital and any string with a word in small
// letters are left as they are.
func TestSmallStopwords(t *testing.T) {
	var forms CaseForms
	for _, n := range []string{"University of Northwold", "Institut für Gezeiten", "Centre for Data and Tides", "The Westhaven Trust", "Kestrel of Tides", "Westhaven In Focus"} {
		forms.Add(n)
	}
	forms.Finish()
	tests := []struct{ in, want string }{
		{"Department Of Surgery, University Of Northwold And NIHR Westhaven", "Department of Surgery, University of Northwold and NIHR Westhaven"},
		{"Institut Für Gezeiten Und Meereskunde", "Institut für Gezeiten und Meereskunde"},
		// "The" opens its part; "OF" in capitals is an acronym's or a
		// shout's, not a title's.
		{"Northwold University, The Westhaven Trust", "Northwold University, The Westhaven Trust"},
		{"Centre For Data And Tides (The Kestrel Unit)", "Centre for Data and Tides (The Kestrel Unit)"},
		{"Centre OF Data", "Centre OF Data"},
		// A state's code ending its part.
		{"Westhaven University, Bloomington In 47405", "Westhaven University, Bloomington In 47405"},
		// "In" is written with a capital by the names that write it.
		{"Westhaven In Focus Centre", "Westhaven In Focus Centre"},
		// A word in small letters: not title case.
		{"Department of Surgery, University Of Northwold", "Department of Surgery, University Of Northwold"},
		{"Northwold", "Northwold"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SmallStopwords(tt.in, &forms); got != tt.want {
			t.Errorf("SmallStopwords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A form a name writes with a small letter before a capital is known as
// written, whichever form most names give the word.
func TestWritesSmallFirst(t *testing.T) {
	var forms CaseForms
	for _, n := range []string{"cTRL Kelp", "CTRL Tides", "CTRL Waves", "eScience Centre", "Amit Institute"} {
		forms.Add(n)
	}
	forms.Finish()
	for w, want := range map[string]bool{"cTRL": true, "eScience": true, "CTRL": false, "aMIT": false, "Amit": false, "escience": false} {
		if got := forms.WritesSmallFirst(w); got != want {
			t.Errorf("WritesSmallFirst(%q) = %v, want %v", w, got, want)
		}
	}
}
