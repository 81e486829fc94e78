package registry

import (
	"slices"
	"strings"
)

// crockford is the alphabet of ROR ids: Crockford's base32 in small
// letters (no i, l, o or u).
const crockford = "0123456789abcdefghjkmnpqrstvwxyz"

// ValidChecksum reports whether id, nine characters in ROR's shape
// ("05abc1234", any case), ends with the checksum ROR computes for it: the
// first seven characters read as a base32 number n, the last two are
// 98 - (100n mod 97), as ISO 7064's MOD 97-10. A word that only has the
// shape of an id (a reference number, a typo) seldom has it.
func ValidChecksum(id string) bool {
	id = strings.ToLower(id)
	if !idPattern.MatchString(id) {
		return false
	}
	n := 0
	for i := 0; i < 7; i++ {
		n = n*32 + strings.IndexByte(crockford, id[i])
	}
	want := 98 - n*100%97
	return int(id[7]-'0')*10+int(id[8]-'0') == want
}

// IDsIn returns the ROR ids written in s, in full form, in the order
// written and once each, and s with them cut out: an affiliation on a
// grant form or an MoU may give its organisation's id beside or instead of
// its name ("University of X (https://ror.org/05abc1234)"). A link to a
// record ("https://ror.org/…", "ror.org/…") is read whatever its checksum;
// an id written alone only when its checksum holds (see ValidChecksum) and
// it has a letter, so that a number of nine digits is never read as one.
// It returns nil and s itself when s writes no id.
func IDsIn(s string) (ids []string, rest string) {
	if strings.IndexByte(s, '0') < 0 {
		return nil, s // every id begins with 0: the common case
	}
	var b strings.Builder
	done := 0
	for i := 0; i+9 <= len(s); i++ {
		if s[i] != '0' || i > 0 && !idBoundary(s[i-1]) && s[i-1] != '/' || i+9 < len(s) && !idBoundary(s[i+9]) && s[i+9] != '/' {
			continue
		}
		id := strings.ToLower(s[i : i+9])
		if !idPattern.MatchString(id) {
			continue
		}
		start, end := i, i+9
		if link := linkStart(s, i); link >= 0 {
			start = link
			if end < len(s) && s[end] == '/' {
				end++
			}
		} else if !ValidChecksum(id) || strings.IndexFunc(id, isLetter) < 0 {
			continue
		}
		full := IDPrefix + id
		if !slices.Contains(ids, full) {
			ids = append(ids, full)
		}
		b.WriteString(s[done:start])
		done = end
		i = end - 1
	}
	if len(ids) == 0 {
		return nil, s
	}
	b.WriteString(s[done:])
	rest = strings.NewReplacer("()", "", "[]", "").Replace(b.String())
	return ids, strings.TrimSpace(rest)
}

// linkStart returns where the link to a ROR record whose id begins at
// s[i] begins ("https://ror.org/", "http://www.ror.org/", "ror.org/", any
// case), or -1 when the id is not written as one.
func linkStart(s string, i int) int {
	const host = "ror.org/"
	if i < len(host) || !strings.EqualFold(s[i-len(host):i], host) {
		return -1
	}
	start := i - len(host)
	if start >= 4 && strings.EqualFold(s[start-4:start], "www.") {
		start -= 4
	}
	for _, scheme := range []string{"https://", "http://"} {
		if start >= len(scheme) && strings.EqualFold(s[start-len(scheme):start], scheme) {
			return start - len(scheme)
		}
	}
	return start
}

// idBoundary reports whether c may stand beside an id written in text: a
// space or a punctuation mark, not a letter or digit of a longer word.
func idBoundary(c byte) bool { return strings.IndexByte(" \t,;:()[]<>\"'.", c) >= 0 }

// isLetter reports whether r is a small ASCII letter, as an id's letters
// are once lower-cased.
func isLetter(r rune) bool { return r >= 'a' && r <= 'z' }
