package resolve

import "slices"

// Rules a labelled set may disagree with. Labelled sets follow policies of
// their own: some label the whole organisation (a national research
// centre) where the resolver chooses the unit written (one of its
// institutes), some keep retired records the resolver replaces by their
// successors, some label a unit's parent beside it. An evaluation uses
// these names to tell such a disagreement from a mistake.
const (
	// RuleUnitOfLabel: the resolver chose a unit (a descendant) of the
	// labelled organisation, the most specific organisation written.
	RuleUnitOfLabel = "unit_of_label"
	// RuleSuccessorOfLabel: the label is a retired record and the
	// resolver chose what stands for it (its successor, or the parent of
	// a withdrawn record that has none).
	RuleSuccessorOfLabel = "successor_of_retired_label"
	// RuleRetiredLabel: the label is a retired record, which the resolver
	// never chooses.
	RuleRetiredLabel = "retired_label"
	// RuleParentOfChosen: the label is an ancestor of an organisation
	// the resolver chose, which stands for its unit alone.
	RuleParentOfChosen = "parent_of_chosen_unit"
	// RuleUniversityOfFaculty: the label is a university's faculty the
	// registry keeps a record of ("… School of Medicine"), and the
	// resolver chose the university, which stands for it (see
	// facultyOf).
	RuleUniversityOfFaculty = "university_of_faculty_label"
)

// WhyChosen names the rule behind choosing id when the labels do not hold
// it, or "" when no rule explains it (a mistake, or a label's error).
func (r *Resolver) WhyChosen(id string, labels []string) string {
	info := r.orgs[id]
	if info == nil {
		return ""
	}
	for _, l := range labels {
		if slices.Contains(info.ancestors, l) {
			return RuleUnitOfLabel
		}
	}
	for _, l := range labels {
		if slices.Contains(r.standIns(l), id) {
			return RuleSuccessorOfLabel
		}
		if li := r.orgs[l]; li != nil && li.facultyOf == id {
			return RuleUniversityOfFaculty
		}
	}
	return ""
}

// WhyMissed names the rule behind not choosing the label when the
// resolver chose the organisations chosen, or "" when no rule explains it.
func (r *Resolver) WhyMissed(label string, chosen []string) string {
	info := r.orgs[label]
	if info == nil {
		return ""
	}
	if !info.active {
		return RuleRetiredLabel
	}
	if info.facultyOf != "" && slices.Contains(chosen, info.facultyOf) {
		return RuleUniversityOfFaculty
	}
	for _, c := range chosen {
		if ci := r.orgs[c]; ci != nil && slices.Contains(ci.ancestors, label) {
			return RuleParentOfChosen
		}
	}
	return ""
}

// standIns are the organisations chosen in place of a retired record:
// its successors or, for a withdrawn record that has none, its parents
// (the registry withdraws the records of schools and departments, which
// their parents stand for: "University X School of Medicine").
func (r *Resolver) standIns(id string) []string {
	info := r.orgs[id]
	if info == nil || info.active {
		return nil
	}
	if len(info.successors) == 0 && info.withdrawn {
		return info.parents
	}
	return info.successors
}
