package sources

import "unicode"

// scriptLang guesses a name's language from its script, for sources that
// do not say: "zh" for Han, "ja" when kana appear, "ko" for Hangul, "ru"
// for Cyrillic ("uk" when Ukrainian-only letters appear), "ar" for Arabic
// ("fa" when Persian-only letters appear), and so on for scripts that
// point at one main language. Latin script gives "": it is shared by too
// many languages to guess from letters alone.
func scriptLang(s string) string {
	var han, kana, hangul, cyr, arabic, other, latin int
	var ukr, persian bool
	var otherLang string
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case unicode.In(r, unicode.Hiragana, unicode.Katakana):
			kana++
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			switch r {
			case 'і', 'ї', 'є', 'ґ', 'І', 'Ї', 'Є', 'Ґ':
				ukr = true
			}
		case unicode.Is(unicode.Arabic, r):
			arabic++
			switch r {
			case 'پ', 'چ', 'ژ', 'گ', 'ک', 'ی':
				persian = true
			}
		case unicode.Is(unicode.Latin, r):
			latin++
		case unicode.IsLetter(r):
			other++
			if otherLang == "" {
				otherLang = otherScriptLang(r)
			}
		}
	}
	switch {
	case kana > 0:
		return "ja"
	case hangul > 0:
		return "ko"
	case han > 0:
		return "zh"
	case cyr > 0 && cyr >= latin:
		if ukr {
			return "uk"
		}
		return "ru"
	case arabic > 0 && arabic >= latin:
		if persian {
			return "fa"
		}
		return "ar"
	case other > 0 && other >= latin:
		return otherLang
	}
	return ""
}

// otherScriptLang names the main language of a few more scripts.
func otherScriptLang(r rune) string {
	for _, s := range []struct {
		t    *unicode.RangeTable
		lang string
	}{
		{unicode.Hebrew, "he"}, {unicode.Greek, "el"}, {unicode.Thai, "th"},
		{unicode.Georgian, "ka"}, {unicode.Armenian, "hy"}, {unicode.Devanagari, "hi"},
		{unicode.Bengali, "bn"}, {unicode.Tamil, "ta"}, {unicode.Khmer, "km"},
		{unicode.Lao, "lo"}, {unicode.Myanmar, "my"}, {unicode.Ethiopic, "am"},
		{unicode.Sinhala, "si"}, {unicode.Gujarati, "gu"}, {unicode.Gurmukhi, "pa"},
	} {
		if unicode.Is(s.t, r) {
			return s.lang
		}
	}
	return ""
}
