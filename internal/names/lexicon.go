package names

import "strings"

// This file holds the lexicons the normaliser uses. They are general
// knowledge of how names are written (scholarly abbreviations, legal forms,
// Chinese institutional vocabulary, place names), not data from any list.

// canonical maps a surface word (full form, plural, variant spelling or
// Web of Science / ISO 4 abbreviation) to the canonical token used for
// matching. A word whose canonical form differs from it and that is not a
// plain inflection is reported as an abbreviation in explanations.
var canonical = withEntries(map[string]string{
	// "Saint" as its abbreviation, which names and towns write as often
	// ("St. Louis", "Saint Louis"); "st" is also a street's, which weighs
	// little as an address word.
	"saint": "st", "sainte": "ste",
	// institutions
	"univ": "university", "universities": "university", "universite": "university", "universitat": "university", "universitaet": "university", "technische": "technical", "technischen": "technical", "universidad": "university", "universita": "university", "universiteit": "university", "uni": "university",
	"universidade": "university", "universitet": "university", "uniwersytet": "university", "univerzita": "university", "univerza": "university",
	"univerzitet": "university", "univerziteta": "university", "univerzitetu": "university", "sveuciliste": "university", "sveucilista": "university", "sveucilistu": "university",
	"uniwersytetu": "university", "univerzity": "university", "univerze": "university", "universitatii": "university",
	"universiti": "university", "universitas": "university", "universitesi": "university", "universitatea": "university",
	"universites": "university", "universidades": "university", "universitaten": "university",
	"inst": "institute", "institutes": "institute", "institution": "institute", "institutions": "institute", "instit": "institute", "institut": "institute", "instituto": "institute", "istituto": "institute",
	"instytut": "institute", "institutet": "institute", "institutt": "institute", "instituut": "institute",
	"coll": "college", "colleges": "college", "veterans": "veteran",
	"acad": "academy", "academies": "academy", "academia": "academy", "akad": "academy",
	"akademie": "academy", "akademia": "academy", "academie": "academy", "accademia": "academy", "akademi": "academy",
	"sch": "school", "schools": "school", "bus": "business", "busi": "business",
	"dept": "department", "dep": "department", "depts": "department", "departments": "department",
	"fac": "faculty", "faculties": "faculty", "fakultet": "faculty", "fakulteta": "faculty",
	"lab": "laboratory", "labs": "laboratory", "laboratories": "laboratory", "lab.": "laboratory", "labo": "laboratory",
	"ctr": "center", "cntr": "center", "centre": "center", "centres": "center", "centers": "center", "cent": "central",
	"centro": "center", "zentrum": "center", "centrum": "center",
	// German genitives ("Klinik für X des Universitätsklinikums Y",
	// "Abteilung des Instituts für Z").
	"instituts": "institute", "zentrums": "center", "krankenhauses": "hospital", "klinikums": "klinikum",
	"universitatsklinikums": "universitatsklinikum", "forschungszentrums": "forschungszentrum",
	"res": "research", "researches": "research",
	"grp": "group", "groups": "group",
	"div": "division", "divisions": "division",
	"gen": "general", "mem": "memorial", "reg": "regional", "dent": "dental",
	"pediatr": "pediatrics", "paediatr": "pediatrics", "pediatric": "pediatrics", "paediatric": "pediatrics", "paediatrics": "pediatrics",
	"pediatrico": "pediatrics", "pediatrica": "pediatrics", "pediatrique": "pediatrics", "pediatria": "pediatrics", "pediatrie": "pediatrics", "padiatrie": "pediatrics",
	"psychiatr": "psychiatry", "psychiatric": "psychiatry", "cardiol": "cardiology", "cardiovasc": "cardiovascular", "radiol": "radiology",
	"obstet": "obstetrics", "gynecol": "gynecology", "gynaecol": "gynecology", "gynaecology": "gynecology", "urol": "urology", "dermatol": "dermatology",
	"hosp": "hospital", "hospitals": "hospital", "hopital": "hospital", "ospedale": "hospital", "krankenhaus": "hospital",
	// Web of Science abbreviates French and Spanish words too ("Hop",
	// "Rech", "Nacl").
	"hop": "hospital", "rech": "recherche",
	"assoc": "association", "associations": "association",
	"soc": "society", "societies": "society",
	"fdn": "foundation", "fdtn": "foundation",
	"corp": "corporation", "corporations": "corporation",
	"co": "company", "cos": "company", "companies": "company", "cie": "company", "compagnie": "company",
	"intl": "international", "internat": "international", "int": "international",
	"natl": "national", "nat": "national", "nacl": "national", "nacional": "national", "nationale": "national", "nazionale": "national",
	"fed":  "federal",
	"govt": "government", "gov": "government",
	"minist": "ministry", "min": "mining", "ministries": "ministry",
	"adm": "administration", "admin": "administration",
	"bur": "bureau",
	"off": "office", "offices": "office",
	"agcy": "agency", "agencies": "agency",
	"cty":  "county",
	"prov": "province", "provincial": "province",
	"municipal": "municipality",
	"dist":      "district",
	"mfg":       "manufacturing",
	"ind":       "industry", "indust": "industry", "industries": "industry", "industrial": "industry",
	"tech": "technology", "technol": "technology", "technologies": "technology", "technological": "technology", "techn": "technology",
	"polytech": "polytechnic", "polytechn": "polytechnic", "polytechnical": "polytechnic", "politecnico": "polytechnic",
	"sci": "science", "sciences": "science", "scientific": "science", "scis": "science",
	"engn": "engineering", "eng": "engineering", "engineer": "engineering", "engineers": "engineering", "engr": "engineering",
	"aeronaut": "aeronautics", "aeronautical": "aeronautics", "aeronautic": "aeronautics",
	"astronaut": "astronautics", "astronautical": "astronautics", "astronautic": "astronautics",
	"aerosp": "aerospace",
	"aviat":  "aviation",
	"def":    "defense", "defence": "defense", "defensive": "defense",
	"mil":   "military",
	"elect": "electronics", "electr": "electronics", "electronic": "electronics", "elec": "electronics",
	"electrical": "electric", "elektr": "electric",
	"informat": "information", "inform": "information", "info": "information",
	"commun": "communication", "communications": "communication", "telecommun": "telecommunication", "telecommunications": "telecommunication",
	"med": "medicine", "medical": "medicine", "medicinal": "medicine",
	"phys": "physics", "physical": "physics",
	"chem": "chemistry", "chemical": "chemistry", "chemicals": "chemistry",
	"mech": "mechanics", "mechanical": "mechanics", "mechanic": "mechanics",
	"mat": "material", "mat.": "material", "mater": "material", "materials": "material",
	"comp": "computer", "comput": "computer", "computers": "computer", "computing": "computer", "computational": "computer",
	"nucl": "nuclear",
	"agr":  "agriculture", "agric": "agriculture", "agricultural": "agriculture",
	"environm": "environment", "environ": "environment", "environmental": "environment",
	"biol": "biology", "biological": "biology",
	"math": "mathematics", "maths": "mathematics", "mathematical": "mathematics",
	"econ": "economics", "economic": "economics", "economy": "economics",
	"stat": "statistics", "statistical": "statistics",
	"geol": "geology", "geological": "geology",
	"geog": "geography", "geographical": "geography",
	"oceanog": "oceanography", "oceanol": "oceanology",
	"astron": "astronomy", "astronomical": "astronomy",
	"opt": "optics", "optical": "optics",
	"precis":  "precision",
	"instrum": "instrument", "instruments": "instrument", "instrumentation": "instrument",
	"syst": "system", "systems": "system", "sys": "system",
	"automat": "automation", "autom": "automation",
	"energ": "energy", "energies": "energy",
	"power":     "power",
	"transport": "transportation", "transp": "transportation",
	"ocean": "ocean", "oceans": "ocean",
	"normal":      "normal",
	"aeronautics": "aeronautics", "astronautics": "astronautics",
	"key":        "key",
	"state":      "state",
	"peoples":    "people",
	"armed":      "armed",
	"forces":     "force",
	"equipments": "equipment", "equip": "equipment",
	"hldg": "holding", "hldgs": "holding", "holdings": "holding",
	"bros": "brothers",
	"mgmt": "management", "mgt": "management",
	"svc": "service", "svcs": "service", "services": "service",

	"invest": "investment", "investments": "investment",
	"trad":         "trading",
	"shipbldg":     "shipbuilding",
	"petr":         "petroleum",
	"organisation": "organization", "organisations": "organization", "org": "organization", "organizations": "organization",
	"programme": "program", "programmes": "program", "programs": "program",
	"labour":    "labor",
	"metallurg": "metallurgy", "metallurgical": "metallurgy",
	"northwestern": "northwest", "northeastern": "northeast", "southwestern": "southwest", "southeastern": "southeast",
	"northern": "north", "southern": "south", "eastern": "east", "western": "west", "central": "central",
	"no": "number", "nr": "number", "num": "number",
	"koninklijke": "royal", "koninklijk": "royal", "royale": "royal", "reale": "royal",
}, subjectAbbreviations)

// subjectAbbreviations are the Web of Science abbreviations of the
// subjects organisations are named after ("Natl Inst Hlth", "Mem Sloan
// Kettering Canc Ctr"). canonical holds them too, but their words are no
// institutional vocabulary: a subject names an organisation as much as
// any other word of its name (see genericWords). Abbreviations that are
// also towns' names ("Mol", "Genet", "Mus") are left out, as the
// gazetteer would read the subject's word as the town, and so are those
// that are names' own words ("Dev").
var subjectAbbreviations = map[string]string{
	"hlth": "health", "canc": "cancer", "biochem": "biochemistry",
	"biophys": "biophysics", "vet": "veterinary", "publ": "public", "clin": "clinical", "educ": "education",
	"biotechnol": "biotechnology", "biomed": "biomedical", "trop": "tropical", "infect": "infectious",
	"dis": "diseases", "anim": "animal", "geophys": "geophysics", "astrophys": "astrophysics",
	"observ": "observatory", "hist": "history", "pharmaceut": "pharmaceutical",
	"pharmacol": "pharmacology", "psychiat": "psychiatry", "psychol": "psychology", "neurosci": "neuroscience",
	"surg": "surgery", "pediat": "pediatrics", "oncol": "oncology", "immunol": "immunology",
	"microbiol": "microbiology", "physiol": "physiology", "pathol": "pathology", "epidemiol": "epidemiology",
	"ecol": "ecology", "zool": "zoology", "nutr": "nutrition", "sociol": "sociology", "anthropol": "anthropology",
	"philos": "philosophy", "rehabil": "rehabilitation", "ophthalmol": "ophthalmology",
	"aerodynam": "aerodynamics", "transportat": "transportation",
}

// withEntries returns m with more's entries added: canonical and
// legalForms hold the words of tables kept apart for what else reads them
// (subjectAbbreviations, koreanLegalForms).
func withEntries(m map[string]string, more map[string]string) map[string]string {
	for k, v := range more {
		m[k] = v
	}
	return m
}

// stopwords carry no identity and are dropped from name tokens.
var stopwords = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "in": true, "at": true, "on": true, "to": true,
	"de": true, "degli": true, "studi": true, "di": true, "da": true, "do": true, "dos": true, "del": true, "della": true, "alla": true, "nella": true, "dalla": true, "sulla": true, "que": true, "des": true, "du": true, "la": true, "le": true, "les": true,
	"et": true, "und": true, "der": true, "die": true, "das": true, "fur": true, "fuer": true, "an": true, "zu": true, "zum": true, "zur": true,
	"voor": true, "het": true,
}

// legalForms are words and multi-word phrases that mark a company's legal
// form. They are kept as low-weight tokens so that "Siemens AG" and
// "Siemens Aktiengesellschaft" meet, without inflating scores.
var legalForms = withEntries(map[string]string{
	"ltd": "limited", "limited": "limited", "ltda": "limited",
	"inc": "incorporated", "incorporated": "incorporated",
	"corporation": "corporation",
	"company":     "company",
	"llc":         "llc", "llp": "llp", "lp": "lp", "plc": "plc", "pllc": "llc",
	"gmbh": "gmbh", "mbh": "gmbh",
	"ag": "ag", "aktiengesellschaft": "ag",
	"kg": "kg", "kgaa": "kg", "ohg": "ohg", "se": "se",
	"sa": "sa", "sas": "sas", "sarl": "sarl", "sl": "sl", "srl": "srl", "spa": "spa", "sau": "sa",
	"bv": "bv", "nv": "nv", "ab": "ab", "as": "as", "asa": "as", "oy": "oy", "oyj": "oy",
	"jsc": "jsc", "ojsc": "jsc", "pjsc": "jsc", "cjsc": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "ooo": "llc", "tov": "llc",
	"pte": "pte", "pty": "pty", "bhd": "bhd", "sdn": "sdn", "kk": "kk", "tbk": "tbk",
	"holding":     "holding",
	"group":       "group",
	"cooperative": "cooperative",
	"partnership": "partnership",
}, koreanLegalForms)

// koreanLegalForms are the Korean corporate statuses written before a name
// ("학교법인 …": school corporation), with the legal form each is; legalForms
// holds them, and spaceKoreanLegal reads them apart when they are run into
// the name.
var koreanLegalForms = map[string]string{
	"주식회사": "incorporated", "유한회사": "limited", "재단법인": "incorporated", "사단법인": "incorporated",
	"학교법인": "incorporated", "사회복지법인": "incorporated", "의료법인": "incorporated", "특수법인": "incorporated",
}

// legalPhrases are multi-word legal forms, matched on normalised text
// before tokenising, longest first.
var legalPhrases = []struct{ phrase, form string }{
	{"gesellschaft mit beschrankter haftung", "gmbh"},
	{"societas europaea", "se"},
	{"naamloze vennootschap", "nv"},
	{"besloten vennootschap", "bv"},
	{"s e", "se"},
	{"societe anonyme", "sa"},
	{"sociedad anonima", "sa"},
	{"societa per azioni", "spa"},
	{"public limited company", "plc"},
	{"limited liability company", "llc"},
	{"limited liability partnership", "llp"},
	{"joint stock company", "jsc"},
	{"open joint stock company", "jsc"},
	{"closed joint stock company", "jsc"},
	{"public joint stock company", "jsc"},
	{"private limited", "limited"},
	{"co ltd", "limited"},
	{"s a", "sa"},
	{"s p a", "spa"},
	{"b v", "bv"},
	{"n v", "nv"},
	{"s r l", "srl"},
	{"s de r l", "srl"},
	{"s a s", "sas"},
	{"de c v", ""},
}

// hanTerms maps Chinese institutional vocabulary to concept tokens shared
// with English names. Segmentation takes the longest term that matches.
var hanTerms = withJapaneseLegalForms(map[string][]string{
	"大学": {"university"}, "学院": {"college"}, "学校": {"school"}, "院校": {"college"},
	"研究院": {"research", "institute"}, "研究所": {"research", "institute"}, "研究中心": {"research", "center"},
	"科学院": {"academy", "science"}, "工程院": {"academy", "engineering"}, "社会科学院": {"academy", "social", "science"},
	"科学": {"science"}, "技术": {"technology"}, "科技": {"science", "technology"}, "工程": {"engineering"},
	"理工": {"ligong", "technology"}, "工业": {"industry"}, "工学": {"engineering"},
	"中国": {"china"}, "中华": {"china"}, "人民": {"people"}, "共和国": {"republic"},
	"解放军": {"liberation", "army"}, "国防": {"national", "defense"}, "国家": {"national"}, "国立": {"national"}, "全国": {"national"},
	"军事": {"military"}, "军队": {"military"}, "军": {"military"}, "陆军": {"army"}, "海军": {"navy"}, "空军": {"air", "force"},
	"火箭军": {"rocket", "force"}, "武警": {"armed", "police"}, "武装警察": {"armed", "police"}, "警察": {"police"}, "公安": {"public", "security"},
	"战略支援部队": {"strategic", "support", "force"}, "部队": {"force"}, "指挥": {"command"}, "后勤": {"logistics"}, "装备": {"equipment"},
	"航空": {"aeronautics"}, "航天": {"astronautics"}, "航空航天": {"aeronautics", "astronautics"}, "宇航": {"astronautics"},
	"电子": {"electronics"}, "电气": {"electric"}, "电力": {"electric", "power"}, "信息": {"information"}, "通信": {"communication"}, "通讯": {"communication"},
	"邮电": {"posts", "telecommunication"}, "电信": {"telecommunication"},
	"实验室": {"laboratory"}, "重点": {"key"}, "重点实验室": {"key", "laboratory"}, "中心": {"center"}, "系": {"department"},
	"研究": {"research"}, "所": {"institute"}, "院": {"institute"}, "室": {"office"}, "部": {"department"},
	"医院": {"hospital"}, "医科": {"medicine"}, "医学": {"medicine"}, "医药": {"medicine"}, "中医药": {"traditional", "china", "medicine"}, "中医": {"traditional", "china", "medicine"},
	"师范": {"normal"}, "农业": {"agriculture"}, "林业": {"forestry"}, "财经": {"finance", "economics"}, "经济": {"economics"}, "政法": {"political", "science", "law"},
	"外国语": {"foreign", "studies"}, "体育": {"sport"}, "艺术": {"art"}, "音乐": {"music"}, "交通": {"jiaotong"}, "石油": {"petroleum"}, "地质": {"geoscience"},
	"海洋": {"ocean"}, "天文": {"astronomy"}, "天文台": {"astronomy", "observatory"}, "矿业": {"mining"}, "船舶": {"shipbuilding"}, "兵器": {"ordnance"}, "核": {"nuclear"}, "核工业": {"nuclear", "industry"},
	"物理": {"physics"}, "化学": {"chemistry"}, "化工": {"chemistry", "technology"}, "材料": {"material"}, "计算": {"computer"}, "计算机": {"computer"},
	"光学": {"optics"}, "光电": {"optoelectronics"}, "激光": {"laser"}, "雷达": {"radar"}, "导弹": {"missile"}, "火箭": {"rocket"}, "卫星": {"satellite"}, "兵器工业": {"ordnance", "industry"}, "精密": {"precision"}, "机械": {"mechanics"}, "力学": {"mechanics"}, "动力": {"power"}, "能源": {"energy"}, "环境": {"environment"},
	"自动化": {"automation"}, "控制": {"control"}, "系统": {"system"}, "仪器": {"instrument"}, "数学": {"mathematics"}, "生物": {"biology"},
	"集团": {"group"}, "总公司": {"corporation"}, "公司": {"company"}, "有限公司": {"limited"}, "有限责任公司": {"limited"}, "股份有限公司": {"limited"}, "股份": {"shares"},
	"控股": {"holding"}, "责任": {"liability"}, "分公司": {"branch"}, "国际": {"international"}, "贸易": {"trading"}, "投资": {"investment"},
	"第": {}, "和": {}, "与": {}, "及": {}, "的": {},
	"分院": {"branch"}, "校区": {"campus"}, "分校": {"branch", "campus"},
	"东北": {"northeast"}, "西北": {"northwest"}, "东南": {"southeast"}, "西南": {"southwest"}, "华东": {"east", "china"}, "华南": {"south", "china"},
	"华北": {"north", "china"}, "华中": {"central", "china"}, "中南": {"central", "south"},
	"东": {"east"}, "西": {"west"}, "南": {"south"}, "北": {"north"}, "中": {"central"},
	"省": {"province"}, "市": {"city"}, "区": {"district"}, "县": {"county"}, "路": {"road"}, "号": {"number"},
})

// japaneseLegalForms are the corporate statuses Japanese organisations
// write before their names ("国立大学法人東京大学": the national university
// corporation The University of Tokyo), as written.
var japaneseLegalForms = []string{
	"国立大学法人", "公立大学法人", "学校法人", "独立行政法人", "地方独立行政法人", "国立研究開発法人",
	"大学共同利用機関法人", "公益財団法人", "一般財団法人", "公益社団法人", "一般社団法人", "社会福祉法人",
	"医療法人", "医療法人社団", "医療法人財団", "社会医療法人", "特定非営利活動法人", "株式会社", "有限会社", "合同会社",
}

// withJapaneseLegalForms returns m with each of japaneseLegalForms, as
// Normalize writes it, read as one legal-form word: split into the
// lexicon's words instead ("国立", "大学", "法人东京"), a status ran into
// the name after it and took the words of other universities.
func withJapaneseLegalForms(m map[string][]string) map[string][]string {
	for _, w := range japaneseLegalForms {
		m[strings.ReplaceAll(Normalize(w), " ", "")] = []string{"incorporated"}
	}
	return m
}

// hanSubunits end a sub-unit (school, department, laboratory) that follows
// an institution's own name; such tails are peeled off as department text.
var hanSubunits = []string{"学院", "院", "系", "实验室", "研究所", "研究院", "研究中心", "中心", "医院", "分院", "所", "部", "室",
	"基地", "大队", "队", "站", "科", "处", "团", "组", "厂", "馆", "校区", "分校", "分院", "天文台"}

// cjkUnitWords end a unit in Japanese ("大学院理学系研究科", "医学部附属病院";
// a major, "機械工学専攻", a field, "内科学分野", a course) and Korean
// ("공과대학", "의과대학"; a department, "화학과", or a clinical one, "내과",
// "외과", all ending in 과, and a medical school's, "내과학교실"; a major,
// "물리학전공") affiliations, besides hanSubunits. "연구단" is left out:
// the registry names research centres so.
var cjkUnitWords = []string{"研究科", "学部", "学科", "研究室", "教室", "講座", "部門", "病院", "センター", "専攻", "分野", "コース",
	"대학", "대학원", "학부", "연구소", "연구원", "병원", "센터", "연구실", "과", "교실", "전공", "연구팀", "실험실"}

// hanHeads end an institution's own name.
var hanHeads = []string{"大学", "科学院", "工程院", "学院", "研究院", "研究所", "集团", "公司", "总公司", "集团公司", "医院", "院", "所", "天文台"}

// hanPlaces gives conventional romanisations of Chinese place and
// institution names whose usual English spelling is not plain pinyin, or
// whose characters have several readings.
var hanPlaces = map[string][]string{
	"哈尔滨": {"harbin"}, "西安": {"xian"}, "陕西": {"shaanxi"}, "山西": {"shanxi"}, "内蒙古": {"inner", "mongolia"},
	"香港": {"hong", "kong"}, "澳门": {"macau"}, "西藏": {"tibet"}, "重庆": {"chongqing"}, "长沙": {"changsha"},
	"长春": {"changchun"}, "厦门": {"xiamen"}, "蚌埠": {"bengbu"}, "乐山": {"leshan"}, "台湾": {"taiwan"},
	"北京": {"beijing"}, "上海": {"shanghai"}, "天津": {"tianjin"}, "南京": {"nanjing"}, "武汉": {"wuhan"}, "成都": {"chengdu"},
	"广州": {"guangzhou"}, "深圳": {"shenzhen"}, "杭州": {"hangzhou"}, "合肥": {"hefei"}, "大连": {"dalian"}, "沈阳": {"shenyang"},
	"济南": {"jinan"}, "青岛": {"qingdao"}, "绵阳": {"mianyang"}, "郑州": {"zhengzhou"}, "兰州": {"lanzhou"}, "太原": {"taiyuan"},
	"昆明": {"kunming"}, "贵阳": {"guiyang"}, "南昌": {"nanchang"}, "福州": {"fuzhou"}, "石家庄": {"shijiazhuang"}, "苏州": {"suzhou"},
	"无锡": {"wuxi"}, "宁波": {"ningbo"}, "洛阳": {"luoyang"}, "珠海": {"zhuhai"}, "威海": {"weihai"}, "烟台": {"yantai"},
	"湖南": {"hunan"}, "湖北": {"hubei"}, "河南": {"henan"}, "河北": {"hebei"}, "山东": {"shandong"}, "江苏": {"jiangsu"},
	"浙江": {"zhejiang"}, "安徽": {"anhui"}, "福建": {"fujian"}, "江西": {"jiangxi"}, "广东": {"guangdong"}, "广西": {"guangxi"},
	"四川": {"sichuan"}, "贵州": {"guizhou"}, "云南": {"yunnan"}, "甘肃": {"gansu"}, "青海": {"qinghai"}, "宁夏": {"ningxia"},
	"新疆": {"xinjiang"}, "辽宁": {"liaoning"}, "吉林": {"jilin"}, "黑龙江": {"heilongjiang"}, "海南": {"hainan"},
	"清华": {"tsinghua"}, "北京大学": {"beijing", "university"}, "中山大学": {"sun", "yat", "sen", "university"},
	"南开": {"nankai"}, "复旦": {"fudan"}, "同济": {"tongji"}, "浙大": {"zhejiang", "university"}, "北航": {"beihang"},
	"西电": {"xidian"}, "哈工大": {"harbin", "institute", "technology"}, "国防科大": {"national", "university", "defense", "technology"},
	"中科院": {"china", "academy", "science"}, "中国科学院": {"china", "academy", "science"}, "中国工程物理研究院": {"china", "academy", "engineering", "physics"},
}

// equivalents are spellings of one name that should meet: historic
// romanisations, conventional English forms, and translations that are not
// word-for-word. Each group's first member is the canonical token.
var equivalents = [][]string{
	{"beijing", "peking"}, {"tsinghua", "qinghua"}, {"guangzhou", "canton"}, {"xiamen", "amoy"},
	{"harbin", "haerbin"}, {"suzhou", "soochow"}, {"jiaotong", "chiaotung"},
	{"xian", "sian"}, {"nanjing", "nanking"}, {"chongqing", "chungking"}, {"tianjin", "tientsin"},
	{"china", "chinese", "prc", "zhongguo"}, {"defense", "defence"},
	// A possessive written without its apostrophe ("Childrens Hospital") or
	// left out ("Children Hospital") is the same word.
	{"children", "childrens"}, {"women", "womens"},
	// Cities written in English, in their own language or under a former
	// name ("University of Lisbon" for "Universidade de Lisboa",
	// "IIT Chennai" for "Indian Institute of Technology Madras"). Names
	// that would make two institutions one are left out ("Louvain" and
	// "Leuven" are two universities' towns).
	{"lisbon", "lisboa"}, {"munich", "munchen"}, {"cologne", "koln"}, {"vienna", "wien"},
	{"rome", "roma"}, {"milan", "milano"}, {"florence", "firenze"}, {"naples", "napoli"},
	{"turin", "torino"}, {"venice", "venezia"}, {"genoa", "genova"}, {"copenhagen", "kobenhavn"},
	{"gothenburg", "goteborg"}, {"seville", "sevilla"}, {"moscow", "moskva"}, {"warsaw", "warszawa"},
	{"belgrade", "beograd"}, {"bucharest", "bucuresti"}, {"krakow", "cracow"}, {"geneva", "geneve", "genf"},
	{"nuremberg", "nurnberg"}, {"hanover", "hannover"}, {"lucerne", "luzern"}, {"basel", "bale"},
	{"kyiv", "kiev"}, {"kharkiv", "kharkov"}, {"odesa", "odessa"}, {"lviv", "lvov"},
	{"mumbai", "bombay"}, {"chennai", "madras"}, {"kolkata", "calcutta"}, {"bengaluru", "bangalore"},
	{"thiruvananthapuram", "trivandrum"}, {"yangon", "rangoon"},
}

// related are words that often translate one another in institution names
// without being the same word ("State Key Laboratory" for 国家重点实验室,
// "Institute" for 学院). The matcher aligns them with a reduced similarity.
var related = [][2]string{
	{"national", "state"}, {"technology", "polytechnic"}, {"technology", "technical"}, {"college", "institute"}, {"college", "school"},
	{"college", "university"},
	{"academy", "institute"}, {"corporation", "company"}, {"corporation", "group"}, {"company", "group"},
}

// demonyms pair a country's or region's name with the adjective formed
// from it, which name one another's institutions ("Belarus State
// University" for "Belarusian State University"). The matcher aligns them
// as it does related words; unlike those, they stay distinctive words.
var demonyms = [][2]string{
	{"afghanistan", "afghan"}, {"albania", "albanian"}, {"algeria", "algerian"}, {"america", "american"}, {"argentina", "argentine"},
	{"armenia", "armenian"}, {"australia", "australian"}, {"austria", "austrian"}, {"azerbaijan", "azerbaijani"}, {"bangladesh", "bangladeshi"},
	{"belarus", "belarusian"}, {"belgium", "belgian"}, {"bolivia", "bolivian"}, {"bosnia", "bosnian"}, {"brazil", "brazilian"},
	{"britain", "british"}, {"bulgaria", "bulgarian"}, {"cambodia", "cambodian"}, {"cameroon", "cameroonian"}, {"canada", "canadian"},
	{"chile", "chilean"}, {"colombia", "colombian"}, {"croatia", "croatian"}, {"cuba", "cuban"}, {"cyprus", "cypriot"},
	{"denmark", "danish"}, {"ecuador", "ecuadorian"}, {"egypt", "egyptian"}, {"estonia", "estonian"}, {"ethiopia", "ethiopian"},
	{"europe", "european"}, {"finland", "finnish"}, {"france", "french"}, {"georgia", "georgian"}, {"germany", "german"},
	{"ghana", "ghanaian"}, {"greece", "greek"}, {"hungary", "hungarian"}, {"iceland", "icelandic"}, {"india", "indian"},
	{"indonesia", "indonesian"}, {"iran", "iranian"}, {"iraq", "iraqi"}, {"ireland", "irish"}, {"israel", "israeli"},
	{"italy", "italian"}, {"japan", "japanese"}, {"jordan", "jordanian"}, {"kazakhstan", "kazakh"}, {"kenya", "kenyan"},
	{"korea", "korean"}, {"kyrgyzstan", "kyrgyz"}, {"latvia", "latvian"}, {"lebanon", "lebanese"}, {"libya", "libyan"},
	{"lithuania", "lithuanian"}, {"malaysia", "malaysian"}, {"mexico", "mexican"}, {"moldova", "moldovan"}, {"mongolia", "mongolian"},
	{"morocco", "moroccan"}, {"nepal", "nepalese"}, {"netherlands", "dutch"}, {"nigeria", "nigerian"}, {"norway", "norwegian"},
	{"pakistan", "pakistani"}, {"peru", "peruvian"}, {"philippines", "philippine"}, {"poland", "polish"}, {"portugal", "portuguese"},
	{"romania", "romanian"}, {"russia", "russian"}, {"scotland", "scottish"}, {"serbia", "serbian"}, {"slovakia", "slovak"},
	{"slovenia", "slovenian"}, {"spain", "spanish"}, {"sudan", "sudanese"}, {"sweden", "swedish"}, {"switzerland", "swiss"},
	{"syria", "syrian"}, {"taiwan", "taiwanese"}, {"tajikistan", "tajik"}, {"thailand", "thai"}, {"tunisia", "tunisian"},
	{"turkey", "turkish"}, {"uganda", "ugandan"}, {"ukraine", "ukrainian"}, {"uzbekistan", "uzbek"}, {"venezuela", "venezuelan"},
	{"vietnam", "vietnamese"}, {"wales", "welsh"}, {"yemen", "yemeni"}, {"zambia", "zambian"}, {"zimbabwe", "zimbabwean"},
}

// nicknames maps familiar forms of given names to the formal name, and
// the abbreviations of a saint's title to the title ("St. Mary's" for
// "Saint Mary's") and of a mount's or fort's to the word ("Mt. Sinai",
// "Ft. Collins").
var nicknames = map[string]string{
	"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
	"bill": "william", "will": "william", "billy": "william", "willy": "william", "liam": "william",
	"bob": "robert", "rob": "robert", "bobby": "robert", "robbie": "robert", "bert": "robert",
	"jim": "james", "jimmy": "james", "jamie": "james", "dick": "richard", "rick": "richard", "rich": "richard", "richie": "richard",
	"mike": "michael", "mick": "michael", "mickey": "michael", "tom": "thomas", "tommy": "thomas",
	"tony": "anthony", "andy": "andrew", "drew": "andrew", "dave": "david", "davy": "david", "steve": "stephen", "steven": "stephen",
	"joe": "joseph", "joey": "joseph", "jack": "john", "johnny": "john", "jon": "john", "chris": "christopher", "kit": "christopher",
	"alex": "alexander", "sasha": "alexander", "sandy": "alexander", "al": "albert", "ed": "edward", "eddie": "edward", "ted": "edward", "ned": "edward",
	"ben": "benjamin", "benny": "benjamin", "dan": "daniel", "danny": "daniel", "matt": "matthew", "nick": "nicholas", "pete": "peter",
	"sam": "samuel", "fred": "frederick", "freddie": "frederick", "greg": "gregory", "harry": "henry", "hank": "henry", "larry": "lawrence",
	"len": "leonard", "leo": "leonard", "pat": "patrick", "paddy": "patrick", "phil": "philip", "ray": "raymond", "ron": "ronald", "ronnie": "ronald",
	"tim": "timothy", "vince": "vincent", "walt": "walter", "charlie": "charles", "chuck": "charles", "doug": "douglas", "gene": "eugene",
	"jerry": "gerald", "ken": "kenneth", "kenny": "kenneth", "don": "donald", "frank": "francis", "geoff": "geoffrey", "jeff": "jeffrey",
	"kate": "katherine", "katie": "katherine", "kathy": "katherine", "cathy": "katherine", "catherine": "katherine", "liz": "elizabeth",
	"beth": "elizabeth", "betty": "elizabeth", "lizzie": "elizabeth", "eliza": "elizabeth", "maggie": "margaret", "meg": "margaret", "peggy": "margaret",
	"jenny": "jennifer", "jen": "jennifer", "sue": "susan", "susie": "susan", "becky": "rebecca", "debbie": "deborah", "deb": "deborah",
	"patty": "patricia", "trish": "patricia", "mandy": "amanda", "abby": "abigail", "annie": "anne", "ann": "anne", "nancy": "anne",
	"vicky": "victoria", "tori": "victoria", "sally": "sarah", "sara": "sarah", "molly": "mary", "polly": "mary", "jo": "josephine",
	"misha": "mikhail", "kolya": "nikolai", "volodya": "vladimir", "vova": "vladimir", "dima": "dmitry", "seryozha": "sergei", "sergey": "sergei",
	"vanya": "ivan", "petya": "pyotr", "yura": "yuri", "kostya": "konstantin", "lyosha": "alexei", "alyosha": "alexei", "zhenya": "yevgeny", "pasha": "pavel",
}

// countryNames maps country names and their common variants, as they
// appear in affiliations and addresses, to ISO 3166-1 alpha-2 codes.
var countryNames = withAllCountries(map[string]string{
	"china": "cn", "peoples r china": "cn", "people s republic of china": "cn", "peoples republic of china": "cn", "pr china": "cn", "p r china": "cn", "prc": "cn", "mainland china": "cn", "中国": "cn",
	"hong kong": "hk", "hong kong sar": "hk", "hksar": "hk", "macau": "mo", "macao": "mo", "macau sar": "mo", "macao sar": "mo", "taiwan": "tw", "republic of china": "tw",
	"united states": "us", "usa": "us", "u s a": "us", "us": "us", "united states of america": "us", "america": "us",
	"united kingdom": "gb", "united kingdom of great britain and northern ireland": "gb", "uk": "gb", "england": "gb", "scotland": "gb", "wales": "gb", "northern ireland": "gb", "great britain": "gb", "britain": "gb",
	"russia": "ru", "russian federation": "ru", "iran": "ir", "islamic republic of iran": "ir", "north korea": "kp", "korea north": "kp", "dprk": "kp",
	"democratic people s republic of korea": "kp", "south korea": "kr", "korea south": "kr", "republic of korea": "kr", "korea": "kr",
	"japan": "jp", "germany": "de", "federal republic of germany": "de", "fed rep germany": "de", "west germany": "de", "east germany": "de", "german democratic republic": "de", "frg": "de", "gdr": "de", "ddr": "de", "france": "fr", "italy": "it", "spain": "es", "canada": "ca", "australia": "au", "india": "in", "pakistan": "pk",
	"syria": "sy", "iraq": "iq", "afghanistan": "af", "belarus": "by", "ukraine": "ua", "cuba": "cu", "venezuela": "ve", "myanmar": "mm", "burma": "mm",
	"netherlands": "nl", "the netherlands": "nl", "belgium": "be", "switzerland": "ch", "austria": "at", "sweden": "se", "norway": "no", "denmark": "dk",
	"finland": "fi", "poland": "pl", "czech republic": "cz", "czechia": "cz", "israel": "il", "turkey": "tr", "turkiye": "tr", "egypt": "eg",
	"saudi arabia": "sa", "united arab emirates": "ae", "uae": "ae", "singapore": "sg", "malaysia": "my", "thailand": "th", "vietnam": "vn", "viet nam": "vn",
	"indonesia": "id", "philippines": "ph", "brazil": "br", "mexico": "mx", "argentina": "ar", "chile": "cl", "south africa": "za", "nigeria": "ng",
	"kenya": "ke", "new zealand": "nz", "ireland": "ie", "portugal": "pt", "greece": "gr", "hungary": "hu", "romania": "ro", "serbia": "rs",
	"lebanon": "lb", "libya": "ly", "yemen": "ye", "sudan": "sd", "somalia": "so", "mali": "ml", "congo": "cg", "democratic republic of the congo": "cd",
	"kazakhstan": "kz", "uzbekistan": "uz", "georgia": "ge", "armenia": "am", "azerbaijan": "az", "bangladesh": "bd", "sri lanka": "lk", "nepal": "np",
	"qatar": "qa", "kuwait": "kw", "oman": "om", "bahrain": "bh", "jordan": "jo", "cyprus": "cy", "estonia": "ee", "latvia": "lv", "lithuania": "lt",
	"slovakia": "sk", "slovenia": "si", "croatia": "hr", "bulgaria": "bg", "luxembourg": "lu", "iceland": "is", "colombia": "co", "peru": "pe",
	"nicaragua": "ni", "eritrea": "er", "zimbabwe": "zw", "ethiopia": "et", "algeria": "dz", "morocco": "ma", "tunisia": "tn", "mongolia": "mn",
	// The names GeoNames, and so the registry, gives where CLDR's differ
	// ("Congo - Kinshasa", "St. Lucia"), and their common variants.
	"dr congo": "cd", "d r congo": "cd", "rd congo": "cd", "democratic republic of congo": "cd", "congo kinshasa": "cd", "republique democratique du congo": "cd",
	"congo republic": "cg", "republic of the congo": "cg", "republic of congo": "cg", "congo brazzaville": "cg",
	"ivory coast": "ci", "the gambia": "gm", "north macedonia": "mk", "republic of north macedonia": "mk", "palestine": "ps", "state of palestine": "ps",
	"saint lucia": "lc", "saint kitts and nevis": "kn", "saint vincent and the grenadines": "vc", "saint pierre and miquelon": "pm",
	"bonaire sint eustatius and saba": "bq",
	// Names in a country's other official languages, and formal names
	// in its own, that addresses write and CLDR's name in the country's
	// main language is not ("Česko" for "Česká republika").
	"belgique": "be", "belgien": "be", "suisse": "ch", "svizzera": "ch", "ceska republika": "cz", "slovenska republika": "sk",
	"luxemburg": "lu", "srbija": "rs", "中华人民共和国": "cn",
})

// cityNames are cities common in affiliations, mapped to their country. A
// segment that is only a city (and postcode) is address evidence.
var cityNames = map[string]string{
	"beijing": "cn", "shanghai": "cn", "tianjin": "cn", "chongqing": "cn", "harbin": "cn", "xian": "cn", "nanjing": "cn", "wuhan": "cn",
	"chengdu": "cn", "guangzhou": "cn", "shenzhen": "cn", "hangzhou": "cn", "hefei": "cn", "dalian": "cn", "shenyang": "cn", "changsha": "cn",
	"changchun": "cn", "jinan": "cn", "qingdao": "cn", "xiamen": "cn", "mianyang": "cn", "zhengzhou": "cn", "lanzhou": "cn", "taiyuan": "cn",
	"kunming": "cn", "guiyang": "cn", "nanchang": "cn", "fuzhou": "cn", "shijiazhuang": "cn", "suzhou": "cn", "wuxi": "cn", "ningbo": "cn",
	"luoyang": "cn", "zhuhai": "cn", "weihai": "cn", "yantai": "cn", "urumqi": "cn", "hohhot": "cn", "nanning": "cn", "haikou": "cn",
	"oxford": "gb", "manchester": "gb", "edinburgh": "gb", "moscow": "ru", "tehran": "ir", "pyongyang": "kp",
	"tokyo": "jp", "seoul": "kr", "paris": "fr", "berlin": "de", "taipei": "tw",
	// Cities written in their own language, where the registry's
	// gazetteer has the English name ("Munich").
	"munchen": "de", "koln": "de", "nurnberg": "de", "wien": "at", "milano": "it", "roma": "it", "napoli": "it",
	"firenze": "it", "torino": "it", "genova": "it", "venezia": "it", "praha": "cz", "warszawa": "pl", "krakow": "pl",
	"lisboa": "pt", "bruxelles": "be", "brussel": "be", "geneve": "ch", "kobenhavn": "dk", "goteborg": "se",
	"sevilla": "es", "moskva": "ru", "athina": "gr", "den haag": "nl",
}

// regionCountries are the states, provinces and territories that
// addresses in the United States (usStateNames), Canada and Australia name
// after the city, normalised, with their country.
var regionCountries = func() map[string]string {
	out := map[string]string{}
	for c, rs := range map[string][]string{
		"ca": {"ontario", "quebec", "british columbia", "alberta", "manitoba", "saskatchewan", "nova scotia", "new brunswick",
			"newfoundland", "prince edward island"},
		"au": {"new south wales", "queensland", "tasmania", "western australia", "south australia"},
	} {
		for _, r := range rs {
			out[r] = c
		}
	}
	for _, r := range usStateNames {
		out[r] = "us"
	}
	return out
}()

// usStateNames are the US states' and the District of Columbia's names,
// normalised, by their postal codes.
var usStateNames = map[string]string{
	"AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california", "CO": "colorado",
	"CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho",
	"IL": "illinois", "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
	"ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
	"MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada", "NH": "new hampshire", "NJ": "new jersey",
	"NM": "new mexico", "NY": "new york", "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
	"OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina", "SD": "south dakota",
	"TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington",
	"WV": "west virginia", "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
}

// USStateName returns the normalised name of the US state whose postal
// code is code ("CA" → "california"), or "".
func USStateName(code string) string { return usStateNames[code] }

// IsRegion reports whether a normalised phrase is a state or province
// that addresses name after the city ("california", "ontario").
func IsRegion(n string) bool {
	_, ok := regionCountries[n]
	return ok
}

// EndsRegion reports whether w is the last word (what follows the last
// space) of a phrase IsRegion knows: a phrase whose last word is not
// cannot be a region, which spares building the phrase.
func EndsRegion(w string) bool { return regionEnds[w] }

// EndsCountry is EndsRegion for the names CountryCode gives a code for.
func EndsCountry(w string) bool { return countryEnds[w] }

// regionEnds and countryEnds hold the last words of the keys of
// regionCountries and of the countryNames that have a code.
var regionEnds, countryEnds = func() (map[string]bool, map[string]bool) {
	r, c := map[string]bool{}, map[string]bool{}
	for k := range regionCountries {
		r[k[strings.LastIndexByte(k, ' ')+1:]] = true
	}
	for k, code := range countryNames {
		if code != "" {
			c[k[strings.LastIndexByte(k, ' ')+1:]] = true
		}
	}
	return r, c
}()

// IsRegionCode reports whether code, as written, is the postal
// abbreviation of a state, province or territory of the United States,
// Canada or Australia ("FL", "ON", "NSW"), which addresses write after the
// city. Only capitals count: most codes are also words ("OR", "ME").
func IsRegionCode(code string) bool {
	return usStateCodes[code] || otherRegionCodes[code] != ""
}

// RegionCodeIn reports whether code, in capitals, is the postal
// abbreviation of a state, province or territory of country, an ISO
// 3166-1 alpha-2 code in lower case ("us", "ca", "au"): "WA" is in the
// United States and in Australia.
func RegionCodeIn(code, country string) bool {
	if country == "us" {
		return usStateCodes[code]
	}
	return strings.Contains(otherRegionCodes[code], country)
}

// otherRegionCodes are the postal abbreviations of Canada's provinces
// and territories and Australia's states and territories, with the
// countries (space-separated) each is one of.
var otherRegionCodes = func() map[string]string {
	out := map[string]string{}
	for country, codes := range map[string]string{"ca": "AB BC MB NB NL NS NT NU ON PE QC SK YT", "au": "ACT NSW NT QLD SA TAS VIC WA"} {
		for _, c := range strings.Fields(codes) {
			out[c] = strings.TrimSpace(out[c] + " " + country)
		}
	}
	return out
}()

// usStateCodes are the postal codes of the United States' states and
// the District of Columbia (usStateNames' keys).
var usStateCodes = func() map[string]bool {
	out := make(map[string]bool, len(usStateNames))
	for c := range usStateNames {
		out[c] = true
	}
	return out
}()
