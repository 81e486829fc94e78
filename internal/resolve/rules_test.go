package resolve

import (
	"testing"

	"github.com/collabcheck/collabcheck/internal/registry"
)

// A labelled set that names the whole organisation where the resolver
// chooses its unit, or keeps a retired record, disagrees by policy; the
// rules name each such disagreement and nothing else.
func TestRulesBehindDisagreements(t *testing.T) {
	uni := org("0uni00001", "gb", "active", "University of Northwold")
	lab := org("0lab00001", "gb", "active", "Northwold Institute of Marine Acoustics")
	lab.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	team := org("0tea00001", "gb", "active", "Northwold Acoustic Imaging Team")
	team.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: lab.ID}}
	old := org("0old00001", "gb", "inactive", "Eastmere College of Nursing")
	old.Relationships = []registry.Relationship{{Type: registry.RelSuccessor, ID: uni.ID}}
	school := org("0sch00001", "gb", "withdrawn", "University of Northwold School of Music")
	school.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	other := org("0oth00001", "gb", "active", "Westhaven Medical Institute")
	faculty := org("0fac00001", "gb", "active", "University of Northwold School of Medicine")
	faculty.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: uni.ID}}
	r := New([]registry.Org{uni, lab, team, old, school, other, faculty})
	id := func(o registry.Org) string { return o.ID }

	chosen := []struct {
		name   string
		id     string
		labels []string
		want   string
	}{
		{"unit of the label", id(lab), []string{id(uni)}, RuleUnitOfLabel},
		{"unit of a unit of the label", id(team), []string{id(uni)}, RuleUnitOfLabel},
		{"successor of a retired label", id(uni), []string{id(old)}, RuleSuccessorOfLabel},
		{"parent standing for a withdrawn label", id(uni), []string{id(school)}, RuleSuccessorOfLabel},
		{"university of a faculty label", id(uni), []string{id(faculty)}, RuleUniversityOfFaculty},
		{"parent of the label", id(uni), []string{id(lab)}, ""},
		{"unrelated", id(other), []string{id(uni)}, ""},
		{"outside the registry", "https://ror.org/0nowhere1", []string{id(uni)}, ""},
	}
	for _, c := range chosen {
		if got := r.WhyChosen(c.id, c.labels); got != c.want {
			t.Errorf("WhyChosen %s = %q, want %q", c.name, got, c.want)
		}
	}
	missed := []struct {
		name   string
		label  string
		chosen []string
		want   string
	}{
		{"retired label", id(old), []string{id(uni)}, RuleRetiredLabel},
		{"withdrawn label, nothing chosen", id(school), nil, RuleRetiredLabel},
		{"parent of the unit chosen", id(uni), []string{id(other), id(team)}, RuleParentOfChosen},
		{"faculty of the university chosen", id(faculty), []string{id(uni)}, RuleUniversityOfFaculty},
		{"unit of the organisation chosen", id(lab), []string{id(uni)}, ""},
		{"nothing chosen", id(uni), nil, ""},
		{"outside the registry", "https://ror.org/0nowhere1", nil, ""},
	}
	for _, c := range missed {
		if got := r.WhyMissed(c.label, c.chosen); got != c.want {
			t.Errorf("WhyMissed %s = %q, want %q", c.name, got, c.want)
		}
	}
	// What the resolver chooses for the two retired records and the
	// faculty is what the rules call their stand-ins.
	for _, s := range []string{"Eastmere College of Nursing", "University of Northwold School of Music", "Department of Surgery, University of Northwold School of Medicine"} {
		res, err := r.Resolve(s, Options{})
		if err != nil || len(res.Orgs) != 1 || res.Orgs[0].ID != id(uni) {
			t.Errorf("%q resolved to %+v (%v), want the university", s, res.Orgs, err)
		}
	}
	if res, _ := r.Resolve("University of Northwold School of Medicine", Options{}); len(res.Orgs) != 1 || res.Orgs[0].Via != id(faculty) {
		t.Errorf("the faculty resolved to %+v, want the university via the faculty's record", res.Orgs)
	}
}

// A record named as its parent university followed by a medical
// faculty's words is the university's faculty of medicine; a college of
// a federal university, a hospital, another school or one named
// otherwise is not.
func TestFacultyOf(t *testing.T) {
	uni := org("0uni00002", "us", "active", "Southmere State University")
	uni.Names = append(uni.Names, registry.Name{Value: "SSU", Types: []string{registry.NameAcronym}})
	fed := org("0fed00002", "gb", "active", "University of Eastmere")
	gone := org("0gon00002", "us", "inactive", "Westvale College")
	records := map[string]*registry.Org{uni.ID: &uni, fed.ID: &fed, gone.ID: &gone}
	for _, c := range []struct {
		name, parent string
		want         string
	}{
		{"Southmere State University School of Medicine", uni.ID, uni.ID},
		{"Southmere State University College of Veterinary Medicine", uni.ID, uni.ID},
		{"Southmere State University Medical School", uni.ID, uni.ID},
		{"SSU School of Medicine", uni.ID, ""}, // an acronym is no name of its own here
		{"Southmere State University School of Law", uni.ID, ""},
		{"Southmere State University Hospital", uni.ID, ""},
		{"Southmere State University School", uni.ID, ""},
		{"University College Eastmere", fed.ID, ""},
		{"University of Eastmere, Faculty of Medicine", fed.ID, fed.ID},
		{"Westvale College School of Medicine", gone.ID, ""},
	} {
		o := org("0chi00002", "us", "active", c.name)
		o.Relationships = []registry.Relationship{{Type: registry.RelParent, ID: c.parent}}
		got := ""
		if p := records[c.parent]; facultyOf(&o, p) {
			got = p.ID
		}
		if got != c.want {
			t.Errorf("facultyOf(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}
