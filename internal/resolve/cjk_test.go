package resolve

import (
	"slices"
	"testing"

	"github.com/collabcheck/collabcheck/internal/names"
)

func TestCJKPrefixEnd(t *testing.T) {
	var h cjkNames
	for _, n := range []string{"东岭科学院", "东岭科学院潮汐物理研究所", "示例矿业大学（北京）", "中大", "Eastridge Academy", "동령대학교", "公益社団法人", "東嶺大学情報センター"} {
		h.add(n)
	}
	tests := []struct {
		text string
		want string // the name read off the front, "" for none
	}{
		{"东岭科学院潮汐物理研究所重点实验室", "东岭科学院潮汐物理研究所"},
		{"东岭科学院海洋研究所", "东岭科学院"},
		{"东岭科学院 海洋研究所", "东岭科学院"},
		{"东岭科学院潮汐物理研究所", ""},            // a registry name whole
		{"示例矿业大学 北京", ""},               // so, with its punctuation gone
		{"东岭科学院 eastridge academy", ""}, // no Chinese after the name
		{"中大物理系", ""},                   // too short to trust
		{"西岭科学院海洋研究所", ""},
		{"东岭科学院海洋", ""},                 // what follows is no unit
		{"公益社団法人東嶺協会", ""},              // a legal form, then a name
		{"동령대학교 공과대학", "동령대학교"},         // Korean, a college after it
		{"東嶺大学情報センター", ""},              // a registry name whole, in kana too
		{"東嶺大学情報センター研究室", "东岭大学情报センター"}, // normalised as the registry's
	}
	for _, tc := range tests {
		text := names.Normalize(tc.text)
		if got := text[:h.prefixEnd(text)]; got != tc.want {
			t.Errorf("prefixEnd(%q) reads %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestCJKMarkUnits(t *testing.T) {
	var h cjkNames
	h.add("东岭科学院潮汐物理研究所")
	h.add("东岭大学")
	for _, tc := range []struct {
		in   string
		segs []string // name segment, then unit
	}{
		{"东岭科学院潮汐物理研究所重点实验室", []string{"东岭科学院潮汐物理研究所", "重点实验室"}},
		{"东岭科学院潮汐物理研究所与重点实验室", []string{"东岭科学院潮汐物理研究所", "与重点实验室"}},
		{"东岭科学院潮汐物理研究所", []string{"东岭科学院潮汐物理研究所"}},
		// The unit begins with the name's last word again (a graduate
		// school, 大学院).
		{"东岭大学大学院理学系", []string{"东岭大学", "大学院理学系"}},
	} {
		parties := names.ParseAffiliations(tc.in)
		if len(parties) != 1 {
			t.Fatalf("%q: %d parties", tc.in, len(parties))
		}
		a := parties[0]
		h.markUnits(&a)
		var got []string
		for _, sg := range a.Segments {
			got = append(got, sg.Text)
		}
		if len(got) != len(tc.segs) {
			t.Errorf("%q: segments %q, want %q", tc.in, got, tc.segs)
			continue
		}
		for i := range got {
			if got[i] != tc.segs[i] {
				t.Errorf("%q: segments %q, want %q", tc.in, got, tc.segs)
			}
		}
		if len(a.Segments) == 2 {
			var want, got []string
			for _, tk := range names.Tokenize(tc.segs[0]) {
				want = append(want, tk.Text)
			}
			for _, tk := range a.Segments[0].Tokens {
				got = append(got, tk.Text)
				if tk.Role != names.RoleName {
					t.Errorf("%q: name token %q has role %v", tc.in, tk.Text, tk.Role)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: name tokens %q, want %q", tc.in, got, want)
			}
			if a.Segments[1].Role != names.RoleDept || len(a.Segments[1].Tokens) == 0 || a.Segments[1].Tokens[0].Role != names.RoleDept {
				t.Errorf("%q: the unit segment is %+v, want a department", tc.in, a.Segments[1])
			}
		}
	}
}
