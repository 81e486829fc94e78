package sources

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// countryTable lists ISO 3166-1 alpha-2 codes (lower case) with the names
// and spellings lists use for them: the alpha-3 code, the ISO short and
// official names, and variants seen in sanctions lists and bibliographic
// data ("Korea, North", "Burma", "Peoples R China"). One country a line:
// code|name|name|...
const countryTable = `
ad|AND|Andorra|Principality of Andorra
ae|ARE|United Arab Emirates|UAE|U.A.E.|Emirates
af|AFG|Afghanistan|Islamic Republic of Afghanistan
ag|ATG|Antigua and Barbuda|Antigua & Barbuda
ai|AIA|Anguilla
al|ALB|Albania|Republic of Albania
am|ARM|Armenia|Republic of Armenia
ao|AGO|Angola|Republic of Angola
aq|ATA|Antarctica
ar|ARG|Argentina|Argentine Republic
as|ASM|American Samoa
at|AUT|Austria|Republic of Austria
au|AUS|Australia
aw|ABW|Aruba
ax|ALA|Åland Islands|Aland Islands
az|AZE|Azerbaijan|Republic of Azerbaijan
ba|BIH|Bosnia and Herzegovina|Republic of Bosnia and Herzegovina|Bosnia|Bosnia-Herzegovina|Bosnia & Herzegovina
bb|BRB|Barbados
bd|BGD|Bangladesh|People's Republic of Bangladesh
be|BEL|Belgium|Kingdom of Belgium
bf|BFA|Burkina Faso
bg|BGR|Bulgaria|Republic of Bulgaria
bh|BHR|Bahrain|Kingdom of Bahrain
bi|BDI|Burundi|Republic of Burundi
bj|BEN|Benin|Republic of Benin
bl|BLM|Saint Barthélemy|Saint Barthelemy
bm|BMU|Bermuda
bn|BRN|Brunei Darussalam|Brunei
bo|BOL|Bolivia, Plurinational State of|Bolivia|Plurinational State of Bolivia|Bolivia (Plurinational State of)
bq|BES|Bonaire, Sint Eustatius and Saba
br|BRA|Brazil|Federative Republic of Brazil
bs|BHS|Bahamas|Commonwealth of the Bahamas|Bahamas, The
bt|BTN|Bhutan|Kingdom of Bhutan
bv|BVT|Bouvet Island
bw|BWA|Botswana|Republic of Botswana
by|BLR|Belarus|Republic of Belarus|Byelorussia|Belorussia
bz|BLZ|Belize
ca|CAN|Canada
cc|CCK|Cocos (Keeling) Islands
cd|COD|Congo, The Democratic Republic of the|Congo, Democratic Republic of the|Democratic Republic of the Congo|Democratic Republic of Congo|DRC|DR Congo|Congo-Kinshasa|Congo (Kinshasa)
cf|CAF|Central African Republic|CAR|Central African Rep.
cg|COG|Congo|Republic of the Congo|Congo, Republic of the|Republic of Congo|Congo-Brazzaville|Congo (Brazzaville)
ch|CHE|Switzerland|Swiss Confederation
ci|CIV|Côte d'Ivoire|Republic of Côte d'Ivoire|Cote d Ivoire|Ivory Coast
ck|COK|Cook Islands
cl|CHL|Chile|Republic of Chile
cm|CMR|Cameroon|Republic of Cameroon
cn|CHN|China|People's Republic of China|Peoples R China|Peoples Republic of China|P.R. China|PR China|P.R.C.|PRC|Mainland China|China, Mainland|中国|中华人民共和国
co|COL|Colombia|Republic of Colombia
cr|CRI|Costa Rica|Republic of Costa Rica
cu|CUB|Cuba|Republic of Cuba
cv|CPV|Cabo Verde|Republic of Cabo Verde|Cape Verde
cw|CUW|Curaçao|Curacao
cx|CXR|Christmas Island
cy|CYP|Cyprus|Republic of Cyprus
cz|CZE|Czechia|Czech Republic
de|DEU|Germany|Federal Republic of Germany
dj|DJI|Djibouti|Republic of Djibouti
dk|DNK|Denmark|Kingdom of Denmark
dm|DMA|Dominica|Commonwealth of Dominica
do|DOM|Dominican Republic
dz|DZA|Algeria|People's Democratic Republic of Algeria
ec|ECU|Ecuador|Republic of Ecuador
ee|EST|Estonia|Republic of Estonia
eg|EGY|Egypt|Arab Republic of Egypt
eh|ESH|Western Sahara
er|ERI|Eritrea|the State of Eritrea
es|ESP|Spain|Kingdom of Spain
et|ETH|Ethiopia|Federal Democratic Republic of Ethiopia
fi|FIN|Finland|Republic of Finland
fj|FJI|Fiji|Republic of Fiji
fk|FLK|Falkland Islands (Malvinas)|Falkland Islands|Falklands
fm|FSM|Micronesia, Federated States of|Federated States of Micronesia|Micronesia
fo|FRO|Faroe Islands
fr|FRA|France|French Republic
ga|GAB|Gabon|Gabonese Republic
gb|GBR|United Kingdom|United Kingdom of Great Britain and Northern Ireland|UK|U.K.|Great Britain|Britain|England|Scotland|Wales|Northern Ireland
gd|GRD|Grenada
ge|GEO|Georgia
gf|GUF|French Guiana
gg|GGY|Guernsey
gh|GHA|Ghana|Republic of Ghana
gi|GIB|Gibraltar
gl|GRL|Greenland
gm|GMB|Gambia|Republic of the Gambia|The Gambia|Gambia, The
gn|GIN|Guinea|Republic of Guinea
gp|GLP|Guadeloupe
gq|GNQ|Equatorial Guinea|Republic of Equatorial Guinea
gr|GRC|Greece|Hellenic Republic
gs|SGS|South Georgia and the South Sandwich Islands
gt|GTM|Guatemala|Republic of Guatemala
gu|GUM|Guam
gw|GNB|Guinea-Bissau|Republic of Guinea-Bissau
gy|GUY|Guyana|Republic of Guyana
hk|HKG|Hong Kong|Hong Kong Special Administrative Region of China|Hong Kong SAR|Hong Kong, China|Hong Kong SAR China
hm|HMD|Heard Island and McDonald Islands
hn|HND|Honduras|Republic of Honduras
hr|HRV|Croatia|Republic of Croatia
ht|HTI|Haiti|Republic of Haiti
hu|HUN|Hungary
id|IDN|Indonesia|Republic of Indonesia
ie|IRL|Ireland
il|ISR|Israel|State of Israel
im|IMN|Isle of Man|Man, Isle of
in|IND|India|Republic of India
io|IOT|British Indian Ocean Territory
iq|IRQ|Iraq|Republic of Iraq
ir|IRN|Iran, Islamic Republic of|Iran|Islamic Republic of Iran|Persia
is|ISL|Iceland|Republic of Iceland
it|ITA|Italy|Italian Republic
je|JEY|Jersey
jm|JAM|Jamaica
jo|JOR|Jordan|Hashemite Kingdom of Jordan
jp|JPN|Japan
ke|KEN|Kenya|Republic of Kenya
kg|KGZ|Kyrgyzstan|Kyrgyz Republic|Kirghizia
kh|KHM|Cambodia|Kingdom of Cambodia
ki|KIR|Kiribati|Republic of Kiribati
km|COM|Comoros|Union of the Comoros
kn|KNA|Saint Kitts and Nevis|St Kitts and Nevis|St. Kitts and Nevis|Saint Kitts & Nevis
kp|PRK|Korea, Democratic People's Republic of|North Korea|Democratic People's Republic of Korea|Korea, North|DPRK|D.P.R.K.|Korea, Democratic Peoples Republic of|Korea DPR
kr|KOR|Korea, Republic of|South Korea|Korea, South|Republic of Korea|ROK
kw|KWT|Kuwait|State of Kuwait
ky|CYM|Cayman Islands
kz|KAZ|Kazakhstan|Republic of Kazakhstan
la|LAO|Lao People's Democratic Republic|Laos|Lao PDR|Lao Peoples Democratic Republic
lb|LBN|Lebanon|Lebanese Republic
lc|LCA|Saint Lucia|St Lucia|St. Lucia
li|LIE|Liechtenstein|Principality of Liechtenstein
lk|LKA|Sri Lanka|Democratic Socialist Republic of Sri Lanka
lr|LBR|Liberia|Republic of Liberia
ls|LSO|Lesotho|Kingdom of Lesotho
lt|LTU|Lithuania|Republic of Lithuania
lu|LUX|Luxembourg|Grand Duchy of Luxembourg
lv|LVA|Latvia|Republic of Latvia
ly|LBY|Libya|Libyan Arab Jamahiriya
ma|MAR|Morocco|Kingdom of Morocco
mc|MCO|Monaco|Principality of Monaco
md|MDA|Moldova, Republic of|Moldova|Republic of Moldova
me|MNE|Montenegro
mf|MAF|Saint Martin (French part)
mg|MDG|Madagascar|Republic of Madagascar
mh|MHL|Marshall Islands|Republic of the Marshall Islands
mk|MKD|North Macedonia|Republic of North Macedonia|Macedonia|Former Yugoslav Republic of Macedonia|The former Yugoslav Republic of Macedonia|Macedonia, The Former Yugoslav Republic of
ml|MLI|Mali|Republic of Mali
mm|MMR|Myanmar|Republic of Myanmar|Burma|Myanmar (Burma)
mn|MNG|Mongolia
mo|MAC|Macao|Macao Special Administrative Region of China|Macau|Macao SAR|Macau SAR
mp|MNP|Northern Mariana Islands|Commonwealth of the Northern Mariana Islands
mq|MTQ|Martinique
mr|MRT|Mauritania|Islamic Republic of Mauritania
ms|MSR|Montserrat
mt|MLT|Malta|Republic of Malta
mu|MUS|Mauritius|Republic of Mauritius
mv|MDV|Maldives|Republic of Maldives
mw|MWI|Malawi|Republic of Malawi
mx|MEX|Mexico|United Mexican States
my|MYS|Malaysia
mz|MOZ|Mozambique|Republic of Mozambique
na|NAM|Namibia|Republic of Namibia
nc|NCL|New Caledonia
ne|NER|Niger|Republic of the Niger
nf|NFK|Norfolk Island
ng|NGA|Nigeria|Federal Republic of Nigeria
ni|NIC|Nicaragua|Republic of Nicaragua
nl|NLD|Netherlands|Kingdom of the Netherlands|Netherlands, The|Holland
no|NOR|Norway|Kingdom of Norway
np|NPL|Nepal|Federal Democratic Republic of Nepal
nr|NRU|Nauru|Republic of Nauru
nu|NIU|Niue
nz|NZL|New Zealand
om|OMN|Oman|Sultanate of Oman
pa|PAN|Panama|Republic of Panama
pe|PER|Peru|Republic of Peru
pf|PYF|French Polynesia
pg|PNG|Papua New Guinea|Independent State of Papua New Guinea
ph|PHL|Philippines|Republic of the Philippines
pk|PAK|Pakistan|Islamic Republic of Pakistan
pl|POL|Poland|Republic of Poland
pm|SPM|Saint Pierre and Miquelon
pn|PCN|Pitcairn
pr|PRI|Puerto Rico
ps|PSE|Palestine, State of|the State of Palestine|Palestinian|Palestine|Palestinian Territories|Palestinian Territory|Occupied Palestinian Territory|West Bank|Gaza|Gaza Strip|Region: Gaza|Region: West Bank
pt|PRT|Portugal|Portuguese Republic
pw|PLW|Palau|Republic of Palau
py|PRY|Paraguay|Republic of Paraguay
qa|QAT|Qatar|State of Qatar
re|REU|Réunion|Reunion
ro|ROU|Romania
rs|SRB|Serbia|Republic of Serbia
ru|RUS|Russian Federation|Russia
rw|RWA|Rwanda|Rwandese Republic
sa|SAU|Saudi Arabia|Kingdom of Saudi Arabia|Saudi|KSA
sb|SLB|Solomon Islands
sc|SYC|Seychelles|Republic of Seychelles
sd|SDN|Sudan|Republic of the Sudan
se|SWE|Sweden|Kingdom of Sweden
sg|SGP|Singapore|Republic of Singapore
sh|SHN|Saint Helena, Ascension and Tristan da Cunha
si|SVN|Slovenia|Republic of Slovenia
sj|SJM|Svalbard and Jan Mayen
sk|SVK|Slovakia|Slovak Republic
sl|SLE|Sierra Leone|Republic of Sierra Leone
sm|SMR|San Marino|Republic of San Marino
sn|SEN|Senegal|Republic of Senegal
so|SOM|Somalia|Federal Republic of Somalia
sr|SUR|Suriname|Republic of Suriname
ss|SSD|South Sudan|Republic of South Sudan
st|STP|Sao Tome and Principe|Democratic Republic of Sao Tome and Principe|Sao Tome
sv|SLV|El Salvador|Republic of El Salvador
sx|SXM|Sint Maarten (Dutch part)
sy|SYR|Syrian Arab Republic|Syria
sz|SWZ|Eswatini|Kingdom of Eswatini|Swaziland
tc|TCA|Turks and Caicos Islands
td|TCD|Chad|Republic of Chad
tf|ATF|French Southern Territories
tg|TGO|Togo|Togolese Republic
th|THA|Thailand|Kingdom of Thailand
tj|TJK|Tajikistan|Republic of Tajikistan
tk|TKL|Tokelau
tl|TLS|Timor-Leste|Democratic Republic of Timor-Leste|East Timor
tm|TKM|Turkmenistan
tn|TUN|Tunisia|Republic of Tunisia
to|TON|Tonga|Kingdom of Tonga
tr|TUR|Türkiye|Republic of Türkiye|Turkey|Turkiye
tt|TTO|Trinidad and Tobago|Republic of Trinidad and Tobago|Trinidad & Tobago
tv|TUV|Tuvalu
tw|TWN|Taiwan, Province of China|Taiwan|Chinese Taipei|Taiwan, China|Taiwan ROC
tz|TZA|Tanzania, United Republic of|Tanzania|United Republic of Tanzania
ua|UKR|Ukraine
ug|UGA|Uganda|Republic of Uganda
um|UMI|United States Minor Outlying Islands
us|USA|United States|United States of America|U.S.A.|US|U.S.|America
uy|URY|Uruguay|Eastern Republic of Uruguay
uz|UZB|Uzbekistan|Republic of Uzbekistan
va|VAT|Holy See (Vatican City State)|Vatican|Vatican City
vc|VCT|Saint Vincent and the Grenadines|St Vincent and the Grenadines|St. Vincent and the Grenadines
ve|VEN|Venezuela, Bolivarian Republic of|Venezuela|Bolivarian Republic of Venezuela|Venezuela (Bolivarian Republic of)
vg|VGB|Virgin Islands, British|British Virgin Islands
vi|VIR|Virgin Islands, U.S.|Virgin Islands of the United States|US Virgin Islands|U.S. Virgin Islands
vn|VNM|Viet Nam|Vietnam|Socialist Republic of Viet Nam
vu|VUT|Vanuatu|Republic of Vanuatu
wf|WLF|Wallis and Futuna
ws|WSM|Samoa|Independent State of Samoa
ye|YEM|Yemen|Republic of Yemen
yt|MYT|Mayotte
za|ZAF|South Africa|Republic of South Africa
zm|ZMB|Zambia|Republic of Zambia
zw|ZWE|Zimbabwe|Republic of Zimbabwe
xk|Kosovo
`

var countryIndex = sync.OnceValue(func() map[string]string {
	idx := make(map[string]string, 1500)
	for _, line := range strings.Split(countryTable, "\n") {
		parts := strings.Split(line, "|")
		if len(parts) < 2 {
			continue
		}
		code := parts[0]
		idx[code] = code
		for _, n := range parts[1:] {
			if k := countryKey(n); k != "" {
				if _, taken := idx[k]; !taken {
					idx[k] = code
				}
			}
		}
	}
	return idx
})

// countryKey folds a country name for lookup: accents stripped, lower
// case, dots and apostrophes dropped, other punctuation as spaces, and the
// word "the" ignored, so "Bahamas, The", "U.S.A." and "Côte d'Ivoire" meet
// their table spellings.
func countryKey(s string) string {
	s = norm.NFKD.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r), r == '.', r == '\'', r == '’':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		if w != "the" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// countryCode maps a country name, alpha-2 or alpha-3 code as lists write
// it to a lower-case ISO 3166-1 alpha-2 code ("xk" for Kosovo), or "" when
// the value names no known country (regions, "undetermined").
func countryCode(name string) string {
	k := countryKey(name)
	if k == "" {
		return ""
	}
	if c, ok := countryIndex()[k]; ok {
		return c
	}
	k = strings.TrimPrefix(k, "region ")
	return countryIndex()[k]
}
