package portfolio

import (
	"strings"
	"unicode"
)

// Key is the deduplication key of an affiliation string: case-folded,
// with runs of spaces and punctuation between words collapsed and trailing
// punctuation dropped, so "Dept. of Physics,  Example Univ." and "dept. of
// physics, example univ" are resolved once.
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '.' || r == ',' || r == ';':
			// keep separators (they split units) but not their spacing
		default:
			r = unicode.ToLower(r)
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), ".,; ")
}

// unitWords mark an affiliation segment as a sub-unit (a department, a
// school, a laboratory) rather than the institution itself.
var unitWords = []string{"department", "dept", "school", "faculty", "college of", "laboratory", "lab ", "lab.", "centre", "center",
	"division", "institute of", "program", "unit", "research group", "section", "clinic", "key lab"}

// institutionWords mark a segment as the institution.
var institutionWords = []string{"university", "univ ", "univ.", "universit", "academy", "polytechnic", "hospital"}

// hanUnits are Chinese sub-unit suffixes.
var hanUnits = []string{"学院", "系", "实验室", "研究所", "中心", "研究室"}

// Department returns the sub-unit an affiliation string names before its
// institution ("School of Materials Science, Example University, Harbin" →
// "School of Materials Science"), or "" when none is recognisable.
func Department(aff string) string { return DepartmentOf(aff, "") }

// DepartmentOf is Department for an affiliation known to name the
// organisation org: only segments before the one naming org can be its
// sub-unit, and a segment naming org itself is not one.
func DepartmentOf(aff, org string) string {
	segs := strings.FieldsFunc(aff, func(r rune) bool { return r == ',' || r == ';' || r == '，' })
	if len(segs) < 2 {
		if d := hanDepartment(aff); d != "" {
			return d
		}
		return ""
	}
	end := len(segs) - 1
	if k := Key(org); k != "" {
		for i, s := range segs {
			if sk := Key(s); sk != "" && (strings.Contains(sk, k) || strings.Contains(k, sk)) {
				end = i
				break
			}
		}
	}
	for i, s := range segs[:end] {
		s = strings.TrimSpace(s)
		l := strings.ToLower(s) + " "
		if hasAny(l, institutionWords) && !strings.HasPrefix(l, "college of") && !strings.HasPrefix(l, "school of") && !strings.HasPrefix(l, "department") && !strings.HasPrefix(l, "dept") {
			return "" // the institution comes first: no sub-unit before it
		}
		if hasAny(l, unitWords) {
			return trimUnit(s)
		}
		if i >= 2 {
			break
		}
	}
	return ""
}

func hanDepartment(s string) string {
	for _, u := range hanUnits {
		if i := strings.Index(s, u); i > 0 {
			// "哈尔滨工业大学材料科学与工程学院": the unit follows the
			// institution ("大学").
			if j := strings.Index(s, "大学"); j >= 0 && j+len("大学") < i+len(u) {
				return strings.TrimSpace(s[j+len("大学") : i+len(u)])
			}
		}
	}
	return ""
}

func trimUnit(s string) string {
	s = strings.TrimSpace(strings.Trim(s, " .;:-"))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200])
	}
	return s
}

func hasAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
