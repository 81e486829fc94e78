package resolve

// Names the parser would cut or join wrongly at their punctuation: a
// registry name with a comma in it, and organisations listed with the
// Chinese and Japanese enumeration marks.

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/collabcheck/collabcheck/internal/names"
	"github.com/collabcheck/collabcheck/internal/registry"
)

// enumerationMarks are the marks Chinese and Japanese write between the
// items of a list: the enumeration comma and the middle dot.
var enumerationMarks = [...]string{"、", "・"}

// enumerationSeparators are the marks that end the text around an
// enumeration mark (see splitEnumeratedNames).
const enumerationSeparators = ",，;；、・"

// splitEnumeratedNames returns s with each enumeration mark ("、", "・")
// that stands between two registry names, each one organisation's,
// written as a party's separator: "X大学、Y大学" names two organisations,
// as "X University and Y University" does. An enumeration of a unit's
// subjects ("物理、化学系"), or a dot within a name, is left as it is.
func (r *Resolver) splitEnumeratedNames(s string) string {
	var b strings.Builder
	done := 0
	for i := 0; i < len(s); {
		mark := ""
		for _, m := range enumerationMarks {
			if strings.HasPrefix(s[i:], m) {
				mark = m
			}
		}
		if mark == "" {
			_, w := utf8.DecodeRuneInString(s[i:])
			i += w
			continue
		}
		start := 0
		if k := strings.LastIndexAny(s[:i], enumerationSeparators); k >= 0 {
			_, w := utf8.DecodeRuneInString(s[k:])
			start = k + w // past the whole mark, which may be several bytes
		}
		after := i + len(mark)
		end := strings.IndexAny(s[after:], enumerationSeparators)
		if end < 0 {
			end = len(s)
		} else {
			end += after
		}
		left, right := strings.TrimSpace(s[start:i]), strings.TrimSpace(s[after:end])
		if _, ok := r.nameHolder(names.Tokenize(left), left); ok {
			if _, ok := r.nameHolder(names.Tokenize(right), right); ok {
				b.WriteString(s[done:i])
				b.WriteString("; ")
				done = after
			}
		}
		i = after
	}
	return names.Edited(&b, s, done)
}

// joinCommaNames returns s without a comma that cuts a registry name of
// several words in two ("Department for Tides, Innovation and Technology,
// Northtown"), where neither side alone is another organisation's
// registry name: the parser would read the two sides as a unit and an
// organisation. It returns s itself when it changes nothing.
func (r *Resolver) joinCommaNames(s string) string {
	var b strings.Builder
	var key [3 * maxCommaWord]byte
	done, start := 0, 0 // start: where the part before the comma begins
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ';':
			start = i + 1
			continue
		case ',':
		default:
			continue
		}
		if !r.commaWords[string(appendCommaKey(key[:0], s, i))] {
			start = i + 1
			continue // the common case: no registry name has these words either side of a comma
		}
		left := strings.TrimSpace(s[start:i])
		end := i + 1 + strings.IndexAny(s[i+1:], ",;")
		if end == i {
			end = len(s)
		}
		right := strings.TrimSpace(s[i+1 : end])
		start = i + 1
		if !strings.ContainsRune(left, ' ') || right == "" || !unicode.IsUpper([]rune(right)[0]) {
			continue
		}
		lt, rt := names.Tokenize(left), names.Tokenize(right)
		var holders []string
		r.ix.NameHolders(slices.Concat(lt, rt), func(id string) { holders = append(holders, id) })
		if len(holders) == 0 || r.namedByOther(lt, holders) || r.namedByOther(rt, holders) {
			continue // either side names an organisation of its own ("School of X, Northtown University")
		}
		b.WriteString(s[done:i])
		if i+1 < len(s) && s[i+1] != ' ' {
			b.WriteByte(' ') // "Agriculture,Fisheries" is two words
		}
		done = i + 1
	}
	return names.Edited(&b, s, done)
}

// commaKeys returns the keys (see appendCommaKey) of the commas in the
// registry names of orgs that cut them into parts neither of which is
// another organisation's registry name (see Resolver.commaWords):
// "Department for Tides, Innovation and Technology" gives "tides
// innovation technology", "School of Medicine, University of X" nothing,
// as "University of X" is a university's name and the string names two
// organisations when it writes it so. It reads the index, which must be
// built.
func (r *Resolver) commaKeys(orgs []registry.Org) map[string]bool {
	out := map[string]bool{}
	for i := range orgs {
		o := &orgs[i]
		for _, n := range o.Names {
			if strings.IndexByte(n.Value, ',') < 0 {
				continue // the common case
			}
			parts := strings.Split(n.Value, ",")
			at := 0
			for k := 0; k+1 < len(parts); k++ {
				at += len(parts[k])
				if key := appendCommaKey(nil, n.Value, at); len(key) > 0 && !r.namedByOther(names.Tokenize(parts[k]), []string{o.ID}) && !r.namedByOther(names.Tokenize(parts[k+1]), []string{o.ID}) {
					out[string(key)] = true
				}
				at++ // the comma
			}
		}
	}
	return out
}

// maxCommaWord is the longest word, in bytes, appendCommaKey reads.
const maxCommaWord = 32

// appendCommaKey appends to key the word before the comma at s[i], the
// word after it and the last word before the next comma or semicolon (or
// the end) when that is another, lower-cased and joined by spaces, and
// returns it ("tides innovation technology" for "Department for Tides,
// Innovation & Technology, Northtown"); it appends nothing when a word is
// missing, longer than maxCommaWord or holds other than ASCII letters
// (so the key fits a caller's buffer).
func appendCommaKey(key []byte, s string, i int) []byte {
	b := i
	for b > 0 && s[b-1] == ' ' {
		b--
	}
	a := b
	for a > 0 && isASCIILetter(s[a-1]) {
		a--
	}
	c := i + 1
	for c < len(s) && s[c] == ' ' {
		c++
	}
	d := c
	for d < len(s) && isASCIILetter(s[d]) {
		d++
	}
	f := i + 1 + strings.IndexAny(s[i+1:], ",;")
	if f == i {
		f = len(s)
	}
	for f > d && s[f-1] == ' ' {
		f--
	}
	e := f
	for e > d && isASCIILetter(s[e-1]) {
		e--
	}
	if a == b || c == d || b-a >= maxCommaWord || d-c >= maxCommaWord || f-e >= maxCommaWord ||
		a > 0 && s[a-1] != ' ' && s[a-1] != ',' && s[a-1] != ';' || d < len(s) && s[d] != ' ' && s[d] != ',' && s[d] != ';' || e < f && e > 0 && s[e-1] != ' ' {
		return key
	}
	for _, w := range [3][2]int{{a, b}, {c, d}, {e, f}} {
		if len(key) > 0 {
			key = append(key, ' ')
		}
		for k := w[0]; k < w[1]; k++ {
			key = append(key, s[k]|0x20)
		}
	}
	return key
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// namedByOther reports whether ts are the registry name of an
// organisation other than those of ids.
func (r *Resolver) namedByOther(ts []names.Token, ids []string) bool {
	other := false
	r.ix.NameHolders(ts, func(id string) { other = other || !slices.Contains(ids, id) })
	return other
}
