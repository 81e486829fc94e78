package sources

import "testing"

func TestScriptLang(t *testing.T) {
	for in, want := range map[string]string{
		"哈尔滨工业大学":                    "zh",
		"電子信息系統（CEMEE）實驗室":           "zh",
		"トヨタ自動車":                     "ja",
		"김 예시":                       "ko",
		"Иван Примеров":              "ru",
		"Захаров Ігор Олександрович": "uk",
		"صدام حسين":                  "ar",
		"محمد پاکستانی":              "fa",
		"Θεσσαλονίκη":                "el",
		"Harbin Institute":           "",
		"Ahmad (أحمد)":               "",
		"":                           "",
	} {
		if got := scriptLang(in); got != want {
			t.Errorf("scriptLang(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCountryCode(t *testing.T) {
	for in, want := range map[string]string{
		"Korea, North": "kp", "Democratic People's Republic of Korea": "kp", "Korea, South": "kr",
		"Iran": "ir", "Iran (Islamic Republic of)": "ir", "Russia": "ru", "Burma": "mm", "Peoples R China": "cn",
		"Hong Kong": "hk", "Taiwan": "tw", "Bahamas, The": "bs", "The Gambia": "gm", "Cote d Ivoire": "ci",
		"Côte d'Ivoire": "ci", "Congo, Democratic Republic of the": "cd", "United Republic of Tanzania": "tz",
		"Syrian Arab Republic": "sy", "U.S.A.": "us", "United Kingdom": "gb", "GBR": "gb", "CN": "cn", "de": "de",
		"Kosovo": "xk", "Region: Gaza": "ps", "Türkiye": "tr", "Turkey": "tr", "Man, Isle of": "im",
		"Virgin Islands, British": "vg", "undetermined": "", "Region: Crimea": "", "": "", "Atlantis": "",
	} {
		if got := countryCode(in); got != want {
			t.Errorf("countryCode(%q) = %q, want %q", in, got, want)
		}
	}
	// Every UN member state (and observer) in the table has a code.
	n := 0
	for range countryIndex() {
		n++
	}
	if n < 700 {
		t.Errorf("country index has only %d spellings", n)
	}
}
